using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VideoRegistry.Probing.Reach;

/// <summary>HTTP/RTSP Digest arithmetic (RFC 2617, RFC 7616): MD5, MD5-sess, SHA-256, SHA-256-sess; qop none, auth, auth-int.</summary>
public static class DigestAuthenticator
{
    public static bool IsSupportedAlgorithm(string? algorithm) => algorithm is null
        || algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase) || algorithm.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase)
        || algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase) || algorithm.Equals("SHA-256-sess", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request-digest ("response") value. <paramref name="qop"/> null means the RFC 2069 form without nc/cnonce.</summary>
    public static string ComputeResponse(
        string? algorithm, string userName, string realm, string password, string method, string uri, string nonce,
        string? qop, string nonceCount, string cnonce, ReadOnlySpan<byte> entityBody = default)
    {
        var sha256 = algorithm is not null && algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase);
        var session = algorithm is not null && algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);
        var ha1 = Hash(sha256, $"{userName}:{realm}:{password}");
        if (session)
        {
            ha1 = Hash(sha256, $"{ha1}:{nonce}:{cnonce}");
        }

        var ha2 = string.Equals(qop, "auth-int", StringComparison.OrdinalIgnoreCase)
            ? Hash(sha256, $"{method}:{uri}:{Hash(sha256, entityBody)}")
            : Hash(sha256, $"{method}:{uri}");
        return qop is null
            ? Hash(sha256, $"{ha1}:{nonce}:{ha2}")
            : Hash(sha256, $"{ha1}:{nonce}:{nonceCount}:{cnonce}:{qop}:{ha2}");
    }

    /// <summary>The qop we answer with: "auth" when offered, else "auth-int", else none (RFC 2069 server).</summary>
    public static string? ChooseQop(string? offered)
    {
        if (string.IsNullOrWhiteSpace(offered))
        {
            return null;
        }

        var options = offered.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (options.Contains("auth", StringComparer.OrdinalIgnoreCase))
        {
            return "auth";
        }

        return options.Contains("auth-int", StringComparer.OrdinalIgnoreCase) ? "auth-int" : null;
    }

    public static string NewClientNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string FormatNonceCount(int count) => count.ToString("x8", CultureInfo.InvariantCulture);

    private static string Hash(bool sha256, string text) => Hash(sha256, Encoding.UTF8.GetBytes(text));

    private static string Hash(bool sha256, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
#pragma warning disable CA5351 // MD5 is what RTSP cameras speak (RFC 2617 Digest); not used for our own security.
        var written = sha256 ? SHA256.HashData(data, hash) : MD5.HashData(data, hash);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash[..written]);
    }
}

/// <summary>
/// Authorization for one probe session, chosen from the server's challenges: Digest (SHA-256 preferred over MD5)
/// over Basic. Keeps the nonce count so every request of the session gets a fresh nc.
/// </summary>
public sealed class SessionAuthorization
{
    private readonly AuthChallenge challenge;
    private readonly string userName;
    private readonly string password;
    private readonly string cnonce;
    private readonly string? qop;
    private int nonceCount;

    private SessionAuthorization(AuthChallenge challenge, string userName, string password, string cnonce)
    {
        this.challenge = challenge;
        this.userName = userName;
        this.password = password;
        this.cnonce = cnonce;
        qop = challenge.IsScheme("Digest") ? DigestAuthenticator.ChooseQop(challenge["qop"]) : null;
    }

    public string Scheme => challenge.Scheme;

    /// <summary>Picks the strongest challenge we can answer; false when none is usable (unknown scheme or algorithm, no nonce).</summary>
    public static bool TryCreate(
        IReadOnlyList<AuthChallenge> challenges, string userName, string password, string? cnonce, out SessionAuthorization? authorization)
    {
        var digest = challenges
            .Where(c => c.IsScheme("Digest") && c["nonce"] is not null && DigestAuthenticator.IsSupportedAlgorithm(c["algorithm"]))
            .OrderByDescending(c => c["algorithm"]?.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase) == true)
            .FirstOrDefault();
        var chosen = digest ?? challenges.FirstOrDefault(c => c.IsScheme("Basic"));
        authorization = chosen is null ? null : new SessionAuthorization(chosen, userName, password, cnonce ?? DigestAuthenticator.NewClientNonce());
        return authorization is not null;
    }

    /// <summary>The Authorization header value for one request. Contains a secret (Basic) or its digest: never log it.</summary>
    public string HeaderFor(string method, string uri)
    {
        if (challenge.IsScheme("Basic"))
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));
        }

        var realm = challenge["realm"] ?? string.Empty;
        var nonce = challenge["nonce"]!;
        var algorithm = challenge["algorithm"];
        var nc = DigestAuthenticator.FormatNonceCount(++nonceCount);
        var response = DigestAuthenticator.ComputeResponse(algorithm, userName, realm, password, method, uri, nonce, qop, nc, cnonce);
        var sb = new StringBuilder(256);
        sb.Append("Digest username=\"").Append(Escape(userName))
            .Append("\", realm=\"").Append(Escape(realm))
            .Append("\", nonce=\"").Append(Escape(nonce))
            .Append("\", uri=\"").Append(Escape(uri))
            .Append("\", response=\"").Append(response).Append('"');
        if (algorithm is not null)
        {
            sb.Append(", algorithm=").Append(algorithm);
        }

        if (qop is not null)
        {
            sb.Append(", qop=").Append(qop).Append(", nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append('"');
        }

        if (challenge["opaque"] is { } opaque)
        {
            sb.Append(", opaque=\"").Append(Escape(opaque)).Append('"');
        }

        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
