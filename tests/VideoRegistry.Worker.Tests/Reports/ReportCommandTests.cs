using System.CommandLine;
using System.Text;
using System.Text.Json;
using VideoRegistry.Worker.Cli;
using static VideoRegistry.Worker.Tests.Reports.StoredHistory;

namespace VideoRegistry.Worker.Tests.Reports;

/// <summary>`videoregistry report` through the real command-line parser on the stored history.</summary>
public sealed class ReportCommandTests(StoredHistory history) : IClassFixture<StoredHistory>
{
    private async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.Build().Parse(["report", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Uptime_Json_SameFiguresAsTheApi()
    {
        var (exit, output, error) = await Run("uptime", "--db", history.DbPath, "--from", "2026-11-01", "--to", "2026-11-02", "--group-by", "township", "--format", "json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var jia = json.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "甲镇");
        Assert.Equal(129_600, jia.GetProperty("onlineSeconds").GetDouble(), 3);
        Assert.Equal(129_600.0 / 158_400, jia.GetProperty("onlineRate").GetDouble(), 9);
        Assert.Equal("township", json.RootElement.GetProperty("groupBy").GetString());
    }

    [Fact]
    public async Task Uptime_Table_AlignedBilingual()
    {
        var (exit, output, _) = await Run("uptime", "--db", history.DbPath, "--from", "2026-11-01", "--to", "2026-11-02");

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.Contains("在线率 Online rate", StringComparison.Ordinal));
        var jia = lines.First(l => l.StartsWith("甲镇", StringComparison.Ordinal));
        var header = lines.First(l => l.StartsWith("分组 Group", StringComparison.Ordinal));
        // Numbers are right-aligned: the online-rate cell ends where its (Chinese + English) header ends, in display columns.
        var headerEnd = header.IndexOf("在线率 Online rate", StringComparison.Ordinal) + "在线率 Online rate".Length;
        var cellEnd = jia.IndexOf("81.82%", StringComparison.Ordinal) + "81.82%".Length;
        Assert.Equal(Core.Reports.TerminalTable.DisplayWidth(header[..headerEnd]), Core.Reports.TerminalTable.DisplayWidth(jia[..cellEnd]));
    }

    [Fact]
    public async Task Dead_CsvToFile_BomAndBilingualHeaders()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vr-dead-{Guid.NewGuid():N}.csv");
        try
        {
            var (exit, _, error) = await Run("dead", "--db", history.DbPath, "--format", "csv", "--output", file);

            Assert.True(exit == 0, error);
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
            Assert.StartsWith("设备编码 Device ID,名称 Name", text, StringComparison.Ordinal);
            Assert.Contains(Id('A').Value, text, StringComparison.Ordinal);
            Assert.Contains("written", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Coverage_Json_Exit0()
    {
        var (exit, output, _) = await Run("coverage", "--db", history.DbPath, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("townships").GetArrayLength());
    }

    [Theory]
    [InlineData("sideways")]
    [InlineData("uptime", "--from", "someday")]
    [InlineData("uptime", "--group-by", "street")]
    [InlineData("uptime", "--format", "xml")]
    [InlineData("dead", "--from", "2026-11-01")]
    public async Task BadInput_Exit2WithMessage(params string[] args)
    {
        var (exit, output, error) = await Run([.. args, "--db", history.DbPath]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains(" / ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDatabase_Exit2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"vr-none-{Guid.NewGuid():N}.db");

        var (exit, _, error) = await Run("dead", "--db", missing);

        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
