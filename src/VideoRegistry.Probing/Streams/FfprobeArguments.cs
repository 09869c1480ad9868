using System.Globalization;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Probing.Streams;

/// <summary>
/// Builds the ffprobe command line for one L2 probe. Pure: no I/O, so the exact flags are unit-tested. The URL (with
/// credentials, which ffmpeg sends only after a challenge) is the last argument and goes to the process only; the
/// argument list is never logged. Each scheme gets a protocol whitelist with only what it needs, so nothing a
/// server answers (a playlist, a redirect) can make ffprobe open file:, concat:, subfile:, data: or pipe:.
/// </summary>
public static class FfprobeArguments
{
    /// <summary>The protocols ffprobe may open for a stream scheme; null for a scheme that must never reach ffprobe.</summary>
    public static string? ProtocolWhitelist(string? scheme) => scheme?.ToLowerInvariant() switch
    {
        "rtsp" => "rtsp,rtp,tcp,udp",
        "rtsps" => "rtsp,rtsps,rtp,tcp,udp,tls",
        "http" or "https" => "http,https,tcp,tls",
        "rtmp" => "rtmp,tcp",
        _ => null,
    };

    public static bool IsRtsp(string scheme) => scheme is "rtsp" or "rtsps";

    /// <summary>
    /// The arguments for <paramref name="endpoint"/>. <paramref name="transport"/> is the RTSP lower transport
    /// (ignored for other schemes); <paramref name="ioTimeout"/> becomes ffprobe's own socket timeout.
    /// </summary>
    /// <exception cref="ArgumentException">The scheme is not whitelisted (callers check <see cref="ProtocolWhitelist"/> first).</exception>
    public static IReadOnlyList<string> Build(StreamEndpoint endpoint, StreamProbeOptions options, string transport, TimeSpan ioTimeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        var whitelist = ProtocolWhitelist(endpoint.Scheme)
            ?? throw new ArgumentException($"scheme '{endpoint.Scheme}' is not allowed to reach ffprobe", nameof(endpoint));

        var args = new List<string>(32) { "-hide_banner", "-v", "error" };
        var micros = Micros(ioTimeout);
        if (IsRtsp(endpoint.Scheme))
        {
            if (transport is not ("tcp" or "udp"))
            {
                throw new ArgumentException($"RTSP transport '{transport}' is not tcp or udp", nameof(transport));
            }

            // For the rtsp demuxer -timeout is the socket I/O timeout in microseconds (ffmpeg ≥ 5; formerly -stimeout).
            args.AddRange(["-rtsp_transport", transport, "-timeout", micros]);
        }
        else
        {
            // -rw_timeout is the generic protocol read/write timeout, in microseconds for http and rtmp alike.
            args.AddRange(["-rw_timeout", micros]);
        }

        // Packets of every stream count towards -read_intervals: with -select_streams v an audio-only camera would
        // never reach the count and ffprobe would read until killed. nb_read_packets per stream tells video apart.
        args.AddRange(
        [
            "-protocol_whitelist", whitelist,
            "-probesize", options.ProbeSize.ToString(CultureInfo.InvariantCulture),
            "-analyzeduration", Micros(options.AnalyzeDuration),
            "-read_intervals", "%+#" + options.PacketsToRead.ToString(CultureInfo.InvariantCulture),
            "-count_packets",
            "-show_streams",
            "-show_format",
            "-of", "json=compact=1",
            endpoint.ToUrlWithCredentials(),
        ]);
        return args;
    }

    private static string Micros(TimeSpan span) => ((long)Math.Max(0, span.TotalMicroseconds)).ToString(CultureInfo.InvariantCulture);
}
