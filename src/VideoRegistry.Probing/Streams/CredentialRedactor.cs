using System.Text;
using System.Text.RegularExpressions;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Probing.Streams;

/// <summary>
/// Scrubs credentials from text a child process wrote (ffmpeg repeats the input URL, user info included, in its
/// errors and in <c>format.filename</c>): every <c>scheme://user:pass@</c> becomes <c>scheme://***@</c>, and the
/// endpoint's user name and password, raw or URL-escaped, are masked wherever else they appear.
/// </summary>
public static partial class CredentialRedactor
{
    public const string Mask = "***";

    public static string Redact(string? text, StreamEndpoint? endpoint) =>
        Redact(text, endpoint?.UserName, endpoint?.Password);

    public static string Redact(string? text, string? userName, string? password)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var scrubbed = UserInfo().Replace(text, "://" + Mask + "@");
        var secrets = new List<string>(4);
        foreach (var secret in new[] { password, userName })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                secrets.Add(secret);
                var escaped = Uri.EscapeDataString(secret);
                if (escaped != secret)
                {
                    secrets.Add(escaped);
                }
            }
        }

        // Longest first, so a password that contains the user name is masked whole.
        foreach (var secret in secrets.OrderByDescending(s => s.Length))
        {
            scrubbed = scrubbed.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return scrubbed;
    }

    /// <summary>Keeps at most <paramref name="maxChars"/> characters of the end of <paramref name="text"/>, where ffmpeg puts the final error.</summary>
    public static string Tail(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= maxChars ? text : new StringBuilder("…").Append(text.AsSpan(text.Length - maxChars)).ToString();
    }

    [GeneratedRegex(@"://[^\s/@""']+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
