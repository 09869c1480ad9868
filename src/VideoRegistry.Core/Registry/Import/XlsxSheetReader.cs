using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace VideoRegistry.Core.Registry.Import;

/// <summary>
/// Reads the first worksheet of an Excel workbook (.xlsx, Office Open XML) as text records, the same shape the CSV
/// reader gives: one record per sheet row, cells by column letter (gaps become empty fields), <see cref="CsvRecord.Line"/>
/// the sheet's row number. Cell text is what the file stores: a device ID Excel kept as a number comes back as
/// <c>6.2062200001320003E+19</c>, which the validator rejects with its own message. Only the parts needed are read
/// (workbook, its relationships, shared strings, one sheet); no formulas are evaluated (cached values are used).
/// </summary>
public static class XlsxSheetReader
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>Largest uncompressed part read, against zip bombs.</summary>
    private const long MaxPartBytes = 512L * 1024 * 1024;

    /// <summary>True when the bytes are a zip archive (an .xlsx workbook is one).</summary>
    public static bool IsZip(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);

    /// <exception cref="InvalidDataException">The bytes are not a readable workbook.</exception>
    public static IReadOnlyList<CsvRecord> Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var shared = SharedStrings(zip);
            var sheet = FirstSheetPath(zip);
            var entry = zip.GetEntry(sheet) ?? throw new InvalidDataException($"工作簿缺少工作表 {sheet} / the workbook has no worksheet part {sheet}");
            return Rows(entry, shared);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"无法读取 Excel 工作簿 / cannot read the Excel workbook: {ex.Message}", ex);
        }
    }

    private static List<string> SharedStrings(ZipArchive zip)
    {
        var list = new List<string>();
        var entry = zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null)
        {
            return list;
        }

        using var xml = Open(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si" && xml.NamespaceURI == MainNs)
            {
                list.Add(InlineText(xml));
            }
        }

        return list;
    }

    /// <summary>The first sheet in workbook order, resolved through the workbook's relationships.</summary>
    private static string FirstSheetPath(ZipArchive zip)
    {
        const string fallback = "xl/worksheets/sheet1.xml";
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null || rels is null)
        {
            return fallback;
        }

        string? relId = null;
        using (var xml = Open(workbook))
        {
            while (xml.Read() && relId is null)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
                {
                    relId = xml.GetAttribute("id", RelNs);
                }
            }
        }

        using (var xml = Open(rels))
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") == relId && xml.GetAttribute("Target") is { } target)
                {
                    return target.StartsWith('/') ? target[1..] : "xl/" + target;
                }
            }
        }

        return fallback;
    }

    private static List<CsvRecord> Rows(ZipArchiveEntry entry, List<string> shared)
    {
        var records = new List<CsvRecord>();
        using var xml = Open(entry);
        var nextRow = 1;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row" || xml.NamespaceURI != MainNs)
            {
                continue;
            }

            var rowNumber = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : nextRow;
            nextRow = rowNumber + 1;
            var fields = new List<string>();
            if (!xml.IsEmptyElement)
            {
                var depth = xml.Depth;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c" && xml.NamespaceURI == MainNs)
                    {
                        var column = ColumnIndex(xml.GetAttribute("r")) ?? fields.Count;
                        var value = Cell(xml, shared);
                        while (fields.Count < column)
                        {
                            fields.Add(string.Empty);
                        }

                        if (column < fields.Count)
                        {
                            fields[column] = value;
                        }
                        else
                        {
                            fields.Add(value);
                        }
                    }
                }
            }

            records.Add(new CsvRecord(rowNumber, fields));
        }

        return records;
    }

    private static string Cell(XmlReader xml, List<string> shared)
    {
        var type = xml.GetAttribute("t");
        if (xml.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = xml.Depth;
        string? value = null;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "v")
            {
                value = xml.ReadElementContentAsString();
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                {
                    break;
                }
            }
            else if (xml.LocalName == "is")
            {
                value = InlineText(xml);
            }
        }

        return type switch
        {
            "s" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count => shared[i],
            "s" => string.Empty,
            "b" => value == "1" ? "TRUE" : "FALSE",
            _ => value ?? string.Empty,
        };
    }

    /// <summary>Concatenated &lt;t&gt; text of a string item (plain or rich text), skipping phonetic runs.</summary>
    private static string InlineText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = xml.Depth;
        var sb = new StringBuilder();
        var phonetic = false;
        var inText = false;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "rPh" && !xml.IsEmptyElement:
                    phonetic = true;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    phonetic = false;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t" && !xml.IsEmptyElement:
                    inText = !phonetic;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inText:
                    sb.Append(xml.Value);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Zero-based column of a cell reference such as <c>AB12</c>.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (ch - 'A' + 1);
                letters++;
            }
            else
            {
                break;
            }
        }

        return letters is > 0 and <= 3 ? column - 1 : null;
    }

    private static XmlReader Open(ZipArchiveEntry entry)
    {
        if (entry.Length > MaxPartBytes)
        {
            throw new InvalidDataException($"工作簿部件过大 / workbook part {entry.FullName} is larger than {MaxPartBytes / 1024 / 1024} MB");
        }

        return XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
    }
}
