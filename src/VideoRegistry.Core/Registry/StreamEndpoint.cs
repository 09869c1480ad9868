using System.Text;

namespace VideoRegistry.Core.Registry;

/// <summary>
/// A camera stream address with its credentials held apart. <see cref="ToString"/> never shows them:
/// <c>rtsp://***@host:port/path</c>. Only rtsp, rtsps, rtmp, http and https are representable, so nothing
/// else (file:, concat:, pipe: …) can ever reach ffmpeg.
/// </summary>
public sealed record StreamEndpoint
{
    private static readonly string[] SensitiveQueryKeys = ["password", "passwd", "pwd", "pass", "user", "username", "token", "key", "auth", "secret", "sign", "signature"];

    private StreamEndpoint(Uri uri, string? userName, string? password)
    {
        Uri = uri;
        UserName = userName;
        Password = password;
    }

    public static IReadOnlyList<string> AllowedSchemes { get; } = ["rtsp", "rtsps", "rtmp", "http", "https"];

    /// <summary>The address without user info (the query may still hold secrets: use <see cref="Redacted"/> to show it).</summary>
    public Uri Uri { get; }

    public string? UserName { get; }

    public string? Password { get; }

    public bool HasCredentials => UserName is not null || Password is not null;

    public string Scheme => Uri.Scheme;

    public string Host => Uri.IdnHost;

    public int Port => Uri.IsDefaultPort || Uri.Port < 0 ? DefaultPort(Uri.Scheme) : Uri.Port;

    /// <summary>Path and query as sent in a request line.</summary>
    public string PathAndQuery => Uri.PathAndQuery;

    /// <summary>Safe to log and return from APIs.</summary>
    public string Redacted => Format(includeCredentials: false);

    public override string ToString() => Redacted;

    /// <summary>The full URL with credentials, for the prober and an explicit export only. Never log it.</summary>
    public string ToUrlWithCredentials() => Format(includeCredentials: true);

    /// <summary>The URL without credentials, for storage beside separately stored credentials.</summary>
    public string UrlWithoutCredentials => Uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);

    public static int DefaultPort(string scheme) => scheme switch
    {
        "rtsp" => 554,
        "rtsps" => 322,
        "rtmp" => 1935,
        "http" => 80,
        "https" => 443,
        _ => -1,
    };

    public static StreamEndpoint Parse(string? url, string? userName = null, string? password = null)
    {
        var parsed = TryParse(url, userName, password);
        return parsed.Ok ? parsed.Value! : throw new FormatException(parsed.Error!.Message);
    }

    /// <summary>
    /// Parses a stream URL; credentials may be in the URL's user info or given apart (given ones win).
    /// Error messages never repeat the credentials.
    /// </summary>
    public static Parsed<StreamEndpoint> TryParse(string? url, string? userName = null, string? password = null)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return Parsed<StreamEndpoint>.Fail("url_missing", "取流地址为空 / stream URL is empty");
        }

        var trimmed = url.Trim();
        var schemeEnd = trimmed.IndexOf(':', StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? trimmed[..schemeEnd].ToLowerInvariant() : string.Empty;
        if (schemeEnd <= 0 || !AllowedSchemes.Contains(scheme))
        {
            var shown = schemeEnd > 0 ? scheme : "(none)";
            return Parsed<StreamEndpoint>.Fail(
                "url_scheme",
                $"不允许的取流协议 '{shown}' / stream scheme '{shown}' is not allowed; expected one of {string.Join(", ", AllowedSchemes)}");
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return Parsed<StreamEndpoint>.Fail(
                "url_invalid",
                $"取流地址格式错误 '{RedactRaw(trimmed)}' / stream URL '{RedactRaw(trimmed)}' is not a valid {scheme}://host[:port]/path address");
        }

        string? user = null, pass = null;
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon >= 0 ? uri.UserInfo[..colon] : uri.UserInfo);
            pass = colon >= 0 ? Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]) : null;
        }

        if (!string.IsNullOrEmpty(userName))
        {
            user = userName;
        }

        if (!string.IsNullOrEmpty(password))
        {
            pass = password;
        }

        var bare = string.IsNullOrEmpty(uri.UserInfo) ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
        return Parsed<StreamEndpoint>.Success(new StreamEndpoint(bare, string.IsNullOrEmpty(user) ? null : user, string.IsNullOrEmpty(pass) ? null : pass));
    }

    /// <summary>Masks user info in a raw string that failed to parse, so a bad URL in an error never leaks a password.</summary>
    public static string RedactRaw(string raw)
    {
        var at = raw.LastIndexOf('@');
        var start = raw.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && start >= 0 && at > start ? string.Concat(raw.AsSpan(0, start + 3), "***", raw.AsSpan(at)) : raw;
    }

    private string Format(bool includeCredentials)
    {
        var sb = new StringBuilder();
        sb.Append(Uri.Scheme).Append("://");
        if (HasCredentials)
        {
            if (includeCredentials)
            {
                sb.Append(Uri.EscapeDataString(UserName ?? string.Empty));
                if (Password is not null)
                {
                    sb.Append(':').Append(Uri.EscapeDataString(Password));
                }
            }
            else
            {
                sb.Append("***");
            }

            sb.Append('@');
        }

        sb.Append(Uri.Authority);
        sb.Append(Uri.AbsolutePath);
        if (!string.IsNullOrEmpty(Uri.Query))
        {
            sb.Append(includeCredentials ? Uri.Query : RedactQuery(Uri.Query));
        }

        return sb.ToString();
    }

    private static string RedactQuery(string query)
    {
        var parts = query.TrimStart('?').Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && SensitiveQueryKeys.Contains(parts[i][..eq].ToLowerInvariant()))
            {
                parts[i] = parts[i][..eq] + "=***";
            }
        }

        return "?" + string.Join('&', parts);
    }
}
