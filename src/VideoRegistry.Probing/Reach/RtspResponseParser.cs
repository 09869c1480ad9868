using System.Globalization;
using System.Text;

namespace VideoRegistry.Probing.Reach;

public enum RtspParseStatus
{
    /// <summary>No complete header block yet; read more.</summary>
    NeedMore,

    Complete,

    /// <summary>The bytes are not an RTSP response (an HTTP server, a banner, binary noise).</summary>
    NotRtsp,

    /// <summary>Starts like RTSP but the status line, a header or Content-Length is broken, or the header block is too large.</summary>
    Malformed,
}

/// <summary>
/// Parses an RTSP/1.0 response header block from raw bytes. Never throws on any input: cameras and whatever else
/// answers on port 554 send garbage, and garbage must become <c>protocol</c>, not an exception.
/// </summary>
public static class RtspResponseParser
{
    public const int MaxHeaderBytes = 16 * 1024;

    public const int MaxBodyBytes = 64 * 1024;

    private static ReadOnlySpan<byte> Prefix => "RTSP/"u8;

    public static RtspParseStatus TryParse(ReadOnlySpan<byte> data, out RtspResponse? response, out int headerLength)
    {
        response = null;
        headerLength = 0;

        // Decide "not RTSP" on the first bytes, so a server that talks another protocol and then goes quiet
        // fails at once instead of at the response deadline.
        var skip = 0;
        while (skip < data.Length && skip < 4 && (data[skip] == '\r' || data[skip] == '\n'))
        {
            skip++;
        }

        var body = data[skip..];
        var check = Math.Min(body.Length, Prefix.Length);
        if (!body[..check].SequenceEqual(Prefix[..check]))
        {
            return RtspParseStatus.NotRtsp;
        }

        var end = FindHeaderEnd(body, out var terminatorLength);
        if (end < 0)
        {
            return body.Length > MaxHeaderBytes ? RtspParseStatus.Malformed : RtspParseStatus.NeedMore;
        }

        if (end > MaxHeaderBytes)
        {
            return RtspParseStatus.Malformed;
        }

        headerLength = skip + end + terminatorLength;
        var text = Encoding.Latin1.GetString(body[..end]);
        var lines = text.Split('\n');
        if (!TryParseStatusLine(lines[0].TrimEnd('\r'), out var version, out var status, out var reason))
        {
            return RtspParseStatus.Malformed;
        }

        var headers = new List<KeyValuePair<string, string>>(Math.Max(lines.Length - 1, 0));
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.AsSpan(0, colon).ContainsAny(' ', '\t'))
            {
                return RtspParseStatus.Malformed;
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var parsed = new RtspResponse(version, status, reason, headers);
        var contentLength = parsed.Header("Content-Length");
        if (contentLength is not null
            && (!int.TryParse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxBodyBytes))
        {
            return RtspParseStatus.Malformed;
        }

        response = parsed;
        return RtspParseStatus.Complete;
    }

    /// <summary>A short printable excerpt of what a non-RTSP server sent, for the probe detail.</summary>
    public static string Excerpt(ReadOnlySpan<byte> data, int max = 40)
    {
        var sb = new StringBuilder(Math.Min(data.Length, max));
        foreach (var b in data[..Math.Min(data.Length, max)])
        {
            sb.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        }

        return sb.ToString();
    }

    private static int FindHeaderEnd(ReadOnlySpan<byte> data, out int terminatorLength)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            terminatorLength = 4;
            return crlf;
        }

        terminatorLength = 2;
        return lf;
    }

    private static bool TryParseStatusLine(string line, out string version, out int status, out string reason)
    {
        version = string.Empty;
        reason = string.Empty;
        status = 0;
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("RTSP/", StringComparison.Ordinal) || parts[1].Length != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out status) || status < 100)
        {
            return false;
        }

        version = parts[0];
        reason = parts.Length > 2 ? parts[2].Trim() : string.Empty;
        return true;
    }
}
