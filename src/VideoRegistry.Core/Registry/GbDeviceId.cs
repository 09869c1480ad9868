using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VideoRegistry.Core.Registry;

/// <summary>
/// A 20-digit GB/T 28181 device code: centre (8) + industry (2) + type (3) + network (1) + serial (6).
/// </summary>
public sealed partial record GbDeviceId
{
    public const int Length = 20;

    private static readonly HashSet<int> CameraTypes = [131, 132, 121, 122];

    private GbDeviceId(string value) => Value = value;

    public string Value { get; }

    /// <summary>Six-digit administrative division code (province + city + county), e.g. 620622.</summary>
    public string AdminCode => Value[..6];

    public string BasicUnit => Value[6..8];

    public string CentreCode => Value[..8];

    public int Industry => int.Parse(Value.AsSpan(8, 2), CultureInfo.InvariantCulture);

    public int TypeCode => int.Parse(Value.AsSpan(10, 3), CultureInfo.InvariantCulture);

    /// <summary>The network digit; its meaning depends on the standard edition, see <see cref="GbNetwork"/>.</summary>
    public int Network => Value[13] - '0';

    public string Serial => Value[14..];

    /// <summary>Camera point types: 131 camera, 132 IP camera, and the 2022 edition's 121 checkpoint and 122 multi-lens cameras.</summary>
    public bool IsCamera => CameraTypes.Contains(TypeCode);

    /// <summary>Devices a camera can sit behind: DVR/NVR/HVR, encoders, video servers, platforms and signalling servers.</summary>
    public bool IsUpstreamType => TypeCode is 111 or 112 or 113 or 118 or 130 or (>= 200 and <= 216);

    public override string ToString() => Value;

    public static GbDeviceId Parse(string? raw)
    {
        var parsed = TryParse(raw);
        return parsed.Ok ? parsed.Value! : throw new FormatException(parsed.Error!.Message);
    }

    /// <summary>
    /// Parses a device ID as registries write it: trims whitespace (also full-width), drops an Excel text
    /// apostrophe and inner spaces, folds full-width digits; rejects anything else with what was found.
    /// </summary>
    public static Parsed<GbDeviceId> TryParse(string? raw)
    {
        // Fast path: already canonical (every stored ID), so reading 100k rows does not allocate per ID.
        if (raw is { Length: Length } && raw.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return Parsed<GbDeviceId>.Success(new GbDeviceId(raw));
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            return Parsed<GbDeviceId>.Fail("id_missing", "设备编码为空 / device ID is empty; expected 20 digits");
        }

        // Fast path for the common case (already 20 ASCII digits): no normalisation to do.
        if (raw.Length == Length && !raw.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return Parsed<GbDeviceId>.Success(new GbDeviceId(raw));
        }

        var sb = new StringBuilder(raw.Length);
        foreach (var ch in raw.Trim().TrimStart('\'', '‘', '’'))
        {
            if (char.IsWhiteSpace(ch) || ch == '\u00A0' || ch == '\u3000' || ch == '-')
            {
                continue;
            }

            sb.Append(ch is >= '０' and <= '９' ? (char)('0' + (ch - '０')) : ch);
        }

        var text = sb.ToString();
        var shown = Shorten(raw.Trim());
        if (ScientificNotation().IsMatch(text))
        {
            return Parsed<GbDeviceId>.Fail(
                "id_scientific_notation",
                $"设备编码被 Excel 转成了科学计数法 '{shown}'，请将该列设为文本后重新导出 / device ID '{shown}' was turned into scientific notation by Excel; format the column as text and export again (expected 20 digits)");
        }

        foreach (var ch in text)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return Parsed<GbDeviceId>.Fail(
                    "id_not_digits",
                    $"设备编码含非数字字符 '{ch}'：'{shown}' / device ID '{shown}' contains the non-digit '{ch}'; expected 20 digits");
            }
        }

        if (text.Length != Length)
        {
            return Parsed<GbDeviceId>.Fail(
                "id_length",
                $"设备编码应为 20 位，实际 {text.Length} 位：'{shown}' / device ID '{shown}' has {text.Length} digits; expected 20");
        }

        return Parsed<GbDeviceId>.Success(new GbDeviceId(text));
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"^\d+(\.\d+)?[eE][+-]?\d+$")]
    private static partial Regex ScientificNotation();
}
