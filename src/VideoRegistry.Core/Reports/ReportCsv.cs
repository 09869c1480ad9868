using System.Text;

namespace VideoRegistry.Core.Reports;

/// <summary>
/// CSV as Excel on Chinese Windows opens it: UTF-8 with a BOM, CRLF rows, RFC 4180 quoting. Several tables go one
/// after another, each under its title row and separated by an empty row.
/// </summary>
public static class ReportCsv
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static byte[] ToBytes(IReadOnlyList<ReportTable> tables)
    {
        var text = ToText(tables);
        var preamble = Utf8WithBom.GetPreamble();
        var body = Utf8WithBom.GetBytes(text);
        var bytes = new byte[preamble.Length + body.Length];
        preamble.CopyTo(bytes, 0);
        body.CopyTo(bytes, preamble.Length);
        return bytes;
    }

    /// <summary>The CSV text without the BOM.</summary>
    public static string ToText(IReadOnlyList<ReportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var sb = new StringBuilder();
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            if (tables.Count > 1)
            {
                if (i > 0)
                {
                    sb.Append("\r\n");
                }

                AppendRow(sb, [table.Title]);
            }

            AppendRow(sb, table.Headers);
            foreach (var row in table.Rows)
            {
                AppendRow(sb, row);
            }
        }

        return sb.ToString();
    }

    public static string Escape(string? cell)
    {
        var value = cell ?? string.Empty;

        // A leading =, +, - or @ makes Excel evaluate the cell: camera names come from outside, so defuse them.
        if (value.Length > 0 && value[0] is '=' or '+' or '@' && !IsNumber(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static bool IsNumber(string value) => double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Escape(cells[i]));
        }

        sb.Append("\r\n");
    }
}
