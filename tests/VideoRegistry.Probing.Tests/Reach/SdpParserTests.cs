using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Probing.Tests.Reach;

public sealed class SdpParserTests
{
    private const string CameraSdp =
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Session\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\n" +
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=framerate:15\r\na=x-dimensions:640,360\r\na=control:stream=0\r\n" +
        "m=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";

    [Fact]
    public void Parse_VideoAndAudio_TwoSectionsWithCodecs()
    {
        var media = SdpParser.Parse(CameraSdp);

        Assert.Equal(["video", "audio"], media.Select(m => m.Kind));
        Assert.Equal("h264", media[0].Codec);
        Assert.Equal(15, media[0].Fps);
        Assert.Equal((640, 360), (media[0].Width!.Value, media[0].Height!.Value));
        Assert.Equal("pcma", media[1].Codec);
    }

    [Theory]
    [InlineData("m=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\n", "hevc")]
    [InlineData("m=video 0 RTP/AVP 97\na=rtpmap:97 HEVC/90000\n", "hevc")]
    [InlineData("m=video 0 RTP/AVP 26\n", "mjpeg")]
    [InlineData("m=video 0 RTP/AVP 98\na=rtpmap:98 MP4V-ES/90000\n", "mpeg4")]
    [InlineData("m=video 0 RTP/AVP 96\n", null)]
    public void FirstVideo_Codecs_NormalisedToFfprobeNames(string sdp, string? codec)
    {
        var video = SdpParser.FirstVideo(sdp);
        Assert.NotNull(video);
        Assert.Equal(codec, video.Codec);
    }

    [Theory]
    [InlineData("v=0\r\nm=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")]
    [InlineData("")]
    [InlineData("not an sdp at all")]
    [InlineData("<html><body>login</body></html>")]
    public void FirstVideo_NoVideoSection_Null(string sdp)
    {
        Assert.Null(SdpParser.FirstVideo(sdp));
    }

    [Fact]
    public void Parse_RtpmapOfOtherSection_NotMixedUp()
    {
        var sdp = "m=audio 0 RTP/AVP 96\na=rtpmap:96 MPEG4-GENERIC/48000\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n";
        Assert.Equal("h264", SdpParser.FirstVideo(sdp)!.Codec);
    }
}
