using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using VideoRegistry.Core.Probing;

namespace VideoRegistry.Probing.Reach;

/// <summary>
/// One TCP (optionally TLS) connection of a probe with a pooled read buffer. Async all the way: a probe that
/// waits costs no thread, so thousands can be in flight.
/// </summary>
internal sealed class ReachConnection : IAsyncDisposable
{
    private const int InitialBuffer = 4096;
    private readonly Stream stream;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int filled;

    private ReachConnection(Stream stream)
    {
        this.stream = stream;
    }

    public static async Task<ReachConnection> OpenAsync(string host, int port, bool tls, ReachProbeOptions options, ProbeClock clock)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            var dnsToken = clock.Begin("DNS 解析 lookup", options.ConnectTimeout);
            addresses = await Dns.GetHostAddressesAsync(host, dnsToken);
            if (addresses.Length == 0)
            {
                throw new ReachProbeException(ProbeReason.Dns, $"域名无地址 host '{host}' has no address");
            }
        }

        var token = clock.Begin("TCP 连接 connect", options.ConnectTimeout);
        var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses[0], port, token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = ssl;
            try
            {
                var tlsToken = clock.Begin("TLS 握手 handshake", options.ConnectTimeout);
                var auth = new SslClientAuthenticationOptions { TargetHost = host };
                if (!options.ValidateTlsCertificates)
                {
                    auth.RemoteCertificateValidationCallback = CameraCertificates.AcceptAny;
                }

                await ssl.AuthenticateAsClientAsync(auth, tlsToken);
            }
            catch
            {
                await ssl.DisposeAsync();
                throw;
            }
        }

        return new ReachConnection(stream);
    }

    public async Task SendAsync(string request, CancellationToken cancellationToken)
    {
        var length = Encoding.UTF8.GetByteCount(request);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(request, bytes);
            await stream.WriteAsync(bytes.AsMemory(0, written), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await stream.WriteAsync(bytes, cancellationToken);

    /// <summary>Reads one RTSP response and its body. Throws <see cref="ReachProbeException"/> (protocol) on garbage or early close.</summary>
    public async Task<(RtspResponse Response, string Body)> ReadRtspResponseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = RtspResponseParser.TryParse(buffer.AsSpan(0, filled), out var response, out var headerLength);
            switch (status)
            {
                case RtspParseStatus.NotRtsp:
                    throw new ReachProbeException(ProbeReason.Protocol, $"不是 RTSP 应答 answer is not RTSP: '{RtspResponseParser.Excerpt(buffer.AsSpan(0, filled))}'");
                case RtspParseStatus.Malformed:
                    throw new ReachProbeException(ProbeReason.Protocol, "RTSP 应答格式错误 malformed RTSP response");
                case RtspParseStatus.Complete:
                    var bodyLength = response!.ContentLength;
                    await FillAsync(headerLength + bodyLength, cancellationToken);
                    var body = bodyLength == 0 ? string.Empty : Encoding.UTF8.GetString(buffer, headerLength, bodyLength);
                    Consume(headerLength + bodyLength);
                    return (response, body);
                default:
                    await ReadMoreAsync(RtspResponseParser.MaxHeaderBytes + 1, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered; returns them.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        await FillAsync(count, cancellationToken);
        return buffer.AsMemory(0, count);
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        var b = buffer;
        buffer = [];
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private async Task FillAsync(int count, CancellationToken cancellationToken)
    {
        while (filled < count)
        {
            await ReadMoreAsync(count, cancellationToken);
        }
    }

    private async Task ReadMoreAsync(int limit, CancellationToken cancellationToken)
    {
        if (filled == buffer.Length)
        {
            if (buffer.Length >= limit)
            {
                throw new ReachProbeException(ProbeReason.Protocol, "应答过大 response too large");
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, Math.Max(limit, InitialBuffer)));
            buffer.AsSpan(0, filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
        if (read == 0)
        {
            throw new ReachProbeException(
                ProbeReason.Protocol,
                filled == 0 ? "连接被对方关闭 connection closed without an answer" : "应答不完整 connection closed mid-response");
        }

        filled += read;
    }

    private void Consume(int count)
    {
        buffer.AsSpan(count, filled - count).CopyTo(buffer);
        filled -= count;
    }
}
