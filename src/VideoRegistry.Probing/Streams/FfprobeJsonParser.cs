using System.Globalization;
using System.Text.Json;
using FFMpegCore;
using FFMpegCore.Exceptions;
using VideoRegistry.Core.Probing;

namespace VideoRegistry.Probing.Streams;

/// <summary>What one ffprobe run reported about a stream (only facts, never the URL ffprobe echoes in <c>format.filename</c>).</summary>
public sealed record FfprobeReport
{
    /// <summary>The first video stream, null when ffprobe found none (audio-only or empty stream).</summary>
    public StreamFacts? Video { get; init; }

    /// <summary>Video packets ffprobe read (<c>nb_read_packets</c>), null when it did not count them.</summary>
    public long? PacketsRead { get; init; }

    public string? FormatName { get; init; }

    /// <summary>Set when the output could not be read as ffprobe JSON; the other fields are then empty.</summary>
    public string? Problem { get; init; }
}

/// <summary>
/// Reads ffprobe's <c>-of json -show_streams -show_format -count_packets</c> output through FFMpegCore's model
/// (<see cref="FFProbe.FromJson"/>): codec, size, frame rate, bit rate and whether packets really arrived.
/// Pure and tested against real saved outputs in tests/fixtures/ffprobe.
/// </summary>
public static class FfprobeJsonParser
{
    private const double MaxPlausibleFps = 1000;

    public static FfprobeReport Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new FfprobeReport { Problem = "ffprobe 无输出 ffprobe wrote no JSON" };
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = FFProbe.FromJson(json);
        }
        catch (Exception e) when (e is JsonException or FFMpegException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            // FFMpegCore throws FormatNullException (an FFMpegException) for JSON without "format": what a failed run prints.
            return new FfprobeReport { Problem = $"ffprobe 输出无法解析 unreadable ffprobe JSON ({e.GetType().Name})" };
        }

        var format = analysis.Format?.FormatName;
        var video = analysis.VideoStreams.Count > 0 ? analysis.VideoStreams[0] : null;
        if (video is null)
        {
            return new FfprobeReport { FormatName = format };
        }

        var raw = analysis.Raw.Streams.FirstOrDefault(s => s.Index == video.Index);
        long? packets = raw?.ExtensionData is { } extra && extra.TryGetValue("nb_read_packets", out var counted) ? ReadLong(counted) : null;
        var bitRate = video.BitRate is > 0 ? video.BitRate : analysis.Format?.BitRate is > 0 ? analysis.Format.BitRate : null;
        var facts = new StreamFacts
        {
            Codec = string.IsNullOrEmpty(video.CodecName) ? null : video.CodecName,
            Width = video.Width is > 0 ? video.Width : null,
            Height = video.Height is > 0 ? video.Height : null,
            Fps = Fps(video.AverageFrameRate) ?? Fps(video.RealFrameRate),
            BitRate = bitRate,
            FramesArrived = packets > 0,
        };
        return new FfprobeReport { Video = facts, PacketsRead = packets, FormatName = format };
    }

    /// <summary>avg_frame_rate is what the camera sends; r_frame_rate is ffmpeg's guess (RTSP often says 0/0 or a timebase).</summary>
    private static double? Fps(double value) =>
        double.IsFinite(value) && value > 0 && value <= MaxPlausibleFps ? Math.Round(value, 3) : null;

    private static long? ReadLong(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };
}
