using System.Globalization;
using System.Text;
using System.Text.Json;
using VideoRegistry.Core.Registry.Import;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Worker.Tests.Cli;

/// <summary>`videoregistry demo | import | export` end to end on real SQLite files in temp directories.</summary>
public sealed class RegistryCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IDisposable
{
    private const string Header = "国标编码,点位名称,监控类别,乡镇,村社区,网格,经度,纬度,取流地址,所属NVR,状态,备注";
    private const string UrlSecret = "s3cret-Xq9";

    /// <summary>Network digit 9: never used by the demo county, so importing the demo does not overwrite these.</summary>
    private const string SecretDevice = "62062200001329{0:000000}";

    private readonly string _dir = RegistryCli.NewTempDir("vr-cli-");

    public void Dispose() => RegistryCli.DeleteTempDir(_dir);

    private string TempPath(string name) => Path.Combine(_dir, name);

    private static string Row(int n, string cls = "一类", string device = "62062200001320{0:000000}", string url = "rtsp://127.0.0.1:8554/ok/{0}") =>
        string.Format(CultureInfo.InvariantCulture, $"{device},\"古浪镇人民路{{0}}号, 东口\",{cls},古浪镇,东关村,62062201001,102.9{{0:0000}},37.47,{url},62062200011188900002,在用,无", n);

    private string WriteCsv(string name, params string[] rows)
    {
        var path = TempPath(name);
        File.WriteAllText(path, Header + "\r\n" + string.Join("\r\n", rows) + "\r\n", new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Demo_CommittedCsv_IsWhatTheGeneratorWrites()
    {
        var root = RegistryCli.RepoRoot();
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "config", "demo", "cameras.csv")), File.ReadAllBytes(Path.Combine(demo.CsvDir, "cameras.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "config", "demo", "grids.csv")), File.ReadAllBytes(Path.Combine(demo.CsvDir, "grids.csv")));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(Path.Combine(demo.CsvDir, "cameras.csv")).Take(3));
    }

    [Fact]
    public async Task Demo_SeedsStore_CountsByClassTownshipAndGrid()
    {
        Assert.Equal(7071, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM cameras"));
        Assert.Equal(1932, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM cameras WHERE camera_class = 1"));
        Assert.Equal(1159, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM cameras WHERE camera_class = 2"));
        Assert.Equal(3980, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM cameras WHERE camera_class = 3"));
        Assert.Equal(20, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(DISTINCT township) FROM cameras"));
        Assert.Equal(690, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM grids"));
        Assert.Equal(12, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM grids g WHERE NOT EXISTS (SELECT 1 FROM cameras c WHERE c.grid = g.code)"));
        Assert.Equal(32, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM cameras WHERE stream_url LIKE 'rtsp://127.0.0.1:8557/%'"));
        Assert.Equal(54, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM camera_credentials"));
        Assert.Equal(0, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM cameras WHERE stream_url LIKE '%@%'"));
        Assert.Equal(2, await RegistryCli.ScalarAsync(demo.Db, "SELECT COUNT(*) FROM import_runs"));
        Assert.Contains("7,071", demo.Output, StringComparison.Ordinal);
        Assert.Contains("摄像机 Cameras", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_Twice_SameRegistryNothingChanged()
    {
        var db = TempPath("twice.db");
        var first = await RegistryCli.RunAsync("demo", "--db", db);
        var second = await RegistryCli.RunAsync("demo", "--db", db);

        Assert.Equal((0, 0), (first.Exit, second.Exit));
        Assert.Contains("新增 inserted 7,071", first.Output, StringComparison.Ordinal);
        Assert.Contains("未变 unchanged 7,071", second.Output, StringComparison.Ordinal);
        Assert.Contains("未变 unchanged 690", second.Output, StringComparison.Ordinal);
        var a = await new SqliteCameraRepository(new SqliteDatabase(demo.Db), TimeProvider.System).ListAllAsync(default);
        var b = await new SqliteCameraRepository(new SqliteDatabase(db), TimeProvider.System).ListAllAsync(default);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Demo_Simulator_PointsStreamsElsewhere()
    {
        var db = TempPath("sim.db");
        var (exit, _, _) = await RegistryCli.RunAsync("demo", "--db", db, "--simulator", "127.0.0.1:18554");

        Assert.Equal(0, exit);
        Assert.Equal(7071, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM cameras WHERE stream_url LIKE 'rtsp://127.0.0.1:1855_/%'"));
        Assert.Equal(32, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM cameras WHERE stream_url LIKE 'rtsp://127.0.0.1:18557/%'"));
    }

    [Fact]
    public async Task Import_Json_HasPromisedShape()
    {
        var file = WriteCsv("shape.csv", Row(1), Row(2, "四类"), Row(3));
        var (exit, output, _) = await RegistryCli.RunAsync("import", file, "--db", TempPath("shape.db"), "--county", "620622", "--format", "json");

        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(file, root.GetProperty("file").GetString());
        Assert.Equal("utf-8", root.GetProperty("encoding").GetString());
        Assert.Equal(3, root.GetProperty("total").GetInt32());
        Assert.Equal(2, root.GetProperty("accepted").GetInt32());
        Assert.Equal(1, root.GetProperty("rejected").GetInt32());
        Assert.False(root.GetProperty("committed").GetBoolean());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(1, rows[0].GetProperty("row").GetInt32());
        Assert.Equal(2, rows[0].GetProperty("line").GetInt32());
        Assert.Equal("62062200001320000001", rows[0].GetProperty("deviceId").GetString());
        Assert.Equal("accepted", rows[0].GetProperty("status").GetString());
        Assert.Empty(rows[0].GetProperty("errors").EnumerateArray());
        Assert.Equal("rejected", rows[1].GetProperty("status").GetString());
        Assert.Equal(3, rows[1].GetProperty("line").GetInt32());
        var error = Assert.Single(rows[1].GetProperty("errors").EnumerateArray());
        Assert.Equal("class", error.GetProperty("field").GetString());
        Assert.Equal("class_unknown", error.GetProperty("code").GetString());
        Assert.Contains("四类", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown class", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await RegistryCli.ScalarAsync(TempPath("shape.db"), "SELECT COUNT(*) FROM cameras"));
    }

    [Fact]
    public async Task Import_AllGood_Exit0BilingualTable_ReimportChangesNothing_ChangedRowUpdates()
    {
        var db = TempPath("good.db");
        var file = WriteCsv("good.csv", Row(1), Row(2, "二类"), Row(3, "3"));

        var first = await RegistryCli.RunAsync("import", file, "--db", db);
        Assert.Equal(0, first.Exit);
        foreach (var label in new[] { "编码 Encoding", "接受 Accepted", "拒绝 Rejected", "新增 Inserted", "忽略的列 Ignored columns", "已全部写入 / every row committed" })
        {
            Assert.Contains(label, first.Output, StringComparison.Ordinal);
        }

        // Values line up in one column whatever the width of the Chinese label.
        var valueColumns = first.Output.Split('\n').Where(l => l.Contains(" Accepted", StringComparison.Ordinal) || l.Contains(" Encoding", StringComparison.Ordinal))
            .Select(l => Core.Reports.TerminalTable.DisplayWidth(l[..(l.TrimEnd().LastIndexOf(' ') + 1)])).Distinct();
        Assert.Single(valueColumns);
        Assert.Equal(3, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM cameras"));

        var again = await RegistryCli.RunAsync("import", file, "--db", db, "--format", "json");
        Assert.Equal(0, again.Exit);
        using (var json = JsonDocument.Parse(again.Output))
        {
            Assert.Equal(0, json.RootElement.GetProperty("inserted").GetInt32());
            Assert.Equal(0, json.RootElement.GetProperty("updated").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("unchanged").GetInt32());
        }

        var changed = WriteCsv("changed.csv", Row(1), Row(2, "一类"), Row(3, "3"));
        var third = await RegistryCli.RunAsync("import", changed, "--db", db, "--format", "json");
        using (var json = JsonDocument.Parse(third.Output))
        {
            Assert.Equal(1, json.RootElement.GetProperty("updated").GetInt32());
        }

        Assert.Equal(1, await RegistryCli.ScalarAsync(db, "SELECT camera_class FROM cameras WHERE device_id = '62062200001320000002'"));
        Assert.Equal(1, await RegistryCli.ScalarAsync(db, $"SELECT COUNT(*) FROM import_changes x JOIN import_runs r USING (run_id) WHERE r.source_file = '{changed}' AND x.action = 'update'"));
    }

    [Fact]
    public async Task Import_DryRun_WritesNothing()
    {
        var db = TempPath("dry.db");
        var file = WriteCsv("dry.csv", Row(1), Row(2));

        var (exit, output, _) = await RegistryCli.RunAsync("import", file, "--db", db, "--dry-run", "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("committed").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("accepted").GetInt32());
        Assert.False(File.Exists(db));

        // And on an existing store nothing changes either.
        Assert.Equal(0, (await RegistryCli.RunAsync("import", WriteCsv("one.csv", Row(9)), "--db", db)).Exit);
        Assert.Equal(0, (await RegistryCli.RunAsync("import", file, "--db", db, "--dry-run")).Exit);
        Assert.Equal(1, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM cameras"));
    }

    [Fact]
    public async Task Import_Rejected_AllOrNothingUnlessSkipInvalid()
    {
        var db = TempPath("skip.db");
        var file = WriteCsv("skip.csv", Row(1), Row(2, device: "6.20622E+19"), Row(3));

        var strict = await RegistryCli.RunAsync("import", file, "--db", db);
        Assert.Equal(2, strict.Exit);
        Assert.Contains("被拒绝的行 Rejected rows", strict.Output, StringComparison.Ordinal);
        Assert.Contains("id_scientific_notation", strict.Output, StringComparison.Ordinal);
        Assert.Contains("nothing written", strict.Output, StringComparison.Ordinal);
        Assert.Equal(0, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM cameras"));

        var skip = await RegistryCli.RunAsync("import", file, "--db", db, "--skip-invalid", "--format", "json");
        Assert.Equal(2, skip.Exit);
        using var json = JsonDocument.Parse(skip.Output);
        Assert.True(json.RootElement.GetProperty("committed").GetBoolean());
        Assert.Equal(2, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM cameras"));
    }

    [Fact]
    public async Task Import_WrongCounty_RowsRejected()
    {
        var file = WriteCsv("county.csv", Row(1), Row(2, device: "62062100001320{0:000000}"));
        var (exit, output, _) = await RegistryCli.RunAsync("import", file, "--db", TempPath("county.db"), "--county", "620622", "--format", "json");

        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(output);
        var rejected = json.RootElement.GetProperty("rows")[1];
        Assert.Equal("id_wrong_county", rejected.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Import_GbkFile_DetectedAndStoredAsUnicode()
    {
        var db = TempPath("gbk.db");
        var file = TempPath("gbk.csv");
        await File.WriteAllBytesAsync(file, TextEncodingDetector.Gb18030.GetBytes(Header + "\r\n" + Row(1) + "\r\n" + Row(2, "三类") + "\r\n"));

        var (exit, output, _) = await RegistryCli.RunAsync("import", file, "--db", db, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("gb18030", json.RootElement.GetProperty("encoding").GetString());
        var camera = await new SqliteCameraRepository(new SqliteDatabase(db), TimeProvider.System).GetAsync(Core.Registry.GbDeviceId.Parse("62062200001320000002"), default);
        Assert.Equal("古浪镇人民路2号, 东口", camera!.Name);
        Assert.Equal("东关村", camera.Village);
    }

    [Fact]
    public async Task Import_Xlsx_FirstSheetSharedAndInlineStrings()
    {
        var file = TempPath("registry.xlsx");
        using (var zip = System.IO.Compression.ZipFile.Open(file, System.IO.Compression.ZipArchiveMode.Create))
        {
            void Part(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }

            const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            Part("xl/workbook.xml", $"<workbook xmlns=\"{main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>");
            Part("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId7\" Type=\"worksheet\" Target=\"worksheets/data.xml\"/></Relationships>");
            Part("xl/sharedStrings.xml", $"<sst xmlns=\"{main}\"><si><t>设备编码</t></si><si><t>设备名称</t></si><si><t>点位类别</t></si><si><t>乡镇(街道)</t></si><si><t>经度</t></si><si><t>纬度</t></si>" +
                "<si><r><t>古浪镇</t></r><r><t xml:space=\"preserve\">人民路 1号</t></r><rPh sb=\"0\" eb=\"1\"><t>gulang</t></rPh></si><si><t>一类</t></si><si><t>古浪镇</t></si></sst>");
            Part("xl/worksheets/data.xml", $"<worksheet xmlns=\"{main}\"><sheetData>" +
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c></row>" +
                "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>62062200001320000001</t></is></c><c r=\"B2\" t=\"s\"><v>6</v></c><c r=\"C2\" t=\"s\"><v>7</v></c><c r=\"D2\" t=\"s\"><v>8</v></c><c r=\"E2\"><v>102.9</v></c><c r=\"F2\"><v>37.47</v></c></row>" +
                "<row r=\"4\"><c r=\"A4\"><v>6.2062200001320003E+19</v></c><c r=\"B4\" t=\"inlineStr\"><is><t>乙</t></is></c><c r=\"C4\" t=\"s\"><v>7</v></c><c r=\"D4\" t=\"s\"><v>8</v></c><c r=\"F4\"><v>37.4</v></c></row>" +
                "</sheetData></worksheet>");
        }

        var db = TempPath("xlsx.db");
        var (exit, output, _) = await RegistryCli.RunAsync("import", file, "--db", db, "--skip-invalid", "--format", "json");

        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("xlsx", json.RootElement.GetProperty("format").GetString());
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(("accepted", 2), (rows[0].GetProperty("status").GetString(), rows[0].GetProperty("line").GetInt32()));
        Assert.Equal(("rejected", 4), (rows[1].GetProperty("status").GetString(), rows[1].GetProperty("line").GetInt32()));
        var codes = rows[1].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
        Assert.Contains("id_scientific_notation", codes);
        Assert.Contains("coord_incomplete", codes);
        var camera = await new SqliteCameraRepository(new SqliteDatabase(db), TimeProvider.System).GetAsync(Core.Registry.GbDeviceId.Parse("62062200001320000001"), default);
        Assert.Equal("古浪镇人民路 1号", camera!.Name);
        Assert.Equal(102.9, camera.Location!.Longitude);
    }

    [Theory]
    [InlineData("missing-arg")]
    [InlineData("missing-file")]
    [InlineData("bad-county")]
    [InlineData("bad-format")]
    [InlineData("bad-encoding")]
    [InlineData("xls")]
    [InlineData("xlsx-corrupt")]
    [InlineData("columns")]
    [InlineData("export-no-db")]
    [InlineData("export-bad-format")]
    [InlineData("demo-bad-simulator")]
    public async Task BadInput_Exit2WithMessage(string scenario)
    {
        var good = WriteCsv("ok.csv", Row(1));
        var xlsx = TempPath("book.xlsx");
        await File.WriteAllBytesAsync(xlsx, [0x50, 0x4B, 0x03, 0x04]);
        var xls = TempPath("old.xls");
        await File.WriteAllBytesAsync(xls, [0xD0, 0xCF, 0x11, 0xE0]);
        var columns = TempPath("columns.csv");
        await File.WriteAllTextAsync(columns, "编号,地址\r\n1,2\r\n");
        var db = TempPath("bad.db");
        string[] args = scenario switch
        {
            "missing-arg" => ["import", "--db", db],
            "missing-file" => ["import", TempPath("nope.csv"), "--db", db],
            "bad-county" => ["import", good, "--db", db, "--county", "62062"],
            "bad-format" => ["import", good, "--db", db, "--format", "xml"],
            "bad-encoding" => ["import", good, "--db", db, "--encoding", "latin1"],
            "xls" => ["import", xls, "--db", db],
            "xlsx-corrupt" => ["import", xlsx, "--db", db],
            "columns" => ["import", columns, "--db", db],
            "export-no-db" => ["export", "--db", TempPath("none.db")],
            "export-bad-format" => ["export", "--db", demo.Db, "--format", "xml"],
            _ => ["demo", "--db", db, "--simulator", "no-port"],
        };

        var (exit, output, error) = await RegistryCli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(" / ", error + output, StringComparison.Ordinal);
        if (scenario == "columns")
        {
            Assert.Contains("设备编码 (DeviceID)", output, StringComparison.Ordinal);
        }

        if (scenario is "missing-arg" or "missing-file" or "bad-county" or "bad-format" or "bad-encoding" or "xls")
        {
            Assert.False(File.Exists(db), "bad input must not create the store");
        }
    }

    [Fact]
    public async Task ExportThenImport_IntoEmptyStore_SameRegistry()
    {
        var exported = TempPath("export.csv");
        var db = TempPath("copy.db");
        Assert.Equal(0, (await RegistryCli.RunAsync("export", "--db", demo.Db, "--output", exported, "--include-credentials")).Exit);
        Assert.Equal(0, (await RegistryCli.RunAsync("export", "--db", demo.Db, "--grids", "--output", TempPath("grids.csv"))).Exit);

        Assert.Equal(0, (await RegistryCli.RunAsync("import", TempPath("grids.csv"), "--db", db, "--grids")).Exit);
        var (exit, output, _) = await RegistryCli.RunAsync("import", exported, "--db", db, "--county", "620622", "--format", "json");

        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(7071, json.RootElement.GetProperty("inserted").GetInt32());
        }

        var original = await new SqliteCameraRepository(new SqliteDatabase(demo.Db), TimeProvider.System).ListAllAsync(default);
        var copy = await new SqliteCameraRepository(new SqliteDatabase(db), TimeProvider.System).ListAllAsync(default);
        Assert.Equal(original, copy);
        var originalGrids = await new SqliteGridRepository(new SqliteDatabase(demo.Db), TimeProvider.System).ListAsync(default);
        var copyGrids = await new SqliteGridRepository(new SqliteDatabase(db), TimeProvider.System).ListAsync(default);
        Assert.Equal(originalGrids, copyGrids);

        var again = TempPath("again.csv");
        Assert.Equal(0, (await RegistryCli.RunAsync("export", "--db", db, "--output", again, "--include-credentials")).Exit);
        Assert.Equal(await File.ReadAllBytesAsync(exported), await File.ReadAllBytesAsync(again));
    }

    [Fact]
    public async Task ReimportOfExportWithoutCredentials_KeepsStoredCredentials()
    {
        var db = TempPath("keep.db");
        Assert.Equal(0, (await RegistryCli.RunAsync("demo", "--db", db)).Exit);
        var plain = TempPath("plain.csv");
        Assert.Equal(0, (await RegistryCli.RunAsync("export", "--db", db, "--output", plain)).Exit);
        Assert.DoesNotContain("密码", (await File.ReadAllTextAsync(plain)).Split('\n')[0], StringComparison.Ordinal);

        var (exit, output, _) = await RegistryCli.RunAsync("import", plain, "--db", db, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(7071, json.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("updated").GetInt32());
        Assert.Equal(54, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM camera_credentials WHERE password IS NOT NULL"));
    }

    [Fact]
    public async Task Export_Csv_BomChineseHeadersAndJson()
    {
        var file = TempPath("cameras.csv");
        var (exit, output, _) = await RegistryCli.RunAsync("export", "--db", demo.Db, "--output", file);

        Assert.Equal(0, exit);
        Assert.Contains("7071", output, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("设备编码,设备名称,点位类别,乡镇(街道),村(社区),网格编码,经度,纬度,坐标系,点位类型,建设单位,取流地址,上级设备,状态\r\n", text, StringComparison.Ordinal);
        Assert.Equal(7072, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var json = await RegistryCli.RunAsync("export", "--db", demo.Db, "--format", "json");
        Assert.Equal(0, json.Exit);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(7071, doc.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(7071, doc.RootElement.GetProperty("cameras").GetArrayLength());
        var first = doc.RootElement.GetProperty("cameras")[0];
        Assert.Equal(20, first.GetProperty("deviceId").GetString()!.Length);
        Assert.StartsWith("rtsp://127.0.0.1:", first.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_NeverInOutputOrExportsWithoutTheFlag()
    {
        var secrets = new[] { "demo-pass-2026", "wrong-pass-2026", UrlSecret };
        var db = TempPath("secret.db");
        var withUrlSecret = WriteCsv(
            "secret.csv",
            Row(1, device: SecretDevice, url: $"rtsp://admin:{UrlSecret}@127.0.0.1:8554/ok/{{0}}"),
            Row(2, device: SecretDevice, url: $"rtsp://admin:{UrlSecret}@[bad/x"));
        var seen = new StringBuilder(demo.Output).Append(demo.Error);
        foreach (var args in new[]
        {
            new[] { "import", withUrlSecret, "--db", db },
            ["import", withUrlSecret, "--db", db, "--format", "json"],
            ["import", withUrlSecret, "--db", db, "--skip-invalid"],
            ["import", Path.Combine(demo.CsvDir, "cameras.csv"), "--db", db],
            ["import", Path.Combine(demo.CsvDir, "cameras.csv"), "--db", db, "--format", "json", "--dry-run"],
            ["export", "--db", db],
            ["export", "--db", db, "--format", "json"],
            ["export", "--db", demo.Db],
            ["export", "--db", demo.Db, "--format", "json"],
        })
        {
            var (_, output, error) = await RegistryCli.RunAsync(args);
            seen.Append(output).Append(error);
        }

        var all = seen.ToString();
        Assert.Contains("62062200001320000001", all, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }

        // The store kept them (apart from the URL) and the explicit flag exports them.
        var flagged = await RegistryCli.RunAsync("export", "--db", db, "--include-credentials");
        Assert.Contains(UrlSecret, flagged.Output, StringComparison.Ordinal);
        Assert.Contains("demo-pass-2026", flagged.Output, StringComparison.Ordinal);
        Assert.Contains("passwords", flagged.Error, StringComparison.Ordinal);
        var flaggedJson = await RegistryCli.RunAsync("export", "--db", db, "--include-credentials", "--format", "json");
        Assert.Contains("\"password\": \"demo-pass-2026\"", flaggedJson.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportGrids_UpsertsCatalogue_RejectsBadRows()
    {
        var db = TempPath("grids.db");
        var file = TempPath("grid-catalogue.csv");
        await File.WriteAllTextAsync(file, "Code,Name,Township,Village,Type,RequiredCameras\r\n６２０６２２０１００１,东关村第1网格,古浪镇,东关村,农村,6\r\n62062201002,西关村第1网格,古浪镇,西关村,城镇,\r\n");

        var (exit, output, _) = await RegistryCli.RunAsync("import", file, "--db", db, "--grids", "--format", "json");

        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("grids", json.RootElement.GetProperty("kind").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("inserted").GetInt32());
            Assert.Equal("62062201001", json.RootElement.GetProperty("rows")[0].GetProperty("code").GetString());
        }

        Assert.Equal(6, await RegistryCli.ScalarAsync(db, "SELECT required_cameras FROM grids WHERE code = '62062201001'"));

        var bad = TempPath("bad-grids.csv");
        await File.WriteAllTextAsync(bad, "网格编码,网格名称,乡镇\r\n62062201003,,古浪镇\r\n62062201004,北关村第1网格,古浪镇\r\n");
        var rejected = await RegistryCli.RunAsync("import", bad, "--db", db, "--grids");
        Assert.Equal(2, rejected.Exit);
        Assert.Contains("网格编码 Grid code", rejected.Output, StringComparison.Ordinal);
        Assert.Contains("name_missing", rejected.Output, StringComparison.Ordinal);
        Assert.Equal(2, await RegistryCli.ScalarAsync(db, "SELECT COUNT(*) FROM grids"));

        var exported = await RegistryCli.RunAsync("export", "--db", db, "--grids", "--format", "json");
        using var doc = JsonDocument.Parse(exported.Output);
        Assert.Equal(2, doc.RootElement.GetProperty("count").GetInt32());
    }
}
