using System.Globalization;

namespace VideoRegistry.Core.Reports;

/// <summary>Output formats shared by the CLI and the API.</summary>
public enum ReportFormat
{
    Table,
    Csv,
    Json,
}

/// <summary>Cell formatting shared by every report, so CSV, terminal and API agree to the digit.</summary>
public static class ReportCells
{
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A ratio as a percentage with two decimals ("98.25%"); empty when there is nothing to assess.</summary>
    public static string Percent(double? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : string.Empty;

    public static string Hours(double seconds) => (seconds / 3600).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(double? value, string format = "0.######") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : string.Empty;

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A duration a technician reads: "3d 04:05:06" or "04:05:06".</summary>
    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return span.Days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Days}d {span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");
    }

    public static bool TryParse(string? raw, out ReportFormat format)
    {
        switch (raw?.Trim().ToLowerInvariant())
        {
            case "table" or "text":
                format = ReportFormat.Table;
                return true;
            case "csv":
                format = ReportFormat.Csv;
                return true;
            case "json":
                format = ReportFormat.Json;
                return true;
            default:
                format = ReportFormat.Table;
                return false;
        }
    }
}
