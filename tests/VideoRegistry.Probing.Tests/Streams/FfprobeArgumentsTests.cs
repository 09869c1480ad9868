using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Tests.Streams;

public sealed class FfprobeArgumentsTests
{
    private static readonly string[] Forbidden = ["file", "concat", "subfile", "data", "pipe", "fd", "cache", "crypto", "async", "tee"];
    private readonly StreamProbeOptions options = new() { ProbeSize = 400_000, AnalyzeDuration = TimeSpan.FromSeconds(1.5), PacketsToRead = 7 };

    [Fact]
    public void Build_Rtsp_TcpTransportSocketTimeoutInMicrosecondsAndSmallProbe()
    {
        var args = FfprobeArguments.Build(StreamEndpoint.Parse("rtsp://10.0.0.1/ch1"), options, "tcp", TimeSpan.FromSeconds(3));

        AssertPair(args, "-rtsp_transport", "tcp");
        AssertPair(args, "-timeout", "3000000");
        AssertPair(args, "-probesize", "400000");
        AssertPair(args, "-analyzeduration", "1500000");
        AssertPair(args, "-protocol_whitelist", "rtsp,rtp,tcp,udp");
        AssertPair(args, "-read_intervals", "%+#7");
        Assert.DoesNotContain("-select_streams", args);
        Assert.Contains("-count_packets", args);
        Assert.Contains("-show_streams", args);
        Assert.Contains("-show_format", args);
        Assert.DoesNotContain("-rw_timeout", args);
        Assert.Equal("rtsp://10.0.0.1/ch1", args[^1]);
    }

    [Fact]
    public void Build_RtspUdp_UdpTransport()
    {
        var args = FfprobeArguments.Build(StreamEndpoint.Parse("rtsp://10.0.0.1/ch1"), options, "udp", TimeSpan.FromSeconds(3));

        AssertPair(args, "-rtsp_transport", "udp");
    }

    [Theory]
    [InlineData("http://10.0.0.1/live.flv", "http,https,tcp,tls")]
    [InlineData("https://10.0.0.1/live.m3u8", "http,https,tcp,tls")]
    [InlineData("rtmp://10.0.0.1/live/cam", "rtmp,tcp")]
    public void Build_HttpAndRtmp_RwTimeoutAndSchemeWhitelist(string url, string whitelist)
    {
        var args = FfprobeArguments.Build(StreamEndpoint.Parse(url), options, "tcp", TimeSpan.FromMilliseconds(2500));

        AssertPair(args, "-rw_timeout", "2500000");
        AssertPair(args, "-protocol_whitelist", whitelist);
        Assert.DoesNotContain("-rtsp_transport", args);
    }

    [Fact]
    public void Build_CredentialsOnlyInTheUrlArgument()
    {
        var endpoint = StreamEndpoint.Parse("rtsp://10.0.0.1/ch1", "admin", "p@ss:w/rd");

        var args = FfprobeArguments.Build(endpoint, options, "tcp", TimeSpan.FromSeconds(3));

        Assert.Equal("rtsp://admin:p%40ss%3Aw%2Frd@10.0.0.1/ch1", args[^1]);
        Assert.All(args.Take(args.Count - 1), a => Assert.DoesNotContain("admin", a, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rtsp")]
    [InlineData("rtsps")]
    [InlineData("http")]
    [InlineData("https")]
    [InlineData("rtmp")]
    public void ProtocolWhitelist_AllowedScheme_NeverLocalOrNestingProtocols(string scheme)
    {
        var whitelist = FfprobeArguments.ProtocolWhitelist(scheme)!.Split(',');

        Assert.Contains(scheme, whitelist);
        Assert.Empty(whitelist.Intersect(Forbidden));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("concat")]
    [InlineData("subfile")]
    [InlineData("data")]
    [InlineData("pipe")]
    [InlineData("udp")]
    [InlineData("")]
    [InlineData(null)]
    public void ProtocolWhitelist_OtherScheme_Null(string? scheme) => Assert.Null(FfprobeArguments.ProtocolWhitelist(scheme));

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("concat:rtsp://10.0.0.1/a|file:///etc/passwd")]
    [InlineData("subfile:,start,0,end,0,:/etc/passwd")]
    [InlineData("data:text/plain;base64,AAAA")]
    [InlineData("pipe:0")]
    public void ForbiddenTarget_CannotBecomeAnEndpoint(string url) => Assert.False(StreamEndpoint.TryParse(url).Ok);

    private static void AssertPair(IReadOnlyList<string> args, string flag, string value)
    {
        var at = args.ToList().IndexOf(flag);
        Assert.True(at >= 0 && at + 1 < args.Count, $"{flag} missing");
        Assert.Equal(value, args[at + 1]);
    }
}
