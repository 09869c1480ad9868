using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Probing.Tests.Reach;

public sealed class WwwAuthenticateParserTests
{
    [Fact]
    public void Parse_TwoChallengesOneHeaderWithQuotedCommas_SplitsCorrectly()
    {
        var challenges = WwwAuthenticateParser.Parse(
            "Digest realm=\"IP Camera, main\", nonce=\"a,b=c\", qop=\"auth,auth-int\", stale=FALSE, Basic realm=\"IP Camera\"");

        Assert.Equal(2, challenges.Count);
        Assert.True(challenges[0].IsScheme("digest"));
        Assert.Equal("IP Camera, main", challenges[0]["realm"]);
        Assert.Equal("a,b=c", challenges[0]["nonce"]);
        Assert.Equal("auth,auth-int", challenges[0]["QOP"]);
        Assert.Equal("FALSE", challenges[0]["stale"]);
        Assert.True(challenges[1].IsScheme("Basic"));
        Assert.Equal("IP Camera", challenges[1]["realm"]);
    }

    [Fact]
    public void Parse_EscapesAndLooseSpacing_Unquoted()
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse("Digest   realm = \"say \\\"hi\\\"\" ,nonce=abc123"));
        Assert.Equal("say \"hi\"", challenge["realm"]);
        Assert.Equal("abc123", challenge["nonce"]);
    }

    [Fact]
    public void Parse_SeveralHeaders_Concatenates()
    {
        var challenges = WwwAuthenticateParser.Parse(["Digest realm=\"r\", nonce=\"n\"", "Basic realm=\"r\""]);
        Assert.Equal(["Digest", "Basic"], challenges.Select(c => c.Scheme));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("=\"\",,,")]
    [InlineData("Digest realm=\"unterminated")]
    public void Parse_Garbage_DoesNotThrow(string value)
    {
        var challenges = WwwAuthenticateParser.Parse(value);
        Assert.All(challenges, c => Assert.False(string.IsNullOrEmpty(c.Scheme)));
    }
}
