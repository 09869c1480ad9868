using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Tests.Streams;

public sealed class FfprobeErrorClassifierTests
{
    public static TheoryData<string, ProbeReason> SavedRuns() => new()
    {
        { "refused", ProbeReason.Refused },
        { "hung", ProbeReason.Timeout },
        { "dns", ProbeReason.Dns },
        { "http-ok", ProbeReason.None },
        { "http-audio-only", ProbeReason.NoVideo },
        { "http-404", ProbeReason.NotFound },
        { "http-garbage", ProbeReason.Protocol },
        { "http-hung", ProbeReason.Timeout },
        { "http-file-playlist", ProbeReason.Protocol },
        { "rtmp-hung", ProbeReason.Timeout },
    };

    public static TheoryData<string, ProbeReason> SavedSimulatorRuns() => new()
    {
        { "rtsp-ok", ProbeReason.None },
        { "rtsp-black", ProbeReason.None },
        { "rtsp-auth-ok", ProbeReason.None },
        { "rtsp-auth-wrong", ProbeReason.Auth },
        { "rtsp-auth-none", ProbeReason.Auth },
        { "rtsp-missing", ProbeReason.NotFound },
        { "rtsp-novideo", ProbeReason.NoVideo },
        { "rtsp-hung", ProbeReason.Timeout },
    };

    [Theory]
    [MemberData(nameof(SavedRuns))]
    public void Classify_SavedRealRun_ExpectedReason(string fixture, ProbeReason expected) => AssertClassified(fixture, expected);

    [Theory]
    [MemberData(nameof(SavedSimulatorRuns))]
    public void Classify_SavedSimulatorRun_ExpectedReason(string fixture, ProbeReason expected) => AssertClassified(fixture, expected);

    [Fact]
    public void Classify_SavedRuns_DetailsNeverCarryTheEchoedUrl()
    {
        foreach (var name in new[] { "refused", "dns", "http-404", "http-hung" })
        {
            var saved = FfprobeFixture.Load(name);
            var verdict = FfprobeErrorClassifier.Classify(saved.Run(), FfprobeJsonParser.Parse(saved.StandardOutput));

            Assert.DoesNotContain("://", verdict.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("0x", verdict.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Classify_HungRunEndedBeforeSocketTimeout_ProtocolNotTimeout()
    {
        var saved = FfprobeFixture.Load("hung");
        var early = saved.Run() with { Elapsed = TimeSpan.FromMilliseconds(150) };

        var verdict = FfprobeErrorClassifier.Classify(early, null);

        Assert.Equal(ProbeReason.Protocol, verdict.Reason);
    }

    [Fact]
    public void Classify_OurDeadlineFired_TimeoutWhateverStderrSays()
    {
        var run = new FfprobeRun(null, "rtsp://h/x: Connection refused\n", TimeSpan.FromSeconds(2), DeadlineFired: true, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.5));

        var verdict = FfprobeErrorClassifier.Classify(run, null);

        Assert.Equal(ProbeReason.Timeout, verdict.Reason);
        Assert.Contains("2000 ms", verdict.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized\nrtsp://h/x: Server returned 401 Unauthorized (authorization failed)", ProbeReason.Auth)]
    [InlineData("[rtsp @ 0x55] method DESCRIBE failed: 403 Forbidden", ProbeReason.Auth)]
    [InlineData("[rtsp @ 0x55] method DESCRIBE failed: 404 Not Found", ProbeReason.NotFound)]
    [InlineData("[rtsp @ 0x55] method DESCRIBE failed: 503 Service Unavailable", ProbeReason.ServerError)]
    [InlineData("[rtsp @ 0x55] method SETUP failed: 461 Unsupported transport", ProbeReason.ServerError)]
    [InlineData("http://h/x: Server returned 5XX Server Error reply", ProbeReason.ServerError)]
    [InlineData("http://h/x: Server returned 403 Forbidden (access denied)", ProbeReason.Auth)]
    [InlineData("[tcp @ 0x1] Connection to tcp://10.1.1.1:554 failed: No route to host", ProbeReason.Unreachable)]
    [InlineData("[tcp @ 0x1] Connection to tcp://10.1.1.1:554 failed: Network is unreachable", ProbeReason.Unreachable)]
    [InlineData("[tcp @ 0x1] Failed to resolve hostname cam: Temporary failure in name resolution", ProbeReason.Dns)]
    [InlineData("rtsp://h/x: Connection reset by peer", ProbeReason.Protocol)]
    [InlineData("", ProbeReason.Protocol)]
    public void Classify_FfmpegMessages_Taxonomy(string stderr, ProbeReason expected)
    {
        var run = new FfprobeRun(1, stderr, TimeSpan.FromMilliseconds(200), DeadlineFired: false, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));

        Assert.Equal(expected, FfprobeErrorClassifier.Classify(run, null).Reason);
    }

    [Fact]
    public void Classify_ExitZeroVideoAnnouncedButNoPackets_NoVideo()
    {
        var report = new FfprobeReport { Video = new StreamFacts { Codec = "h264", Width = 640, Height = 360, FramesArrived = false }, PacketsRead = 0 };

        var verdict = FfprobeErrorClassifier.Classify(new FfprobeRun(0, string.Empty, TimeSpan.FromSeconds(1), false, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), report);

        Assert.Equal(ProbeReason.NoVideo, verdict.Reason);
    }

    [Fact]
    public void Classify_ExitZeroVideoWithoutSize_Decode()
    {
        var report = new FfprobeReport { Video = new StreamFacts { Codec = "h264", FramesArrived = true }, PacketsRead = 5 };
        const string stderr = "[rtsp @ 0x1] Could not find codec parameters for stream 0 (Video: h264, none): unspecified size\n";

        var verdict = FfprobeErrorClassifier.Classify(new FfprobeRun(0, stderr, TimeSpan.FromSeconds(1), false, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), report);

        Assert.Equal(ProbeReason.Decode, verdict.Reason);
        Assert.Contains("unspecified size", verdict.Detail, StringComparison.Ordinal);
    }

    private static void AssertClassified(string fixture, ProbeReason expected)
    {
        Assert.True(FfprobeFixture.Exists(fixture), $"fixture {fixture} missing: run tests/fixtures/ffprobe/generate.sh");
        var saved = FfprobeFixture.Load(fixture);

        var verdict = FfprobeErrorClassifier.Classify(saved.Run(), FfprobeJsonParser.Parse(saved.StandardOutput));

        Assert.True(expected == verdict.Reason, $"{fixture}: expected {expected}, got {verdict.Reason} ({verdict.Detail})");
        Assert.False(string.IsNullOrWhiteSpace(verdict.Detail));
    }
}
