using VideoRegistry.Probing.Picture;

namespace VideoRegistry.Probing.Tests.Picture;

public sealed class PictureDiagnosisParserTests
{
    private static PictureSample Fixture(string name) => PictureDiagnosisParser.Parse(PictureFixtures.Stderr(name), PictureFixtures.Metadata(name));

    [Fact]
    public void Parse_CleanPicture_AveragesEveryFrame()
    {
        var sample = Fixture("ok");

        Assert.Equal(50, sample.Frames);
        var m = sample.Measures;
        Assert.Equal(4.9, m.SampledSeconds, 3);
        Assert.Equal(125.1, m.Brightness!.Value, 1);
        Assert.Equal(111.0, m.Saturation!.Value, 1);
        Assert.InRange(m.ColorCast!.Value, 1.5, 2.5);
        Assert.Equal(4.74, m.Blur!.Value, 2);
        Assert.InRange(m.Noise!.Value, 0.00001, 0.0001);
        Assert.Equal(0, m.BlackSeconds);
        Assert.Equal(0, m.FrozenSeconds);
    }

    [Fact]
    public void Parse_CleanPicture_ReadsInputStreamFacts()
    {
        var stream = Fixture("ok").Stream;

        Assert.NotNull(stream);
        Assert.Equal("h264", stream.Codec);
        Assert.Equal(640, stream.Width);
        Assert.Equal(360, stream.Height);
        Assert.Equal(10, stream.Fps);
        Assert.True(stream.FramesArrived);
    }

    [Fact]
    public void Parse_Black_BlackIntervalReportedAtEndOfStreamAndNanBlurSkipped()
    {
        var m = Fixture("black").Measures;

        Assert.Equal(4.9, m.BlackSeconds!.Value, 3);
        Assert.Equal(16.0, m.Brightness!.Value, 1);
        Assert.Null(m.Blur);
    }

    [Fact]
    public void Parse_Frozen_OpenFreezeEndsAtLastFrame()
    {
        var m = Fixture("frozen").Measures;

        Assert.Equal(4.9, m.FrozenSeconds!.Value, 3);
        Assert.Equal(0, m.Noise!.Value, 6);
    }

    [Fact]
    public void Parse_BlackHalf_ClosedIntervalsCounted()
    {
        var m = Fixture("black-half").Measures;

        Assert.Equal(2.5, m.BlackSeconds!.Value, 3);
        Assert.Equal(2.5, m.FrozenSeconds!.Value, 3);
    }

    [Theory]
    [InlineData("freeze-early", 4.0)]
    [InlineData("freeze-late", 2.9)]
    public void Parse_FreezeAfterMotion_FromFreezeStartToEnd(string name, double frozen)
    {
        Assert.Equal(frozen, Fixture(name).Measures.FrozenSeconds!.Value, 3);
    }

    [Fact]
    public void Parse_TruncatedOutputOfKilledProcess_KeepsCompleteFrames()
    {
        var metadata = PictureFixtures.Metadata("ok");
        var cut = metadata[..(metadata.Length / 2)];

        var sample = PictureDiagnosisParser.Parse(string.Empty, cut);

        Assert.InRange(sample.Frames, 20, 30);
        Assert.Equal(125.1, sample.Measures.Brightness!.Value, 0);
        Assert.Null(sample.Stream);
    }

    [Fact]
    public void Parse_NothingDecoded_NoFramesAndNoMeasures()
    {
        var sample = PictureDiagnosisParser.Parse("rtsp://127.0.0.1:1/x: Connection refused", string.Empty);

        Assert.Equal(0, sample.Frames);
        Assert.Null(sample.Measures.Brightness);
        Assert.Null(sample.Measures.BlackSeconds);
        Assert.Null(sample.Measures.FrozenSeconds);
        Assert.Equal(0, sample.Measures.SampledSeconds);
    }

    [Fact]
    public void Parse_GarbageAndNonFiniteValues_Ignored()
    {
        const string metadata = "frame:0 pts:0 pts_time:0\nlavfi.signalstats.YAVG=nan\nlavfi.blur=inf\nnot a line\nlavfi.signalstats.YAVG\n"
            + "frame:1 pts:1 pts_time:0.5\nlavfi.signalstats.YAVG=100\nlavfi.blur=-nan\nframe:x pts:? pts_time:?\nlavfi.signalstats.YAVG=999\n";

        var sample = PictureDiagnosisParser.Parse(null, metadata);

        Assert.Equal(2, sample.Frames);
        Assert.Equal(100, sample.Measures.Brightness);
        Assert.Null(sample.Measures.Blur);
        Assert.Equal(0.5, sample.Measures.SampledSeconds);
    }

    [Fact]
    public void Parse_FreezeEndWithoutStart_Ignored_BlackClippedToSample()
    {
        const string metadata = "frame:0 pts:0 pts_time:1\nframe:1 pts:1 pts_time:3\n";
        const string stderr = "[freezedetect @ 0x0] lavfi.freezedetect.freeze_end: 2\n[blackdetect @ 0x0] black_start:0 black_end:9 black_duration:9\n";

        var m = PictureDiagnosisParser.Parse(stderr, metadata).Measures;

        Assert.Equal(0, m.FrozenSeconds);
        Assert.Equal(2, m.BlackSeconds);
    }
}
