using VideoRegistry.Core.Probing;

namespace VideoRegistry.Probing.Picture;

/// <summary>
/// Maps measured picture values to picture faults with the thresholds of <see cref="PictureDiagnosisOptions"/>, most
/// severe first (the first one is the camera's degraded reason). Rules beyond the thresholds, and why:
/// <list type="bullet">
/// <item>A black picture is only <c>black</c>: it is also dark, unchanging and edgeless, and those follow from it.
/// Black means no colour either; a very dark picture whose colours still show is <c>too_dark</c>.</item>
/// <item>A picture in which blurdetect finds no edge at all (NaN) is <c>blurred</c> when it has luma spread: content
/// smeared beyond the edge detector, not a flat field.</item>
/// <item>Blur and colour cast are judged only when the exposure is normal: a too dark or too bright picture has no
/// contrast or colour left, so blurdetect and the chroma averages say nothing about the lens or the colour filter.</item>
/// <item>Noise is judged at any exposure (night gain noise is the classic "snow"); a frozen picture measures none.</item>
/// <item>Shares need sampled time: a single decoded frame cannot be black or frozen "for most of the sample".</item>
/// </list>
/// </summary>
public static class PictureFaultClassifier
{
    public static IReadOnlyList<ProbeReason> Classify(PictureMeasures measures, PictureDiagnosisOptions options)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(options);
        var sampled = measures.SampledSeconds;
        if (sampled > 0 && measures.BlackSeconds is { } black && black / sampled >= options.BlackShare
            && (measures.Saturation ?? 0) <= options.BlackMaxSaturation)
        {
            return [ProbeReason.Black];
        }

        var faults = new List<ProbeReason>();
        if (sampled > 0 && measures.FrozenSeconds is { } frozen && frozen / sampled >= options.FrozenShare)
        {
            faults.Add(ProbeReason.Frozen);
        }

        var exposureOk = true;
        if (measures.Brightness is { } y)
        {
            if (y < options.TooDarkBrightness)
            {
                faults.Add(ProbeReason.TooDark);
                exposureOk = false;
            }
            else if (y > options.TooBrightBrightness)
            {
                faults.Add(ProbeReason.TooBright);
                exposureOk = false;
            }
        }

        if (exposureOk && IsBlurred(measures, options))
        {
            faults.Add(ProbeReason.Blurred);
        }

        if (measures.Noise is { } noise && noise >= options.NoiseThreshold)
        {
            faults.Add(ProbeReason.Noisy);
        }

        if (exposureOk && IsColorCast(measures, options))
        {
            faults.Add(ProbeReason.ColorCast);
        }

        return faults;
    }

    /// <summary>Offset of the mean chroma from neutral ÷ mean saturation: 1 when every pixel is tinted alike, near 0 for a colourful scene.</summary>
    public static double? ColorCastDominance(PictureMeasures measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        return measures.ColorCast is { } offset && measures.Saturation is { } saturation && saturation > 0 ? offset / saturation : null;
    }

    /// <summary>Edges wider than the threshold, or no edge found at all in a picture that has content (luma spread).</summary>
    private static bool IsBlurred(PictureMeasures measures, PictureDiagnosisOptions options) =>
        measures.Blur is { } blur
            ? blur >= options.BlurThreshold
            : measures.Contrast is { } contrast && contrast >= options.EdgelessMinContrast;

    private static bool IsColorCast(PictureMeasures measures, PictureDiagnosisOptions options) =>
        measures.ColorCast is { } offset && offset >= options.ColorCastOffset
        && ColorCastDominance(measures) is { } dominance && dominance >= options.ColorCastDominance;
}
