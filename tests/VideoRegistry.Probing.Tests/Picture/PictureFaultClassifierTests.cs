using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Picture;

namespace VideoRegistry.Probing.Tests.Picture;

public sealed class PictureFaultClassifierTests
{
    private static readonly PictureDiagnosisOptions Defaults = new();

    /// <summary>A clean, well exposed, moving picture; each test changes one value.</summary>
    private static readonly PictureMeasures Clean = new()
    {
        Brightness = 125,
        Saturation = 110,
        ColorCast = 2,
        BlackSeconds = 0,
        FrozenSeconds = 0,
        Blur = 4.7,
        Noise = 0.00006,
        SampledSeconds = 5,
    };

    [Theory]
    [InlineData("ok", "")]
    [InlineData("black", "black")]
    [InlineData("frozen", "frozen")]
    [InlineData("noise", "noisy")]
    [InlineData("noise-edge", "noisy")]
    [InlineData("noise-light", "")]
    [InlineData("blur", "blurred")]
    [InlineData("blur-edge", "blurred")]
    [InlineData("blur-mild", "")]
    [InlineData("dark", "too_dark")]
    [InlineData("bright", "too_bright")]
    [InlineData("colorcast", "color_cast")]
    [InlineData("black-half", "")]
    [InlineData("freeze-early", "frozen")]
    [InlineData("freeze-late", "")]
    [InlineData("sim-ok", "")]
    [InlineData("sim-black", "black")]
    [InlineData("sim-frozen", "frozen")]
    [InlineData("sim-noise", "noisy")]
    [InlineData("sim-blur", "blurred")]
    [InlineData("sim-dark", "too_dark")]
    [InlineData("sim-bright", "too_bright")]
    [InlineData("sim-colorcast", "color_cast")]
    public void Classify_SavedRealOutput_ExpectedFaults(string fixture, string expected)
    {
        var sample = PictureDiagnosisParser.Parse(PictureFixtures.Stderr(fixture), PictureFixtures.Metadata(fixture));

        var faults = PictureFaultClassifier.Classify(sample.Measures, Defaults);

        Assert.Equal(expected, string.Join(",", faults.Select(f => f.ToLabel())));
    }

    [Fact]
    public void Classify_CleanMeasures_NoFault() => Assert.Empty(PictureFaultClassifier.Classify(Clean, Defaults));

    [Theory]
    [InlineData(3.99, false)]
    [InlineData(4.0, true)]
    public void Classify_BlackShareBorderline_InclusiveThreshold(double blackSeconds, bool black)
    {
        var faults = PictureFaultClassifier.Classify(Clean with { BlackSeconds = blackSeconds, Saturation = 0 }, Defaults);

        Assert.Equal(black, faults.Contains(ProbeReason.Black));
    }

    [Theory]
    [InlineData(3.99, false)]
    [InlineData(4.0, true)]
    public void Classify_FrozenShareBorderline_InclusiveThreshold(double frozenSeconds, bool frozen)
    {
        var faults = PictureFaultClassifier.Classify(Clean with { FrozenSeconds = frozenSeconds }, Defaults);

        Assert.Equal(frozen, faults.Contains(ProbeReason.Frozen));
    }

    [Theory]
    [InlineData(9.99, false)]
    [InlineData(10.0, true)]
    public void Classify_BlurBorderline(double blur, bool blurred) =>
        Assert.Equal(blurred, PictureFaultClassifier.Classify(Clean with { Blur = blur }, Defaults).Contains(ProbeReason.Blurred));

    [Theory]
    [InlineData(0.00299, false)]
    [InlineData(0.003, true)]
    public void Classify_NoiseBorderline(double noise, bool noisy) =>
        Assert.Equal(noisy, PictureFaultClassifier.Classify(Clean with { Noise = noise }, Defaults).Contains(ProbeReason.Noisy));

    [Theory]
    [InlineData(39.9, "too_dark")]
    [InlineData(40.0, "")]
    [InlineData(180.0, "")]
    [InlineData(180.1, "too_bright")]
    public void Classify_BrightnessBorderline(double brightness, string expected) =>
        Assert.Equal(expected, string.Join(",", PictureFaultClassifier.Classify(Clean with { Brightness = brightness }, Defaults).Select(f => f.ToLabel())));

    [Theory]
    [InlineData(14.9, 15.0, false)] // offset just short, dominance ~1
    [InlineData(15.0, 30.0, true)] // offset at threshold, dominance exactly 0.5
    [InlineData(15.0, 30.1, false)] // dominance just under 0.5: a colourful scene, not a cast
    [InlineData(45.0, 0.0, false)] // no saturation measured: no verdict
    public void Classify_ColorCastBorderline(double offset, double saturation, bool cast) =>
        Assert.Equal(cast, PictureFaultClassifier.Classify(Clean with { ColorCast = offset, Saturation = saturation }, Defaults).Contains(ProbeReason.ColorCast));

    [Theory]
    [InlineData(10.0, "black")]
    [InlineData(10.1, "too_dark")]
    public void Classify_BlackNeedsNoColour_DarkWithColourIsTooDark(double saturation, string expected)
    {
        var faults = PictureFaultClassifier.Classify(Clean with { BlackSeconds = 5, Brightness = 16, Saturation = saturation, ColorCast = 0 }, Defaults);

        Assert.Equal(expected, faults[0].ToLabel());
    }

    [Theory]
    [InlineData(19.9, false)] // a flat field without edges: no verdict
    [InlineData(20.0, true)] // content smeared beyond the edge detector
    public void Classify_NoEdgesFound_BlurredOnlyWithContrast(double contrast, bool blurred) =>
        Assert.Equal(blurred, PictureFaultClassifier.Classify(Clean with { Blur = null, Contrast = contrast }, Defaults).Contains(ProbeReason.Blurred));

    [Fact]
    public void Classify_Black_OnlyBlackEvenWhenFrozenAndDark()
    {
        var faults = PictureFaultClassifier.Classify(Clean with { BlackSeconds = 5, FrozenSeconds = 5, Brightness = 16, Blur = 50, Saturation = 0 }, Defaults);

        Assert.Equal([ProbeReason.Black], faults);
    }

    [Fact]
    public void Classify_TooDark_BlurAndCastNotJudgedButNoiseIs()
    {
        var faults = PictureFaultClassifier.Classify(Clean with { Brightness = 30, Blur = 30, ColorCast = 40, Saturation = 45, Noise = 0.01, Contrast = 30 }, Defaults);

        Assert.Equal([ProbeReason.TooDark, ProbeReason.Noisy], faults);
    }

    [Fact]
    public void Classify_SeveralFaults_MostSevereFirst()
    {
        var faults = PictureFaultClassifier.Classify(Clean with { FrozenSeconds = 5, Blur = 12, ColorCast = 40, Saturation = 50 }, Defaults);

        Assert.Equal([ProbeReason.Frozen, ProbeReason.Blurred, ProbeReason.ColorCast], faults);
    }

    [Fact]
    public void Classify_NoSampledTime_NoShareVerdicts()
    {
        var faults = PictureFaultClassifier.Classify(Clean with { SampledSeconds = 0, BlackSeconds = 0, FrozenSeconds = 0 }, Defaults);

        Assert.Empty(faults);
    }

    [Fact]
    public void Classify_ThresholdsFromOptions_Used()
    {
        var strict = new PictureDiagnosisOptions { BlurThreshold = 4, NoiseThreshold = 0.00001 };

        var faults = PictureFaultClassifier.Classify(Clean, strict);

        Assert.Equal([ProbeReason.Blurred, ProbeReason.Noisy], faults);
    }

    [Fact]
    public void ColorCastDominance_OffsetOverSaturation()
    {
        Assert.Equal(0.5, PictureFaultClassifier.ColorCastDominance(Clean with { ColorCast = 20, Saturation = 40 }));
        Assert.Null(PictureFaultClassifier.ColorCastDominance(Clean with { Saturation = 0 }));
    }
}
