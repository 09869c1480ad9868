using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Tests.Streams;

public sealed class FfprobeJsonParserTests
{
    [Fact]
    public void Parse_HttpH264Clip_CodecSizeFpsAndPacketsRead()
    {
        var report = FfprobeJsonParser.Parse(FfprobeFixture.Load("http-ok").StandardOutput);

        Assert.Null(report.Problem);
        Assert.Equal("mpegts", report.FormatName);
        Assert.Equal("h264", report.Video!.Codec);
        Assert.Equal(640, report.Video.Width);
        Assert.Equal(360, report.Video.Height);
        Assert.Equal(10, report.Video.Fps);
        Assert.Equal(8, report.PacketsRead);
        Assert.True(report.Video.FramesArrived);
    }

    [Theory]
    [InlineData("rtsp-ok")]
    [InlineData("rtsp-auth-ok")]
    [InlineData("rtsp-black")]
    public void Parse_SimulatorRtsp_H264At640x360With10Fps(string fixture)
    {
        var report = FfprobeJsonParser.Parse(FfprobeFixture.Load(fixture).StandardOutput);

        Assert.Equal("rtsp", report.FormatName);
        Assert.Equal(new StreamFacts { Codec = "h264", Width = 640, Height = 360, Fps = 10, FramesArrived = true }, report.Video);
        Assert.Equal(8, report.PacketsRead);
    }

    [Fact]
    public void Parse_SimulatorAudioOnlyRtsp_NoVideoStream()
    {
        var report = FfprobeJsonParser.Parse(FfprobeFixture.Load("rtsp-novideo").StandardOutput);

        Assert.Null(report.Problem);
        Assert.Null(report.Video);
    }

    [Fact]
    public void Parse_AudioOnlyClip_NoVideoStream()
    {
        var report = FfprobeJsonParser.Parse(FfprobeFixture.Load("http-audio-only").StandardOutput);

        Assert.Null(report.Problem);
        Assert.Null(report.Video);
        Assert.Equal("mpegts", report.FormatName);
    }

    [Theory]
    [InlineData("refused")]
    [InlineData("hung")]
    [InlineData("http-404")]
    public void Parse_OutputOfFailedRun_Problem(string fixture)
    {
        var report = FfprobeJsonParser.Parse(FfprobeFixture.Load(fixture).StandardOutput);

        Assert.NotNull(report.Problem);
        Assert.Null(report.Video);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"streams\": [")]
    [InlineData("not json at all")]
    public void Parse_EmptyOrBrokenJson_ProblemNotException(string json)
    {
        var report = FfprobeJsonParser.Parse(json);

        Assert.NotNull(report.Problem);
    }

    [Fact]
    public void Parse_VideoWithoutPacketCountOrRates_FramesNotArrivedAndNoFps()
    {
        const string json = """
            {"streams":[{"index":0,"codec_name":"h264","codec_type":"video","width":1920,"height":1080,"r_frame_rate":"0/0","avg_frame_rate":"0/0"}],
             "format":{"filename":"rtsp://***@10.0.0.1/x","nb_streams":1,"format_name":"rtsp"}}
            """;

        var report = FfprobeJsonParser.Parse(json);

        Assert.Equal(1920, report.Video!.Width);
        Assert.Null(report.Video.Fps);
        Assert.Null(report.PacketsRead);
        Assert.False(report.Video.FramesArrived);
    }

    [Fact]
    public void Parse_AverageRateMissing_FallsBackToRealFrameRate()
    {
        const string json = """
            {"streams":[{"index":0,"codec_name":"hevc","codec_type":"video","width":2560,"height":1440,"r_frame_rate":"25/1","avg_frame_rate":"0/0","nb_read_packets":"3","bit_rate":"2048000"}],
             "format":{"filename":"x","nb_streams":1,"format_name":"rtsp"}}
            """;

        var report = FfprobeJsonParser.Parse(json);

        Assert.Equal(25, report.Video!.Fps);
        Assert.Equal(2_048_000, report.Video.BitRate);
        Assert.Equal(3, report.PacketsRead);
        Assert.True(report.Video.FramesArrived);
    }
}
