using System.Globalization;
using System.Text.RegularExpressions;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Probing.Picture;

/// <summary>
/// Maps the stderr of an ffmpeg run that decoded nothing onto the DESIGN.md failure taxonomy (the same reasons L1 and
/// L2 give for the same fault). Pure; tested on real ffmpeg 5.1 logs (tests/fixtures/picture/fail-*.stderr.txt).
/// ffmpeg exits 1 for every error, so the messages are all there is: the RTSP status line, the socket error, or the
/// "Invalid data" it prints when its socket timeout fires on a camera that accepts and never answers.
/// </summary>
public static partial class FfmpegFailureClassifier
{
    private const int MaxDetailChars = 200;

    /// <summary>Substrings of libavformat/libc errors, most specific first.</summary>
    private static readonly (string Pattern, ProbeReason Reason)[] Patterns =
    [
        ("not on whitelist", ProbeReason.Protocol),
        ("Failed to resolve hostname", ProbeReason.Dns),
        ("Name or service not known", ProbeReason.Dns),
        ("Temporary failure in name resolution", ProbeReason.Dns),
        ("Connection refused", ProbeReason.Refused),
        ("No route to host", ProbeReason.Unreachable),
        ("Network is unreachable", ProbeReason.Unreachable),
        ("Connection timed out", ProbeReason.Timeout),
        ("matches no streams", ProbeReason.NoVideo),
        ("does not contain any stream", ProbeReason.NoVideo),
        ("Could not find codec parameters", ProbeReason.Decode),
        ("Error while decoding", ProbeReason.Decode),
        ("Connection reset by peer", ProbeReason.Protocol),
    ];

    /// <summary>
    /// One reason and a short detail for a run that produced no frame. <paramref name="stderr"/> must be redacted
    /// (<see cref="Redact"/>). <paramref name="ioTimeout"/> is the socket timeout ffmpeg was given.
    /// </summary>
    public static (ProbeReason Reason, string Detail) Classify(int? exitCode, string? stderr, TimeSpan elapsed, TimeSpan ioTimeout)
    {
        var text = stderr ?? string.Empty;
        if (StatusLine().Match(text) is { Success: true } status)
        {
            var code = int.Parse(status.Groups["status"].ValueSpan, CultureInfo.InvariantCulture);
            var reason = ReachFailure.FromStatus(code);
            return Verdict(reason == ProbeReason.None ? ProbeReason.ServerError : reason, LineAt(text, status.Index));
        }

        foreach (var (pattern, reason) in Patterns)
        {
            var at = text.LastIndexOf(pattern, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                // ffmpeg's no-video message quotes the whole filter graph; the fact is enough.
                return reason == ProbeReason.NoVideo
                    ? Verdict(reason, $"no video stream in the input ({pattern})")
                    : Verdict(reason, LineAt(text, at));
            }
        }

        const string invalidData = "Invalid data found when processing input";
        var invalid = text.LastIndexOf(invalidData, StringComparison.Ordinal);
        if (invalid >= 0)
        {
            // A camera that accepts TCP and never answers: ffmpeg's -timeout fires and it says only this.
            return elapsed >= ioTimeout * 0.9
                ? (ProbeReason.Timeout, $"{ProbeReason.Timeout.Describe()}: no answer within the {ioTimeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms socket timeout")
                : Verdict(ProbeReason.Protocol, LineAt(text, invalid));
        }

        var last = LastLine(text);
        var exit = exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none";
        return (ProbeReason.Protocol, $"{ProbeReason.Protocol.Describe()}: ffmpeg exit {exit}{(last is null ? string.Empty : ": " + last)}");
    }

    /// <summary>Removes the endpoint's credentials from ffmpeg output (it echoes the input URL in errors).</summary>
    public static string Redact(string? text, StreamEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrEmpty(text) || !endpoint.HasCredentials)
        {
            return text ?? string.Empty;
        }

        var redacted = text.Replace(endpoint.ToUrlWithCredentials(), endpoint.Redacted, StringComparison.Ordinal);
        foreach (var secret in new[] { endpoint.Password, endpoint.UserName })
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            redacted = redacted.Replace(Uri.EscapeDataString(secret), "***", StringComparison.Ordinal)
                .Replace(secret, "***", StringComparison.Ordinal);
        }

        return redacted;
    }

    private static (ProbeReason, string) Verdict(ProbeReason reason, string line) => (reason, $"{reason.Describe()}: {line}");

    private static string LineAt(string text, int index)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = text.IndexOf('\n', index);
        return Clean(text[start..(end < 0 ? text.Length : end)]);
    }

    private static string? LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? null : Clean(lines[^1]);
    }

    /// <summary>Drops the "[rtsp @ 0x…]" prefix and bounds the length.</summary>
    private static string Clean(string line)
    {
        var text = LogPrefix().Replace(line.Trim(), string.Empty);
        return text.Length <= MaxDetailChars ? text : text[..MaxDetailChars] + "…";
    }

    [GeneratedRegex(@"(?:method \w+ failed: |Server returned )(?<status>\d{3})\b", RegexOptions.CultureInvariant)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^\[[^\]]+ @ 0x[0-9a-f]+\]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex LogPrefix();
}
