using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Tests.Registry;

public class StreamEndpointTests
{
    [Theory]
    [InlineData("rtsp://10.0.0.5:554/Streaming/Channels/101", "rtsp", 554)]
    [InlineData("RTSP://10.0.0.5/live", "rtsp", 554)]
    [InlineData("rtsps://cam.example.cn/live", "rtsps", 322)]
    [InlineData("rtmp://10.1.1.1/live/stream", "rtmp", 1935)]
    [InlineData("http://10.1.1.1:8080/live.flv", "http", 8080)]
    [InlineData("https://10.1.1.1/hls/1.m3u8", "https", 443)]
    public void TryParse_AllowedSchemes_Accepted(string url, string scheme, int port)
    {
        var parsed = StreamEndpoint.TryParse(url);
        Assert.True(parsed.Ok, parsed.Error?.Message);
        Assert.Equal(scheme, parsed.Value!.Scheme);
        Assert.Equal(port, parsed.Value.Port);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("concat:a.ts|b.ts")]
    [InlineData("pipe:0")]
    [InlineData("data:text/plain;base64,AAAA")]
    [InlineData("subfile:,,start,0,end,0,,:video.ts")]
    [InlineData("udp://239.0.0.1:1234")]
    [InlineData("ftp://10.0.0.1/a.mp4")]
    [InlineData("C:\\videos\\a.mp4")]
    [InlineData("10.0.0.5:554/live")]
    [InlineData("/dev/video0")]
    public void TryParse_OtherSchemes_Refused(string url)
    {
        var parsed = StreamEndpoint.TryParse(url);
        Assert.False(parsed.Ok);
        Assert.Equal("url_scheme", parsed.Error!.Code);
    }

    [Theory]
    [InlineData(null, "url_missing")]
    [InlineData("  ", "url_missing")]
    [InlineData("rtsp://", "url_invalid")]
    public void TryParse_Malformed_Rejected(string? url, string code)
    {
        var parsed = StreamEndpoint.TryParse(url);
        Assert.False(parsed.Ok);
        Assert.Equal(code, parsed.Error!.Code);
    }

    [Fact]
    public void TryParse_CredentialsInUrl_KeptApart()
    {
        var ep = StreamEndpoint.Parse("rtsp://admin:S3cret!x@10.0.0.5:554/ch1");
        Assert.Equal("admin", ep.UserName);
        Assert.Equal("S3cret!x", ep.Password);
        Assert.True(ep.HasCredentials);
        Assert.DoesNotContain("S3cret", ep.Uri.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("admin", ep.UrlWithoutCredentials, StringComparison.Ordinal);
        Assert.Equal("rtsp://10.0.0.5:554/ch1", ep.UrlWithoutCredentials);
    }

    [Fact]
    public void TryParse_CredentialsGivenApart_WinOverUrl()
    {
        var ep = StreamEndpoint.Parse("rtsp://old:oldpw@10.0.0.5/ch1", "viewer", "demo-pass-2026");
        Assert.Equal("viewer", ep.UserName);
        Assert.Equal("demo-pass-2026", ep.Password);
        Assert.Equal("rtsp://viewer:demo-pass-2026@10.0.0.5/ch1", ep.ToUrlWithCredentials());
    }

    [Fact]
    public void Redacted_MasksUserInfo()
    {
        var ep = StreamEndpoint.Parse("rtsp://admin:S3cret@10.0.0.5:8554/ok/7");
        Assert.Equal("rtsp://***@10.0.0.5:8554/ok/7", ep.Redacted);
        Assert.Equal(ep.Redacted, ep.ToString());
        Assert.DoesNotContain("S3cret", $"{ep}", StringComparison.Ordinal);
    }

    [Fact]
    public void Redacted_NoCredentials_NoMask()
    {
        var ep = StreamEndpoint.Parse("rtsp://127.0.0.1:8554/ok/1");
        Assert.Equal("rtsp://127.0.0.1:8554/ok/1", ep.Redacted);
        Assert.False(ep.HasCredentials);
    }

    [Fact]
    public void Redacted_QuerySecrets_Masked()
    {
        var ep = StreamEndpoint.Parse("http://10.0.0.9/live.flv?channel=2&token=abc123&Password=pw9&user=bob");
        Assert.Equal("http://10.0.0.9/live.flv?channel=2&token=***&Password=***&user=***", ep.Redacted);
        Assert.Contains("token=abc123", ep.ToUrlWithCredentials(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToUrlWithCredentials_EscapesSpecialCharacters_AndReparses()
    {
        var ep = StreamEndpoint.Parse("rtsp://10.0.0.5/ch1", "ad@min", "p:w/d@1");
        var again = StreamEndpoint.Parse(ep.ToUrlWithCredentials());
        Assert.Equal("ad@min", again.UserName);
        Assert.Equal("p:w/d@1", again.Password);
        Assert.Equal("rtsp://***@10.0.0.5/ch1", again.Redacted);
    }

    [Fact]
    public void TryParse_InvalidUrlWithPassword_ErrorDoesNotLeakIt()
    {
        var parsed = StreamEndpoint.TryParse("rtsp://admin:TopSecret9@");
        Assert.False(parsed.Ok);
        Assert.DoesNotContain("TopSecret9", parsed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactRaw_MasksUserInfo()
    {
        Assert.Equal("rtsp://***@bad host/x", StreamEndpoint.RedactRaw("rtsp://u:pw@bad host/x"));
    }
}
