using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Tests.Picture;

public sealed class FfmpegFailureClassifierTests
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("fail-refused", ProbeReason.Refused, "Connection refused")]
    [InlineData("fail-not-found", ProbeReason.NotFound, "404 Not Found")]
    [InlineData("fail-auth", ProbeReason.Auth, "401 Unauthorized")]
    [InlineData("fail-novideo", ProbeReason.NoVideo, "matches no streams")]
    public void Classify_SavedRealFailure_SameReasonAsL1AndL2(string fixture, ProbeReason reason, string detail)
    {
        var (got, text) = FfmpegFailureClassifier.Classify(1, PictureFixtures.Stderr(fixture), TimeSpan.FromMilliseconds(200), IoTimeout);

        Assert.Equal(reason, got);
        Assert.Contains(detail, text, StringComparison.Ordinal);
        Assert.DoesNotContain("@ 0x", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_HungPortAfterSocketTimeout_Timeout()
    {
        var (reason, detail) = FfmpegFailureClassifier.Classify(1, PictureFixtures.Stderr("fail-hung"), TimeSpan.FromSeconds(2.1), TimeSpan.FromSeconds(2));

        Assert.Equal(ProbeReason.Timeout, reason);
        Assert.Contains("2000 ms", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_InvalidDataQuickly_Protocol()
    {
        var (reason, _) = FfmpegFailureClassifier.Classify(1, PictureFixtures.Stderr("fail-hung"), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));

        Assert.Equal(ProbeReason.Protocol, reason);
    }

    [Theory]
    [InlineData("[tcp @ 0x1] Failed to resolve hostname cam.invalid: Name or service not known", ProbeReason.Dns)]
    [InlineData("rtsp://10.9.9.9/x: No route to host", ProbeReason.Unreachable)]
    [InlineData("[rtsp @ 0x1] method DESCRIBE failed: 503 Service Unavailable", ProbeReason.ServerError)]
    [InlineData("[rtsp @ 0x1] method SETUP failed: 461 Unsupported transport", ProbeReason.ServerError)]
    [InlineData("http://cam/x: Server returned 403 Forbidden (access denied)", ProbeReason.Auth)]
    [InlineData("Protocol 'file' not on whitelist 'rtsp,tcp'!", ProbeReason.Protocol)]
    [InlineData("something nobody expected", ProbeReason.Protocol)]
    [InlineData("", ProbeReason.Protocol)]
    public void Classify_CommonMessages(string stderr, ProbeReason expected) =>
        Assert.Equal(expected, FfmpegFailureClassifier.Classify(1, stderr, TimeSpan.FromSeconds(1), IoTimeout).Reason);

    [Fact]
    public void Redact_UrlUserAndPassword_Masked()
    {
        var endpoint = StreamEndpoint.Parse("rtsp://viewer:p%40ss word@127.0.0.1:8554/auth/1");
        var stderr = $"Input #0, rtsp, from '{endpoint.ToUrlWithCredentials()}':\nuser viewer pass p@ss word / p%40ss%20word\n";

        var redacted = CredentialRedactor.Redact(stderr, endpoint);

        Assert.Contains("rtsp://***@127.0.0.1:8554/auth/1", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss word", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("p%40ss%20word", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("viewer", redacted, StringComparison.Ordinal);
    }
}
