using System.Globalization;
using System.Text;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Probing.Picture;

/// <summary>
/// The ffmpeg command line of one L3 probe, built as an argument list (no shell). One input read for
/// <see cref="PictureDiagnosisOptions.SampleDuration"/> over RTSP/TCP, limited to the protocols its scheme needs; one
/// filter graph that scales to <see cref="PictureDiagnosisOptions.FrameWidth"/> (never up) and 8-bit 4:2:0, then splits:
/// one branch runs blackdetect, freezedetect, blurdetect and signalstats (with temporal outliers) and prints every
/// frame's metadata to a file, the other writes one JPEG snapshot about a second in.
/// </summary>
public static class FfmpegPictureArguments
{
    /// <summary>Protocols ffmpeg may open per stream scheme. Nothing that reads local data (file, concat, subfile, data, pipe) is ever listed.</summary>
    private static readonly Dictionary<string, string> Whitelists = new(StringComparer.Ordinal)
    {
        ["rtsp"] = "rtsp,tcp",
        ["rtsps"] = "rtsps,tls,tcp",
        ["rtmp"] = "rtmp,tcp",
        ["http"] = "http,tcp",
        ["https"] = "https,tls,tcp",
    };

    private static readonly string[] ForbiddenProtocols = ["file", "concat", "subfile", "data", "pipe", "fd", "cache", "crypto", "ffrtmpcrypt", "async", "md5", "unix", "tee", "gopher", "ftp", "sftp", "smb", "udp", "rtp"];

    /// <summary>True when ffmpeg may be started for this scheme (rtsp, rtsps, rtmp, http, https).</summary>
    public static bool IsAllowedScheme(string? scheme) => scheme is not null && Whitelists.ContainsKey(scheme);

    /// <summary>The <c>-protocol_whitelist</c> value for a scheme; throws for any other scheme.</summary>
    public static string ProtocolWhitelist(string scheme)
    {
        if (scheme is null || !Whitelists.TryGetValue(scheme, out var list))
        {
            throw new ArgumentException($"不允许的取流协议 '{scheme}' / scheme '{scheme}' may not reach ffmpeg; allowed: {string.Join(", ", Whitelists.Keys)}", nameof(scheme));
        }

        return list;
    }

    /// <summary>Protocols that must never appear in a whitelist (tests check every scheme against it).</summary>
    public static IReadOnlyList<string> NeverAllowed => ForbiddenProtocols;

    /// <summary>
    /// Arguments for <paramref name="endpoint"/>. The URL carries the credentials (ffmpeg needs them): never log the
    /// returned list. Throws <see cref="ArgumentException"/> for a scheme ffmpeg may not open.
    /// </summary>
    public static IReadOnlyList<string> Build(StreamEndpoint endpoint, PictureDiagnosisOptions options, string metadataPath, string snapshotPath)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(metadataPath);
        ArgumentException.ThrowIfNullOrEmpty(snapshotPath);
        var whitelist = ProtocolWhitelist(endpoint.Scheme);
        var ioTimeoutMicros = ((long)options.IoTimeout.TotalMilliseconds * 1000).ToString(CultureInfo.InvariantCulture);
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-y" };
        switch (endpoint.Scheme)
        {
            case "rtsp" or "rtsps":
                args.AddRange(["-rtsp_transport", "tcp", "-timeout", ioTimeoutMicros]);
                break;
            case "rtmp":
                // The rtmp protocol's own -timeout means "listen for incoming connections": use the generic I/O timeout.
                args.AddRange(["-rw_timeout", ioTimeoutMicros]);
                break;
            default:
                args.AddRange(["-timeout", ioTimeoutMicros]);
                break;
        }

        args.AddRange(["-protocol_whitelist", whitelist, "-t", Seconds(options.SampleDuration), "-i", endpoint.ToUrlWithCredentials()]);
        args.AddRange(["-filter_complex", FilterGraph(options, metadataPath)]);
        args.AddRange(["-map", "[diag]", "-f", "null", "-"]);
        args.AddRange(["-map", "[snap]", "-frames:v", "1", "-update", "1", "-q:v", "3", snapshotPath]);
        return args;
    }

    /// <summary>The filter graph (also written out by tests/fixtures/picture/generate.sh, which a test keeps in step).</summary>
    public static string FilterGraph(PictureDiagnosisOptions options, string metadataPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sample = options.SampleDuration.TotalSeconds;
        // freezedetect only reports a freeze after d seconds: keep d within a short sample so a frozen picture shows.
        var freezeMin = Math.Min(options.FreezeMinDuration.TotalSeconds, sample / 2);
        var blackMin = Math.Min(1.0, sample / 2);
        var snapshotAt = Math.Min(1.0, sample / 2);
        var ic = CultureInfo.InvariantCulture;
        return string.Concat(
            string.Create(ic, $"[0:v:0]scale=w='min({options.FrameWidth},iw)':h=-2,format=yuv420p,split=2[a][s];"),
            string.Create(ic, $"[a]blackdetect=d={blackMin:0.###}:pix_th={options.BlackPixelThreshold:0.####}:pic_th={options.BlackPictureRatio:0.####},"),
            string.Create(ic, $"freezedetect=n={options.FreezeNoiseTolerance:0.######}:d={freezeMin:0.###},"),
            "blurdetect,signalstats=stat=tout,",
            $"metadata=mode=print:file={EscapeOptionValue(metadataPath)}[diag];",
            string.Create(ic, $"[s]select='gte(t,{snapshotAt:0.###})'[snap]"));
    }

    /// <summary>
    /// Escapes a filter option value for both levels ffmpeg parses: the option (<c>\ ' :</c>) and then the graph
    /// (<c>\ ' [ ] , ;</c>).
    /// </summary>
    public static string EscapeOptionValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Escape(Escape(value, "\\':"), "\\'[],;");
    }

    private static string Escape(string value, string specials)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (specials.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
