using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Tests.Registry;

public class CameraClassTests
{
    [Theory]
    [InlineData("一类", CameraClass.I)]
    [InlineData("一类点位", CameraClass.I)]
    [InlineData("1", CameraClass.I)]
    [InlineData("１", CameraClass.I)]
    [InlineData("I", CameraClass.I)]
    [InlineData("Ⅰ", CameraClass.I)]
    [InlineData("Ⅰ类", CameraClass.I)]
    [InlineData("class I", CameraClass.I)]
    [InlineData("Class i", CameraClass.I)]
    [InlineData("1类", CameraClass.I)]
    [InlineData("壹类", CameraClass.I)]
    [InlineData("PoType 1", CameraClass.I)]
    [InlineData(" 一类监控点 ", CameraClass.I)]
    [InlineData("二类", CameraClass.II)]
    [InlineData("二类点位", CameraClass.II)]
    [InlineData("2", CameraClass.II)]
    [InlineData("II", CameraClass.II)]
    [InlineData("Ⅱ", CameraClass.II)]
    [InlineData("class II", CameraClass.II)]
    [InlineData("三类", CameraClass.III)]
    [InlineData("三类点位", CameraClass.III)]
    [InlineData("3", CameraClass.III)]
    [InlineData("III", CameraClass.III)]
    [InlineData("Ⅲ", CameraClass.III)]
    [InlineData("class III", CameraClass.III)]
    [InlineData("03", CameraClass.III)]
    public void TryParse_CommonSpellings_Canonical(string raw, CameraClass expected)
    {
        var parsed = CameraClassParser.TryParse(raw);
        Assert.True(parsed.Ok, parsed.Error?.Message);
        Assert.Equal(expected, parsed.Value);
    }

    [Theory]
    [InlineData(null, "class_missing")]
    [InlineData("", "class_missing")]
    [InlineData("  ", "class_missing")]
    [InlineData("四类", "class_unknown")]
    [InlineData("4", "class_unknown")]
    [InlineData("IV", "class_unknown")]
    [InlineData("重点", "class_unknown")]
    public void TryParse_Unknown_Rejected(string? raw, string code)
    {
        var parsed = CameraClassParser.TryParse(raw);
        Assert.False(parsed.Ok);
        Assert.Equal(code, parsed.Error!.Code);
    }

    [Fact]
    public void TryParse_Unknown_MessageIsBilingualAndShowsInput()
    {
        var parsed = CameraClassParser.TryParse("四类");
        Assert.Contains("四类", parsed.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("unknown class", parsed.Error.Message, StringComparison.Ordinal);
        Assert.Contains("点位类别", parsed.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CameraClass.I, "一类", "I")]
    [InlineData(CameraClass.II, "二类", "II")]
    [InlineData(CameraClass.III, "三类", "III")]
    public void Labels_AreStable(CameraClass c, string chinese, string label)
    {
        Assert.Equal(chinese, c.ToChinese());
        Assert.Equal(label, c.ToLabel());
        Assert.Equal(c, CameraClassParser.TryParse(chinese).Value);
        Assert.Equal(c, CameraClassParser.TryParse(label).Value);
    }
}
