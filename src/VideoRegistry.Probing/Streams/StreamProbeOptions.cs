using System.ComponentModel.DataAnnotations;

namespace VideoRegistry.Probing.Streams;

/// <summary>The L2 ffprobe stream probe (configuration section <c>Probing:Stream</c>).</summary>
public sealed class StreamProbeOptions
{
    public const string Section = "Probing:Stream";

    /// <summary>Whole probe when the caller gives no deadline; a caller's deadline wins. ffprobe is killed (whole tree) at it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// ffprobe's own socket I/O timeout (<c>-timeout</c> for rtsp, <c>-rw_timeout</c> for http/rtmp). It is clipped to
    /// three quarters of the deadline, so on a silent camera ffprobe gives up by itself and reports, before we kill it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan SocketTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>RTSP lower transport tried first: <c>tcp</c> (interleaved, passes NAT and firewalls) or <c>udp</c>.</summary>
    [Required]
    [RegularExpression("^(tcp|udp)$")]
    public string Transport { get; set; } = "tcp";

    /// <summary>Retry an RTSP probe once over UDP when TCP fails with a server or protocol error (cameras without interleaving).</summary>
    public bool UdpFallback { get; set; }

    /// <summary>ffprobe <c>-probesize</c> in bytes: small, a camera's first GOP is enough to learn codec and size.</summary>
    [Range(32, 50_000_000)]
    public int ProbeSize { get; set; } = 500_000;

    /// <summary>
    /// ffprobe <c>-analyzeduration</c>. Codec and size come from the first parameter sets; on this machine 0.5 s instead
    /// of 2 s took an /ok probe from 2.9 s to 1.3 s wall with the same facts (fps from the SDP/timestamps).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan AnalyzeDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Packets (all streams together) ffprobe reads after opening (<c>-read_intervals %+#N</c>, <c>-count_packets</c>);
    /// at least one of them must be video. Raise it for cameras whose audio packets far outnumber video frames.
    /// </summary>
    [Range(1, 500)]
    public int PacketsToRead { get; set; } = 8;

    /// <summary>The ffprobe binary; empty uses FFMpegCore's lookup (its <c>BinaryFolder</c>, else PATH).</summary>
    public string? FfprobePath { get; set; }

    /// <summary>Cap on kept stdout/stderr characters per probe.</summary>
    [Range(4_096, 16_777_216)]
    public int MaxOutputChars { get; set; } = 262_144;
}
