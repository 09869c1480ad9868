using System.ComponentModel.DataAnnotations;

namespace VideoRegistry.Probing.Reach;

/// <summary>Deadlines and identity of the L1 reach probe (configuration section <c>Probing:Reach</c>).</summary>
public sealed class ReachProbeOptions
{
    public const string Section = "Probing:Reach";

    /// <summary>DNS lookup plus TCP connect (and TLS handshake for rtsps/https).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait for one complete response (RTSP OPTIONS, DESCRIBE, HTTP headers, RTMP S0+S1).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Whole probe, used when the caller gives no deadline; a caller's deadline wins.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(8);

    [Required]
    [MinLength(1)]
    public string UserAgent { get; set; } = "VideoRegistry/1.0";

    /// <summary>
    /// Off by default: county cameras and NVRs almost all serve rtsps/https with self-signed certificates bound to
    /// an IP, and L1 asks "does the stream answer", not "is this the genuine device". Turn it on where the video
    /// private network has a real PKI. Credentials still only go out after the server's challenge.
    /// </summary>
    public bool ValidateTlsCertificates { get; set; }
}
