using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Probing.Tests.Reach;

public sealed class DigestAuthenticatorTests
{
    [Fact]
    public void ComputeResponse_Rfc2617Example_MatchesPublishedValue()
    {
        // RFC 2617 section 3.5.
        var response = DigestAuthenticator.ComputeResponse(
            "MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void ComputeResponse_Rfc7616Md5Example_MatchesPublishedValue()
    {
        // RFC 7616 section 3.9.1, MD5.
        var response = DigestAuthenticator.ComputeResponse(
            "MD5", "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal("8ca523f5e9506fed4657c9700eebdbec", response);
    }

    [Fact]
    public void ComputeResponse_Rfc7616Sha256Example_MatchesPublishedValue()
    {
        // RFC 7616 section 3.9.1, SHA-256.
        var response = DigestAuthenticator.ComputeResponse(
            "SHA-256", "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", response);
    }

    [Fact]
    public void ComputeResponse_NoQop_UsesRfc2069Form()
    {
        // Computed independently (python hashlib): H(HA1:nonce:HA2) with HA1 = MD5("Mufasa:testrealm@host.com:Circle Of Life"), HA2 = MD5("GET:/dir/index.html").
        var response = DigestAuthenticator.ComputeResponse(
            null, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, string.Empty, string.Empty);

        Assert.Equal("670fd8c2df070c60b045671b8b24ff02", response);
    }

    [Theory]
    [InlineData("auth", "auth")]
    [InlineData("auth-int,auth", "auth")]
    [InlineData("auth-int", "auth-int")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ChooseQop_OfferedOptions_PicksAuth(string? offered, string? expected)
    {
        Assert.Equal(expected, DigestAuthenticator.ChooseQop(offered));
    }

    [Fact]
    public void HeaderFor_DigestWithQop_CountsNonceAndCarriesOpaque()
    {
        var challenges = WwwAuthenticateParser.Parse("Digest realm=\"cam\", nonce=\"n1\", qop=\"auth\", opaque=\"op\"");
        Assert.True(SessionAuthorization.TryCreate(challenges, "viewer", "secret", "c0ffee", out var auth));

        var first = auth!.HeaderFor("OPTIONS", "rtsp://h/x");
        var second = auth.HeaderFor("DESCRIBE", "rtsp://h/x");
        var expected = DigestAuthenticator.ComputeResponse(null, "viewer", "cam", "secret", "DESCRIBE", "rtsp://h/x", "n1", "auth", "00000002", "c0ffee");

        Assert.Contains("nc=00000001", first, StringComparison.Ordinal);
        Assert.Contains("nc=00000002", second, StringComparison.Ordinal);
        Assert.Contains($"response=\"{expected}\"", second, StringComparison.Ordinal);
        Assert.Contains("opaque=\"op\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", second, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_DigestAndBasicOffered_PrefersDigest()
    {
        var challenges = WwwAuthenticateParser.Parse(["Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"n\""]);
        Assert.True(SessionAuthorization.TryCreate(challenges, "u", "p", null, out var auth));
        Assert.Equal("Digest", auth!.Scheme);
    }

    [Fact]
    public void TryCreate_OnlyBasic_SendsBase64Credentials()
    {
        Assert.True(SessionAuthorization.TryCreate(WwwAuthenticateParser.Parse("Basic realm=\"cam\""), "viewer", "demo-pass-2026", null, out var auth));
        Assert.Equal("Basic dmlld2VyOmRlbW8tcGFzcy0yMDI2", auth!.HeaderFor("DESCRIBE", "rtsp://h/x"));
    }

    [Fact]
    public void TryCreate_UnknownSchemeOrAlgorithm_False()
    {
        Assert.False(SessionAuthorization.TryCreate(WwwAuthenticateParser.Parse("Negotiate, Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"), "u", "p", null, out _));
    }
}
