using System.Globalization;

namespace VideoRegistry.Probing.Reach;

/// <summary>One m= section of an SDP: media kind, payload types and what the a= lines say about it.</summary>
public sealed record SdpMedia
{
    public required string Kind { get; init; }

    public IReadOnlyList<string> PayloadTypes { get; init; } = [];

    /// <summary>Encoding name from a=rtpmap (or a static payload type), normalised to ffprobe's codec names (h264, hevc, mjpeg …).</summary>
    public string? Codec { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public double? Fps { get; init; }
}

/// <summary>
/// The parts of an SDP (RFC 8866) that L1 needs: the media sections and, for video, codec and any announced
/// size and frame rate. Tolerates CRLF or LF, blank lines and unknown attributes; never throws.
/// </summary>
public static class SdpParser
{
    public static IReadOnlyList<SdpMedia> Parse(string? sdp)
    {
        var media = new List<SdpMedia>();
        if (string.IsNullOrEmpty(sdp))
        {
            return media;
        }

        SdpMedia? current = null;
        var rtpmap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length < 2 || line[1] != '=')
            {
                continue;
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'm':
                    if (current is not null)
                    {
                        media.Add(Finish(current, rtpmap));
                    }

                    var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    current = fields.Length == 0 ? null : new SdpMedia { Kind = fields[0].ToLowerInvariant(), PayloadTypes = fields.Length > 3 ? fields[3..] : [] };
                    rtpmap.Clear();
                    break;
                case 'a' when current is not null:
                    current = ApplyAttribute(current, value, rtpmap);
                    break;
                default:
                    break;
            }
        }

        if (current is not null)
        {
            media.Add(Finish(current, rtpmap));
        }

        return media;
    }

    /// <summary>The first video section, or null when the session carries no video.</summary>
    public static SdpMedia? FirstVideo(string? sdp) => Parse(sdp).FirstOrDefault(m => m.Kind == "video");

    /// <summary>Maps an RTP encoding name to the codec name ffprobe reports, so L1 and L2 facts compare.</summary>
    public static string NormaliseCodec(string encoding) => encoding.ToUpperInvariant() switch
    {
        "H264" => "h264",
        "H265" or "HEVC" => "hevc",
        "JPEG" => "mjpeg",
        "MP4V-ES" => "mpeg4",
        "MPV" => "mpeg2video",
        "H263-1998" or "H263-2000" or "H263" => "h263",
        "VP8" => "vp8",
        "VP9" => "vp9",
        "AV1" => "av1",
        var other => other.ToLowerInvariant(),
    };

    private static SdpMedia ApplyAttribute(SdpMedia media, string attribute, Dictionary<string, string> rtpmap)
    {
        var colon = attribute.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return media;
        }

        var name = attribute[..colon];
        var value = attribute[(colon + 1)..].Trim();
        switch (name.ToLowerInvariant())
        {
            case "rtpmap":
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0)
                {
                    var encoding = value[(space + 1)..].Trim();
                    var slash = encoding.IndexOf('/', StringComparison.Ordinal);
                    rtpmap[value[..space]] = slash > 0 ? encoding[..slash] : encoding;
                }

                return media;
            case "framerate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var fps) && fps > 0:
                return media with { Fps = fps };
            case "x-dimensions":
                var parts = value.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length == 2
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && w > 0 && h > 0)
                {
                    return media with { Width = w, Height = h };
                }

                return media;
            default:
                return media;
        }
    }

    private static SdpMedia Finish(SdpMedia media, Dictionary<string, string> rtpmap)
    {
        foreach (var pt in media.PayloadTypes)
        {
            if (rtpmap.TryGetValue(pt, out var encoding))
            {
                return media with { Codec = NormaliseCodec(encoding) };
            }

            var staticCodec = pt switch
            {
                "26" => "mjpeg",
                "32" => "mpeg2video",
                "34" => "h263",
                _ => null,
            };
            if (staticCodec is not null)
            {
                return media with { Codec = staticCodec };
            }
        }

        return media;
    }
}
