using System.Text;
using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Probing.Tests.Reach;

public sealed class RtspResponseParserTests
{
    private static RtspParseStatus Parse(string text, out RtspResponse? response, out int headerLength) =>
        RtspResponseParser.TryParse(Encoding.Latin1.GetBytes(text), out response, out headerLength);

    [Fact]
    public void TryParse_DescribeOk_ReadsStatusHeadersAndLength()
    {
        var text = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: 42\r\n\r\nv=0...";
        var status = Parse(text, out var response, out var headerLength);

        Assert.Equal(RtspParseStatus.Complete, status);
        Assert.Equal(200, response!.StatusCode);
        Assert.Equal("OK", response.ReasonPhrase);
        Assert.Equal("2", response.Header("cseq"));
        Assert.Equal(42, response.ContentLength);
        Assert.Equal(text.IndexOf("v=0", StringComparison.Ordinal), headerLength);
    }

    [Fact]
    public void TryParse_PartialHeader_NeedsMore()
    {
        Assert.Equal(RtspParseStatus.NeedMore, Parse("RTSP/1.0 200 OK\r\nCSeq: 1\r\n", out _, out _));
        Assert.Equal(RtspParseStatus.NeedMore, Parse("RTS", out _, out _));
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
    [InlineData("\u0000\u0001\u0002garbage")]
    [InlineData("hello")]
    public void TryParse_NonRtspAnswer_NotRtsp(string text)
    {
        Assert.Equal(RtspParseStatus.NotRtsp, Parse(text, out _, out _));
    }

    [Theory]
    [InlineData("RTSP/1.0 OK\r\n\r\n")]
    [InlineData("RTSP/1.0 2000 OK\r\n\r\n")]
    [InlineData("RTSP/1.0 200 OK\r\nno colon here\r\n\r\n")]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: -5\r\n\r\n")]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n")]
    public void TryParse_BrokenRtsp_Malformed(string text)
    {
        Assert.Equal(RtspParseStatus.Malformed, Parse(text, out _, out _));
    }

    [Fact]
    public void TryParse_EndlessHeader_MalformedInsteadOfGrowingForever()
    {
        var text = "RTSP/1.0 200 OK\r\nX: " + new string('a', RtspResponseParser.MaxHeaderBytes + 10);
        Assert.Equal(RtspParseStatus.Malformed, Parse(text, out _, out _));
    }

    [Fact]
    public void TryParse_BareLineFeedsAndRepeatedHeaders_Tolerated()
    {
        var text = "RTSP/1.0 401 Unauthorized\nCSeq: 3\nWWW-Authenticate: Digest realm=\"a\", nonce=\"b\"\nWWW-Authenticate: Basic realm=\"a\"\n\n";
        var status = Parse(text, out var response, out var headerLength);

        Assert.Equal(RtspParseStatus.Complete, status);
        Assert.Equal(401, response!.StatusCode);
        Assert.Equal(2, response.HeadersNamed("www-authenticate").Count());
        Assert.Equal(text.Length, headerLength);
    }
}
