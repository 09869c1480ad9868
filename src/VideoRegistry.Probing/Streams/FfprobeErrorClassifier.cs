using System.Globalization;
using System.Text.RegularExpressions;
using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Probing.Streams;

/// <summary>How one ffprobe run ended, as the classifier needs it. <see cref="StandardError"/> must already be redacted.</summary>
public sealed record FfprobeRun(int? ExitCode, string StandardError, TimeSpan Elapsed, bool DeadlineFired, TimeSpan Deadline, TimeSpan IoTimeout);

/// <summary>One reason and a short human detail (never credentials: it is built from redacted stderr).</summary>
public sealed record FfprobeVerdict(ProbeReason Reason, string Detail)
{
    public bool Ok => Reason == ProbeReason.None;
}

/// <summary>
/// Maps an ffprobe run (exit code, stderr, which deadline fired) and its parsed JSON onto the DESIGN.md failure
/// taxonomy. Pure; tested against real ffprobe outputs in tests/fixtures/ffprobe. ffmpeg has no error codes worth
/// the name on its command line, so this reads the messages of ffmpeg 5.x–7.x (libavformat rtsp.c, http.c, tcp.c).
/// </summary>
public static partial class FfprobeErrorClassifier
{
    private const int MaxDetailChars = 200;

    /// <summary>ffprobe's own socket timeout ends a silent camera slightly after it is due; 90 % of it counts as fired.</summary>
    private const double IoTimeoutShare = 0.9;

    public static FfprobeVerdict Classify(FfprobeRun run, FfprobeReport? report)
    {
        ArgumentNullException.ThrowIfNull(run);
        var stderr = run.StandardError ?? string.Empty;
        if (run.DeadlineFired)
        {
            var last = LastLine(stderr);
            var ms = run.Deadline.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            return new(ProbeReason.Timeout, $"总时限已到 deadline of {ms} ms reached, ffprobe killed{(last is null ? string.Empty : "; " + last)}");
        }

        if (run.ExitCode == 0)
        {
            return Judge(report, stderr);
        }

        return FromStandardError(run.ExitCode, stderr, run.Elapsed, run.IoTimeout);
    }

    /// <summary>A run that exited 0: the stream must carry video whose codec and size ffprobe could read, and packets must have arrived.</summary>
    private static FfprobeVerdict Judge(FfprobeReport? report, string stderr)
    {
        if (report is null || report.Problem is not null)
        {
            return new(ProbeReason.Protocol, report?.Problem ?? "ffprobe 无输出 ffprobe wrote no JSON");
        }

        if (report.Video is not { } video)
        {
            return new(ProbeReason.NoVideo, $"无视频流 no video stream (format {report.FormatName ?? "unknown"})");
        }

        if (video.Codec is null || video.Width is null || video.Height is null)
        {
            var why = LastLine(stderr) ?? "codec or picture size unknown";
            return new(ProbeReason.Decode, $"视频参数无法解析 video parameters unreadable: {why}");
        }

        if (!video.FramesArrived)
        {
            return new(ProbeReason.NoVideo, $"未收到视频帧 no video packets arrived ({video.Codec} {video.Width}x{video.Height} announced)");
        }

        return new(ProbeReason.None, string.Create(CultureInfo.InvariantCulture, $"{report.PacketsRead} video packets read"));
    }

    /// <summary>
    /// The reason for an ffprobe or ffmpeg run that failed, from its (redacted) stderr alone: RTSP/HTTP status lines,
    /// socket errors, and the "Invalid data" both tools print when their own socket timeout (<paramref name="ioTimeout"/>)
    /// fires on a camera that accepts and never answers. Shared by L2 (ffprobe) and L3 (ffmpeg).
    /// </summary>
    public static FfprobeVerdict FromStandardError(int? exitCode, string stderr, TimeSpan elapsed, TimeSpan ioTimeout, string tool = "ffprobe")
    {
        ArgumentNullException.ThrowIfNull(stderr);
        if (MethodFailed().Match(stderr) is { Success: true } method)
        {
            var status = int.Parse(method.Groups["status"].Value, CultureInfo.InvariantCulture);
            var reason = ReachFailure.FromStatus(status);
            return Verdict(reason == ProbeReason.None ? ProbeReason.ServerError : reason, method.Value);
        }

        if (HttpStatus().Match(stderr) is { Success: true } http)
        {
            var code = http.Groups["status"].Value;
            var reason = code.Contains('X', StringComparison.Ordinal)
                ? ProbeReason.ServerError
                : ReachFailure.FromStatus(int.Parse(code, CultureInfo.InvariantCulture));
            return Verdict(reason == ProbeReason.None ? ProbeReason.ServerError : reason, LineOf(stderr, http.Index));
        }

        foreach (var (pattern, reason) in Patterns)
        {
            // The last occurrence: ffmpeg ends with the summary line ("URL: Connection refused").
            var at = stderr.LastIndexOf(pattern, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                return Verdict(reason, LineOf(stderr, at));
            }
        }

        const string invalidData = "Invalid data found when processing input";
        var invalid = stderr.LastIndexOf(invalidData, StringComparison.Ordinal);
        if (invalid >= 0)
        {
            // A camera that accepts TCP and never answers makes ffprobe's -timeout fire, and then it says only this.
            var ioTimeoutFired = ioTimeout > TimeSpan.Zero && elapsed >= ioTimeout * IoTimeoutShare;
            if (ioTimeoutFired)
            {
                var ms = ioTimeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
                return new(ProbeReason.Timeout, $"{ProbeReason.Timeout.Describe()}: no answer within the {ms} ms socket timeout ({invalidData})");
            }

            return Verdict(ProbeReason.Protocol, LineOf(stderr, invalid));
        }

        var last = LastLine(stderr);
        var exit = exitCode is { } e ? e.ToString(CultureInfo.InvariantCulture) : "none";
        return new(ProbeReason.Protocol, $"{ProbeReason.Protocol.Describe()}: {tool} exit {exit}{(last is null ? string.Empty : ": " + last)}");
    }

    /// <summary>Substrings of ffmpeg errors, most specific first.</summary>
    private static readonly (string Pattern, ProbeReason Reason)[] Patterns =
    [
        ("Failed to resolve hostname", ProbeReason.Dns),
        ("Name or service not known", ProbeReason.Dns),
        ("Temporary failure in name resolution", ProbeReason.Dns),
        ("No address associated with hostname", ProbeReason.Dns),
        ("Connection refused", ProbeReason.Refused),
        ("No route to host", ProbeReason.Unreachable),
        ("Network is unreachable", ProbeReason.Unreachable),
        ("Host is unreachable", ProbeReason.Unreachable),
        ("Connection timed out", ProbeReason.Timeout),
        ("Operation timed out", ProbeReason.Timeout),
        ("not on whitelist", ProbeReason.Protocol),
        ("does not contain any stream", ProbeReason.NoVideo),
        ("matches no streams", ProbeReason.NoVideo),
        ("Could not find codec parameters", ProbeReason.Decode),
        ("Error while decoding", ProbeReason.Decode),
        ("Connection reset by peer", ProbeReason.Protocol),
    ];

    private static FfprobeVerdict Verdict(ProbeReason reason, string line) => new(reason, $"{reason.Describe()}: {Clean(line)}");

    /// <summary>The last non-empty stderr line, cleaned; null when stderr is empty.</summary>
    private static string? LastLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? null : Clean(lines[^1]);
    }

    private static string LineOf(string text, int index)
    {
        var start = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var end = text.IndexOf('\n', index);
        return text[start..(end < 0 ? text.Length : end)];
    }

    /// <summary>Drops ffmpeg's "[tcp @ 0x…] " context and the echoed "URL: " prefix, and bounds the length.</summary>
    private static string Clean(string line)
    {
        var cleaned = Context().Replace(line.Trim(), string.Empty);
        cleaned = UrlPrefix().Replace(cleaned, string.Empty);
        return cleaned.Length <= MaxDetailChars ? cleaned : cleaned[..MaxDetailChars] + "…";
    }

    [GeneratedRegex(@"method (?<method>[A-Z_]+) failed: (?<status>\d{3})[^\r\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex MethodFailed();

    [GeneratedRegex(@"Server returned (?<status>\d{3}|[45]XX)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HttpStatus();

    [GeneratedRegex(@"^\[[^\]]*@ ?0x[0-9a-fA-F]+\]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Context();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://\S*?:\s", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPrefix();
}
