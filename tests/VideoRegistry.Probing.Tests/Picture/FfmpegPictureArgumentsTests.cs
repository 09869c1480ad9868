using System.Text.RegularExpressions;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;

namespace VideoRegistry.Probing.Tests.Picture;

public sealed class FfmpegPictureArgumentsTests
{
    private static readonly PictureDiagnosisOptions Defaults = new();

    private static IReadOnlyList<string> Build(string url, PictureDiagnosisOptions? options = null) =>
        FfmpegPictureArguments.Build(StreamEndpoint.Parse(url), options ?? Defaults, "/tmp/l3/meta.txt", "/tmp/l3/snap.jpg");

    private static string After(IReadOnlyList<string> args, string flag)
    {
        var i = args.ToList().IndexOf(flag);
        Assert.True(i >= 0 && i + 1 < args.Count, $"{flag} missing");
        return args[i + 1];
    }

    [Fact]
    public void Build_Rtsp_TcpTransportTimeoutWhitelistAndSampleBeforeInput()
    {
        var args = Build("rtsp://127.0.0.1:8554/ok/1");
        var input = args.ToList().IndexOf("-i");

        Assert.Equal("tcp", After(args, "-rtsp_transport"));
        Assert.Equal("5000000", After(args, "-timeout"));
        Assert.Equal("rtsp,tcp", After(args, "-protocol_whitelist"));
        Assert.Equal("5", After(args, "-t"));
        Assert.Equal("rtsp://127.0.0.1:8554/ok/1", After(args, "-i"));
        Assert.True(args.ToList().IndexOf("-t") < input);
        Assert.True(args.ToList().IndexOf("-protocol_whitelist") < input);
        Assert.True(args.ToList().IndexOf("-rtsp_transport") < input);
    }

    [Fact]
    public void Build_SampleAndTimeoutFromOptions()
    {
        var args = Build("rtsp://cam/1", new PictureDiagnosisOptions { SampleDuration = TimeSpan.FromSeconds(2.5), IoTimeout = TimeSpan.FromMilliseconds(1500) });

        Assert.Equal("2.5", After(args, "-t"));
        Assert.Equal("1500000", After(args, "-timeout"));
    }

    [Fact]
    public void Build_Rtmp_GenericIoTimeoutBecauseRtmpTimeoutMeansListen()
    {
        var args = Build("rtmp://10.0.0.1/live/cam1");

        Assert.DoesNotContain("-timeout", args);
        Assert.DoesNotContain("-rtsp_transport", args);
        Assert.Equal("5000000", After(args, "-rw_timeout"));
        Assert.Equal("rtmp,tcp", After(args, "-protocol_whitelist"));
    }

    [Theory]
    [InlineData("http://10.0.0.1/cam.flv", "http,tcp")]
    [InlineData("https://10.0.0.1/cam.m3u8", "https,tls,tcp")]
    [InlineData("rtsps://10.0.0.1/cam", "rtsps,tls,tcp")]
    public void Build_OtherSchemes_WhitelistOfTheirOwnProtocols(string url, string whitelist) =>
        Assert.Equal(whitelist, After(Build(url), "-protocol_whitelist"));

    [Theory]
    [InlineData("rtsp")]
    [InlineData("rtsps")]
    [InlineData("rtmp")]
    [InlineData("http")]
    [InlineData("https")]
    public void ProtocolWhitelist_NeverLocalOrPassThroughProtocols(string scheme)
    {
        var allowed = FfmpegPictureArguments.ProtocolWhitelist(scheme).Split(',');

        Assert.Empty(allowed.Intersect(FfmpegPictureArguments.NeverAllowed));
        Assert.Contains("file", FfmpegPictureArguments.NeverAllowed);
        Assert.Contains("concat", FfmpegPictureArguments.NeverAllowed);
        Assert.Contains("subfile", FfmpegPictureArguments.NeverAllowed);
        Assert.Contains("data", FfmpegPictureArguments.NeverAllowed);
        Assert.Contains("pipe", FfmpegPictureArguments.NeverAllowed);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("concat")]
    [InlineData("subfile")]
    [InlineData("data")]
    [InlineData("pipe")]
    [InlineData("RTSP")]
    [InlineData("")]
    public void ProtocolWhitelist_OtherScheme_Throws(string scheme)
    {
        Assert.False(FfmpegPictureArguments.IsAllowedScheme(scheme));
        Assert.Throws<ArgumentException>(() => FfmpegPictureArguments.ProtocolWhitelist(scheme));
    }

    [Fact]
    public void Build_Credentials_OnlyInTheInputUrl()
    {
        var args = Build("rtsp://viewer:demo-pass-2026@127.0.0.1:8554/auth/1");

        Assert.Equal("rtsp://viewer:demo-pass-2026@127.0.0.1:8554/auth/1", After(args, "-i"));
        Assert.Single(args, a => a.Contains("demo-pass-2026", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_TwoOutputs_NullDiagnosisAndOneJpegFrame()
    {
        var args = Build("rtsp://cam/1");
        var joined = string.Join(' ', args);

        Assert.Contains("-map [diag] -f null -", joined, StringComparison.Ordinal);
        Assert.Contains("-map [snap] -frames:v 1 -update 1 -q:v 3 /tmp/l3/snap.jpg", joined, StringComparison.Ordinal);
        Assert.Equal("/tmp/l3/snap.jpg", args[^1]);
        Assert.Contains("-nostdin", args);
    }

    [Fact]
    public void FilterGraph_AllDetectorsOnOneBranchAndMetadataToFile()
    {
        var graph = FfmpegPictureArguments.FilterGraph(Defaults, "/tmp/m.txt");

        Assert.Contains("blackdetect=d=1:pix_th=0.1:pic_th=0.98", graph, StringComparison.Ordinal);
        Assert.Contains("freezedetect=n=0.001:d=2", graph, StringComparison.Ordinal);
        Assert.Contains("blurdetect", graph, StringComparison.Ordinal);
        Assert.Contains("signalstats=stat=tout", graph, StringComparison.Ordinal);
        Assert.Contains("metadata=mode=print:file=/tmp/m.txt[diag]", graph, StringComparison.Ordinal);
        Assert.Contains("scale=w='min(640,iw)':h=-2", graph, StringComparison.Ordinal);
    }

    [Fact]
    public void FilterGraph_ShortSample_FreezeWindowAndSnapshotTimeShrink()
    {
        var graph = FfmpegPictureArguments.FilterGraph(new PictureDiagnosisOptions { SampleDuration = TimeSpan.FromSeconds(2) }, "/m");

        Assert.Contains("freezedetect=n=0.001:d=1,", graph, StringComparison.Ordinal);
        Assert.Contains("select='gte(t,1)'", graph, StringComparison.Ordinal);
        var shorter = FfmpegPictureArguments.FilterGraph(new PictureDiagnosisOptions { SampleDuration = TimeSpan.FromSeconds(1) }, "/m");
        Assert.Contains("freezedetect=n=0.001:d=0.5,", shorter, StringComparison.Ordinal);
        Assert.Contains("select='gte(t,0.5)'", shorter, StringComparison.Ordinal);
    }

    [Fact]
    public void FilterGraph_SameAsTheSavedOutputsWereMadeWith()
    {
        var script = File.ReadAllText(PictureFixtures.FilePath("generate.sh"));
        var saved = Regex.Match(script, "^GRAPH=\"(?<graph>[^\"]+)\"$", RegexOptions.Multiline).Groups["graph"].Value;

        Assert.Equal(FfmpegPictureArguments.FilterGraph(Defaults, "@META@"), saved);
    }

    [Theory]
    [InlineData("/tmp/plain/meta.txt", "/tmp/plain/meta.txt")]
    [InlineData("/tmp/a:b/m.txt", @"/tmp/a\\:b/m.txt")]
    [InlineData("/tmp/it's/m,1;[x].txt", @"/tmp/it\\\'s/m\,1\;\[x\].txt")]
    [InlineData(@"C:\v\m.txt", @"C\\:\\\\v\\\\m.txt")]
    public void EscapeOptionValue_BothLevels(string raw, string escaped) =>
        Assert.Equal(escaped, FfmpegPictureArguments.EscapeOptionValue(raw));
}
