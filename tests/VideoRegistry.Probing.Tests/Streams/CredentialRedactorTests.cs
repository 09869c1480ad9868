using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Tests.Streams;

public sealed class CredentialRedactorTests
{
    [Fact]
    public void Redact_UserInfoInAnyUrl_Masked()
    {
        const string stderr = "[tcp @ 0x1] Connection to tcp://10.0.0.1:554 failed\nrtsp://viewer:demo-pass-2026@10.0.0.1:554/auth/1: Connection refused\n";

        var redacted = CredentialRedactor.Redact(stderr, null, null);

        Assert.Contains("rtsp://***@10.0.0.1:554/auth/1", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-pass-2026", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("viewer", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_PasswordAndUserOutsideUrls_MaskedRawAndEscaped()
    {
        var endpoint = StreamEndpoint.Parse("rtsp://10.0.0.1/x", "admin", "s3cr@t/pw");

        var redacted = CredentialRedactor.Redact("user admin sent s3cr@t/pw, escaped s3cr%40t%2Fpw", endpoint);

        Assert.Equal("user *** sent ***, escaped ***", redacted);
    }

    [Fact]
    public void Redact_PasswordContainingUserName_MaskedWhole()
    {
        var redacted = CredentialRedactor.Redact("x admin123 y", "admin", "admin123");

        Assert.Equal("x *** y", redacted);
    }

    [Fact]
    public void Redact_NullOrEmpty_Empty()
    {
        Assert.Equal(string.Empty, CredentialRedactor.Redact(null, "u", "p"));
        Assert.Equal(string.Empty, CredentialRedactor.Redact(string.Empty, null));
    }

    [Fact]
    public void Tail_LongText_KeepsTheEnd()
    {
        var tail = CredentialRedactor.Tail(new string('a', 100) + "END", 10);

        Assert.EndsWith("END", tail, StringComparison.Ordinal);
        Assert.True(tail.Length <= 11);
    }
}
