using VideoRegistry.Core.Reports;

namespace VideoRegistry.Core.Tests.Reports;

public sealed class RenderingTests
{
    private static readonly ReportTable Table = new(
        "标题 Title",
        ["名称 Name", "在线率 Online rate"],
        [["甲镇中心广场", "98.00%"], ["Road, 2", "5.00%"], ["=cmd|' /C calc'!A0", "1%"]])
    {
        NumericColumns = new HashSet<int> { 1 },
    };

    [Fact]
    public void ToBytes_Csv_StartsWithUtf8BomAndQuotesSpecialCells()
    {
        var bytes = ReportCsv.ToBytes([Table]);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("名称 Name,在线率 Online rate\r\n甲镇中心广场,98.00%\r\n\"Road, 2\",5.00%\r\n", text, StringComparison.Ordinal);
        Assert.Contains("'=cmd|' /C calc'!A0,1%", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("在线率", 6)]
    [InlineData("在线率 Online", 13)]
    [InlineData("ＡＢ", 4)]
    [InlineData("", 0)]
    public void DisplayWidth_Text_CountsCjkAsTwoColumns(string text, int expected) => Assert.Equal(expected, TerminalTable.DisplayWidth(text));

    [Fact]
    public void Render_ChineseCells_AlignsColumnsByDisplayWidth()
    {
        var lines = TerminalTable.Render([Table]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Every data line's second column ends at the same display column (right-aligned numbers).
        var widths = lines.Skip(1).Where(l => !l.StartsWith('-')).Select(TerminalTable.DisplayWidth).Distinct().ToList();
        Assert.Single(widths);
        Assert.StartsWith("甲镇中心广场  ", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(" 98.00%", lines[3], StringComparison.Ordinal);
    }
}
