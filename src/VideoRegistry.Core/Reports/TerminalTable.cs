using System.Globalization;
using System.Text;

namespace VideoRegistry.Core.Reports;

/// <summary>
/// Aligned plain-text tables for a terminal. Chinese characters take two columns in a terminal (East Asian Wide and
/// Fullwidth), so padding counts display columns, not chars.
/// </summary>
public static class TerminalTable
{
    public static string Render(IReadOnlyList<ReportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var sb = new StringBuilder();
        foreach (var table in tables)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            Render(sb, table);
        }

        return sb.ToString();
    }

    public static int DisplayWidth(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += RuneWidth(rune);
        }

        return width;
    }

    /// <summary>Pads to <paramref name="width"/> display columns, on the left for numbers.</summary>
    public static string Pad(string text, int width, bool right = false)
    {
        var fill = new string(' ', Math.Max(0, width - DisplayWidth(text)));
        return right ? fill + text : text + fill;
    }

    private static void Render(StringBuilder sb, ReportTable table)
    {
        sb.Append(table.Title).Append('\n');
        var columns = table.Headers.Count;
        var widths = new int[columns];
        for (var c = 0; c < columns; c++)
        {
            widths[c] = DisplayWidth(table.Headers[c]);
            foreach (var row in table.Rows)
            {
                widths[c] = Math.Max(widths[c], DisplayWidth(Cell(row, c)));
            }
        }

        AppendLine(sb, table.Headers, widths, table.NumericColumns);
        for (var c = 0; c < columns; c++)
        {
            sb.Append(c > 0 ? "  " : string.Empty).Append(new string('-', widths[c]));
        }

        sb.Append('\n');
        foreach (var row in table.Rows)
        {
            AppendLine(sb, row, widths, table.NumericColumns);
        }

        if (table.Rows.Count == 0)
        {
            sb.Append("（无 none）\n");
        }
    }

    private static void AppendLine(StringBuilder sb, IReadOnlyList<string> cells, int[] widths, IReadOnlySet<int> numeric)
    {
        var line = new StringBuilder();
        for (var c = 0; c < widths.Length; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }

            line.Append(Pad(Cell(cells, c), widths[c], numeric.Contains(c)));
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static string Cell(IReadOnlyList<string> row, int c) => c < row.Count ? (row[c] ?? string.Empty).Replace('\n', ' ').Replace('\r', ' ') : string.Empty;

    private static int RuneWidth(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format || rune.Value == 0)
        {
            return 0;
        }

        var v = rune.Value;
        var wide =
            (v >= 0x1100 && v <= 0x115F) ||
            (v >= 0x2E80 && v <= 0x303E) ||
            (v >= 0x3041 && v <= 0x33FF) ||
            (v >= 0x3400 && v <= 0x4DBF) ||
            (v >= 0x4E00 && v <= 0x9FFF) ||
            (v >= 0xA000 && v <= 0xA4CF) ||
            (v >= 0xAC00 && v <= 0xD7A3) ||
            (v >= 0xF900 && v <= 0xFAFF) ||
            (v >= 0xFE30 && v <= 0xFE4F) ||
            (v >= 0xFF00 && v <= 0xFF60) ||
            (v >= 0xFFE0 && v <= 0xFFE6) ||
            (v >= 0x1F300 && v <= 0x1F64F) ||
            (v >= 0x20000 && v <= 0x3FFFD);
        return wide ? 2 : 1;
    }
}
