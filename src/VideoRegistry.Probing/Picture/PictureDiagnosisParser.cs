using System.Globalization;
using System.Text.RegularExpressions;
using VideoRegistry.Core.Probing;

namespace VideoRegistry.Probing.Picture;

/// <summary>What one L3 sample held: the measured values, how many frames were analysed, and the input stream's facts.</summary>
public sealed record PictureSample(PictureMeasures Measures, int Frames, StreamFacts? Stream);

/// <summary>
/// Reads the two outputs of the L3 filter graph (<see cref="FfmpegPictureArguments"/>): the per-frame metadata file
/// written by <c>metadata=mode=print</c> (signalstats YAVG/YLOW/YHIGH/SATAVG/UAVG/VAVG/TOUT, blurdetect's lavfi.blur, frame
/// times) and ffmpeg's stderr (blackdetect and freezedetect intervals, which they report at end of stream too, and
/// the input stream line). Pure and lenient: a truncated output of a killed process yields what it holds; NaN values
/// (blurdetect on a flat picture) are skipped.
/// </summary>
public static partial class PictureDiagnosisParser
{
    private const double Neutral = 128;

    public static PictureSample Parse(string? stderr, string? metadata)
    {
        var frames = ReadFrames(metadata ?? string.Empty);
        var first = frames.Count > 0 ? frames[0].Time : 0;
        var last = frames.Count > 0 ? frames[^1].Time : 0;
        var sampled = Math.Max(0, last - first);
        var (black, frozen) = ReadIntervals(stderr ?? string.Empty, first, last);
        var u = Mean(frames, f => f.UAvg);
        var v = Mean(frames, f => f.VAvg);
        var measures = new PictureMeasures
        {
            Brightness = Mean(frames, f => f.YAvg),
            Saturation = Mean(frames, f => f.SatAvg),
            ColorCast = u is { } uu && v is { } vv ? Math.Sqrt(((uu - Neutral) * (uu - Neutral)) + ((vv - Neutral) * (vv - Neutral))) : null,
            BlackSeconds = frames.Count > 0 ? black : null,
            FrozenSeconds = frames.Count > 0 ? frozen : null,
            Blur = Mean(frames, f => f.Blur),
            Noise = Mean(frames, f => f.Tout),
            Contrast = Mean(frames, f => f.YHigh - f.YLow),
            SampledSeconds = sampled,
        };
        return new PictureSample(measures, frames.Count, ReadStream(stderr ?? string.Empty));
    }

    private static List<Frame> ReadFrames(string metadata)
    {
        var frames = new List<Frame>();
        Frame? current = null;
        foreach (var raw in metadata.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.StartsWith("frame:", StringComparison.Ordinal))
            {
                var at = line.IndexOf("pts_time:", StringComparison.Ordinal);
                if (at < 0 || !TryNumber(line[(at + "pts_time:".Length)..].Trim(), out var time))
                {
                    current = null;
                    continue;
                }

                current = new Frame { Time = time };
                frames.Add(current);
                continue;
            }

            var eq = line.IndexOf('=');
            if (current is null || eq <= 0 || !TryNumber(line[(eq + 1)..], out var value))
            {
                continue;
            }

            switch (line[..eq])
            {
                case "lavfi.signalstats.YAVG":
                    current.YAvg = value;
                    break;
                case "lavfi.signalstats.YLOW":
                    current.YLow = value;
                    break;
                case "lavfi.signalstats.YHIGH":
                    current.YHigh = value;
                    break;
                case "lavfi.signalstats.SATAVG":
                    current.SatAvg = value;
                    break;
                case "lavfi.signalstats.UAVG":
                    current.UAvg = value;
                    break;
                case "lavfi.signalstats.VAVG":
                    current.VAvg = value;
                    break;
                case "lavfi.signalstats.TOUT":
                    current.Tout = value;
                    break;
                case "lavfi.blur":
                    current.Blur = value;
                    break;
            }
        }

        return frames;
    }

    /// <summary>Black and frozen seconds within [first, last]; an interval still open at end of stream ends at the last frame.</summary>
    private static (double Black, double Frozen) ReadIntervals(string stderr, double first, double last)
    {
        double black = 0, frozen = 0;
        double? freezeStart = null;
        foreach (var raw in stderr.AsSpan().EnumerateLines())
        {
            var line = raw.ToString();
            var b = BlackLine().Match(line);
            if (b.Success && TryNumber(b.Groups["start"].ValueSpan, out var bs) && TryNumber(b.Groups["end"].ValueSpan, out var be))
            {
                black += Clip(bs, be, first, last);
                continue;
            }

            var f = FreezeLine().Match(line);
            if (!f.Success || !TryNumber(f.Groups["value"].ValueSpan, out var at))
            {
                continue;
            }

            switch (f.Groups["key"].Value)
            {
                case "freeze_start":
                    freezeStart = at;
                    break;
                case "freeze_end" when freezeStart is { } start:
                    frozen += Clip(start, at, first, last);
                    freezeStart = null;
                    break;
            }
        }

        if (freezeStart is { } open)
        {
            frozen += Clip(open, last, first, last);
        }

        return (black, frozen);
    }

    private static StreamFacts? ReadStream(string stderr)
    {
        foreach (var raw in stderr.AsSpan().EnumerateLines())
        {
            var line = raw.ToString();
            if (line.StartsWith("Output #", StringComparison.Ordinal) || line.StartsWith("Stream mapping", StringComparison.Ordinal))
            {
                break;
            }

            var m = VideoStreamLine().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var size = SizeToken().Match(line, m.Index + m.Length);
            var fps = FpsToken().Match(line);
            return new StreamFacts
            {
                Codec = m.Groups["codec"].Value,
                Width = size.Success ? int.Parse(size.Groups["w"].ValueSpan, CultureInfo.InvariantCulture) : null,
                Height = size.Success ? int.Parse(size.Groups["h"].ValueSpan, CultureInfo.InvariantCulture) : null,
                Fps = fps.Success && TryNumber(fps.Groups["fps"].ValueSpan, out var r) ? r : null,
                FramesArrived = true,
            };
        }

        return null;
    }

    private static double Clip(double start, double end, double first, double last) =>
        Math.Max(0, Math.Min(end, last) - Math.Max(start, first));

    private static double? Mean(List<Frame> frames, Func<Frame, double?> pick)
    {
        double sum = 0;
        var n = 0;
        foreach (var frame in frames)
        {
            if (pick(frame) is { } value)
            {
                sum += value;
                n++;
            }
        }

        return n > 0 ? sum / n : null;
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    [GeneratedRegex(@"black_start:(?<start>\S+)\s+black_end:(?<end>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex BlackLine();

    [GeneratedRegex(@"lavfi\.freezedetect\.(?<key>freeze_start|freeze_end):\s*(?<value>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex FreezeLine();

    [GeneratedRegex(@"^\s*Stream #\d+:\d+.*?: Video: (?<codec>[A-Za-z0-9_]+)", RegexOptions.CultureInvariant)]
    private static partial Regex VideoStreamLine();

    [GeneratedRegex(@"\b(?<w>\d{2,5})x(?<h>\d{2,5})\b", RegexOptions.CultureInvariant)]
    private static partial Regex SizeToken();

    [GeneratedRegex(@"(?<fps>\d+(\.\d+)?) fps", RegexOptions.CultureInvariant)]
    private static partial Regex FpsToken();

    private sealed class Frame
    {
        public double Time { get; init; }

        public double? YAvg { get; set; }

        public double? YLow { get; set; }

        public double? YHigh { get; set; }

        public double? SatAvg { get; set; }

        public double? UAvg { get; set; }

        public double? VAvg { get; set; }

        public double? Tout { get; set; }

        public double? Blur { get; set; }
    }
}
