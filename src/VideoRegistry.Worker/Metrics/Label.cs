using System.Text;

namespace VideoRegistry.Worker.Metrics;

/// <summary>Label values from registry text: control characters become spaces, length is bounded, empty stays empty.</summary>
internal static class Label
{
    private const int MaxLength = 128;

    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var needs = value.Length > MaxLength;
        foreach (var ch in value)
        {
            if (char.IsControl(ch))
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return value.Trim();
        }

        var sb = new StringBuilder(Math.Min(value.Length, MaxLength));
        foreach (var ch in value)
        {
            if (sb.Length >= MaxLength)
            {
                break;
            }

            sb.Append(char.IsControl(ch) ? ' ' : ch);
        }

        // Never cut a surrogate pair in half: the label must stay valid UTF-8.
        if (sb.Length > 0 && char.IsHighSurrogate(sb[^1]))
        {
            sb.Length--;
        }

        return sb.ToString().Trim();
    }

    /// <summary>Site type label: registry vocabulary, "other" when the registry leaves it empty.</summary>
    public static string SiteType(string? value) => Clean(value) is { Length: > 0 } s ? s : "other";
}
