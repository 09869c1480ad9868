using System.Text;

namespace VideoRegistry.Probing.Reach;

/// <summary>One challenge of a WWW-Authenticate header: a scheme (Basic, Digest) and its parameters.</summary>
public sealed class AuthChallenge
{
    public AuthChallenge(string scheme, IReadOnlyDictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    public string Scheme { get; }

    /// <summary>Parameter names are case-insensitive; values are unquoted.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    public bool IsScheme(string scheme) => string.Equals(Scheme, scheme, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Parses WWW-Authenticate values (RFC 7235 grammar): several challenges in one header, commas inside quoted
/// strings, backslash escapes, and loose spacing as cameras send it. Never throws.
/// </summary>
public static class WwwAuthenticateParser
{
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        var all = new List<AuthChallenge>();
        foreach (var value in headerValues)
        {
            all.AddRange(Parse(value));
        }

        return all;
    }

    public static IReadOnlyList<AuthChallenge> Parse(string? value)
    {
        var challenges = new List<AuthChallenge>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return challenges;
        }

        string? scheme = null;
        Dictionary<string, string>? parameters = null;
        var i = 0;
        while (true)
        {
            SkipSeparators(value, ref i);
            if (i >= value.Length)
            {
                break;
            }

            var token = ReadToken(value, ref i);
            if (token.Length == 0)
            {
                i++; // a stray character (quote, '='): skip it rather than loop
                continue;
            }

            var j = i;
            SkipSpaces(value, ref j);
            if (j < value.Length && value[j] == '=' && scheme is not null)
            {
                i = j + 1;
                SkipSpaces(value, ref i);
                var paramValue = i < value.Length && value[i] == '"' ? ReadQuoted(value, ref i) : ReadToken(value, ref i);
                parameters![token] = paramValue;
                continue;
            }

            if (scheme is not null)
            {
                challenges.Add(new AuthChallenge(scheme, parameters!));
            }

            scheme = token;
            parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        if (scheme is not null)
        {
            challenges.Add(new AuthChallenge(scheme, parameters!));
        }

        return challenges;
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ',' || char.IsWhiteSpace(s[i])))
        {
            i++;
        }
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t'))
        {
            i++;
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] != ',' && s[i] != '=' && s[i] != '"' && !char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var sb = new StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            sb.Append(s[i]);
            i++;
        }

        i = Math.Min(i + 1, s.Length); // closing quote (tolerate a missing one)
        return sb.ToString();
    }
}
