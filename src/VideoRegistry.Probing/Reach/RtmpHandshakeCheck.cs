using System.Buffers;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Probing.Reach;

/// <summary>L1 for RTMP: TCP connect, send C0 (version 3) + C1, expect S0 = 3 and a full S1 within the response deadline.</summary>
internal static class RtmpHandshakeCheck
{
    private const int HandshakeSize = 1536;

    public static async Task<ProbeResult> ProbeAsync(StreamEndpoint endpoint, ReachProbeOptions options, ProbeClock clock)
    {
        await using var connection = await ReachConnection.OpenAsync(endpoint.Host, endpoint.Port, tls: false, options, clock);
        var c0c1 = ArrayPool<byte>.Shared.Rent(1 + HandshakeSize);
        try
        {
            // C1 = time (4 bytes) + zero (4 bytes) + random; zeros are accepted by every server we know and cost nothing.
            c0c1.AsSpan(0, 1 + HandshakeSize).Clear();
            c0c1[0] = 3;
            var token = clock.Begin("RTMP 握手 handshake", options.ResponseTimeout);
            await connection.SendAsync(c0c1.AsMemory(0, 1 + HandshakeSize), token);
            var s0 = await connection.ReadExactlyAsync(1, token);
            if (s0.Span[0] != 3)
            {
                return RtspReachProber.Fail(ProbeReason.Protocol, $"RTMP S0 版本错误 version {s0.Span[0]}, expected 3");
            }

            await connection.ReadExactlyAsync(1 + HandshakeSize, token);
            return ProbeResult.Success(ProbeTier.Reach, TimeSpan.Zero, new StreamFacts { FramesArrived = false }, "RTMP handshake S0 v3 + S1");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(c0c1);
        }
    }
}
