using System.Text;
using System.Text.Json;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Import;
using VideoRegistry.Storage.Import;

namespace VideoRegistry.Storage.Tests.Import;

public class RegistryImporterTests
{
    private const string Header = "国标编码,点位名称,监控类别,乡镇,村社区,网格,经度,纬度,取流地址,所属NVR,状态,备注";

    private static string Row(int n, string cls = "一类", string url = "rtsp://127.0.0.1:8554/ok/{0}") =>
        $"6206220000132000{n:D4},\"古浪镇人民路{n}号, 东口\",{cls},古浪镇,东关村,620622001001,{102.8 + (n / 10000.0):0.0000},37.47,{string.Format(System.Globalization.CultureInfo.InvariantCulture, url, n)},62062200001180000001,在用,无";

    private static string File(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    private static async Task<ImportReport> ImportAsync(TempStore store, string text, ImportOptions? options = null, Encoding? encoding = null)
    {
        var importer = new RegistryImporter(store.Cameras, store.Grids);
        using var stream = new MemoryStream((encoding ?? Encoding.UTF8).GetBytes(text));
        return await importer.ImportAsync(stream, options ?? new ImportOptions { County = "620622", SourceName = "registry.csv", ImportedBy = "tester" }, default);
    }

    [Fact]
    public async Task ImportAsync_AllGood_CommitsEveryRow()
    {
        using var store = await TempStore.CreateAsync();
        var report = await ImportAsync(store, File(Row(1), Row(2), Row(3, "二类")));

        Assert.Equal((3, 3, 0, true), (report.Total, report.Accepted, report.Rejected, report.Committed));
        Assert.Equal(3, report.Inserted);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(["备注"], report.UnknownColumns);
        Assert.Equal("utf-8", report.Encoding);
        Assert.Equal(3, await store.Cameras.CountAsync(new CameraQuery(), default));
        Assert.Equal("古浪镇人民路1号, 东口", (await store.Cameras.GetAsync(GbDeviceId.Parse("62062200001320000001"), default))!.Name);
    }

    [Fact]
    public async Task ImportAsync_OneRejected_WritesNothingAndExits2()
    {
        using var store = await TempStore.CreateAsync();
        var report = await ImportAsync(store, File(Row(1), Row(2, "九类"), Row(3)));

        Assert.False(report.Committed);
        Assert.Equal(2, report.ExitCode);
        Assert.Equal((2, 1), (report.Accepted, report.Rejected));
        Assert.Equal("rejected", report.Rows[1].Status);
        Assert.Equal("class", report.Rows[1].Errors.Single().Field);
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM cameras"));
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM import_runs"));
    }

    [Fact]
    public async Task ImportAsync_SkipInvalid_WritesGoodRowsStillExits2()
    {
        using var store = await TempStore.CreateAsync();
        var report = await ImportAsync(store, File(Row(1), Row(2, "九类"), Row(3)), new ImportOptions { County = "620622", SkipInvalid = true });

        Assert.True(report.Committed);
        Assert.Equal(2, report.Inserted);
        Assert.Equal(2, report.ExitCode);
        Assert.Equal(2, await store.ScalarAsync("SELECT COUNT(*) FROM cameras"));
    }

    [Fact]
    public async Task ImportAsync_DryRun_WritesNothing()
    {
        using var store = await TempStore.CreateAsync();
        var report = await ImportAsync(store, File(Row(1), Row(2)), new ImportOptions { DryRun = true });

        Assert.False(report.Committed);
        Assert.True(report.DryRun);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM cameras"));
    }

    [Fact]
    public async Task ImportAsync_SameFileTwice_SecondChangesNothing_ChangedRowAudited()
    {
        using var store = await TempStore.CreateAsync();
        var text = File(Row(1), Row(2), Row(3));
        await ImportAsync(store, text);
        var again = await ImportAsync(store, text);
        Assert.Equal((0, 0, 3), (again.Inserted, again.Updated, again.Unchanged));

        var changed = await ImportAsync(store, File(Row(1), Row(2, "三类"), Row(3)));

        Assert.Equal((0, 1, 2), (changed.Inserted, changed.Updated, changed.Unchanged));
        Assert.Equal(CameraClass.III, (await store.Cameras.GetAsync(GbDeviceId.Parse("62062200001320000002"), default))!.Class);
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM import_changes WHERE action = 'update' AND entity_id = '62062200001320000002' AND changes LIKE 'class: 1 → 3%'"));
        Assert.Equal(3, await store.ScalarAsync("SELECT COUNT(*) FROM import_runs WHERE imported_by = 'tester' AND source_file = 'registry.csv'"));
    }

    [Fact]
    public async Task ImportAsync_GbkWithQuotedNewline_DetectedAndLinesCounted()
    {
        using var store = await TempStore.CreateAsync();
        var multiline = Row(2).Replace("\"古浪镇人民路2号, 东口\"", "\"古浪镇人民路\r\n2号\"", StringComparison.Ordinal);
        var text = File(Row(1), multiline, Row(3, "X类"));
        var report = await ImportAsync(store, text, encoding: TextEncodingDetector.Gb18030);

        Assert.Equal("gb18030", report.Encoding);
        Assert.Equal([2, 3, 5], report.Rows.Select(r => r.Line));
        Assert.Equal([1, 2, 3], report.Rows.Select(r => r.Row));
        Assert.Equal("古浪镇人民路\r\n2号", (await ImportAsync(store, File(Row(1), multiline), encoding: TextEncodingDetector.Gb18030)).Committed
            ? (await store.Cameras.GetAsync(GbDeviceId.Parse("62062200001320000002"), default))!.Name
            : null);
    }

    [Fact]
    public async Task ImportAsync_MissingColumns_OneClearError()
    {
        using var store = await TempStore.CreateAsync();
        var report = await ImportAsync(store, "设备编码,经度\n62062200001320000001,102.9\n");

        Assert.Equal("columns_missing", report.Error!.Code);
        Assert.Contains("设备名称 (Name)", report.Error.Message, StringComparison.Ordinal);
        Assert.Contains("点位类别 (Class)", report.Error.Message, StringComparison.Ordinal);
        Assert.Equal(2, report.ExitCode);
        Assert.Empty(report.Rows);
    }

    [Fact]
    public async Task ImportAsync_EmptyFile_BadInput()
    {
        using var store = await TempStore.CreateAsync();
        Assert.Equal("file_empty", (await ImportAsync(store, "")).Error!.Code);
        Assert.Equal("no_rows", (await ImportAsync(store, Header + "\n")).Error!.Code);
    }

    [Fact]
    public async Task ToJson_HasPromisedShape()
    {
        using var store = await TempStore.CreateAsync();
        var report = await ImportAsync(store, File(Row(1), "6.20622E+19,x,一类,古浪镇,,,,,,,,"));
        using var doc = JsonDocument.Parse(report.ToJson());
        var root = doc.RootElement;

        Assert.Equal("registry.csv", root.GetProperty("file").GetString());
        Assert.Equal("utf-8", root.GetProperty("encoding").GetString());
        Assert.Equal(2, root.GetProperty("total").GetInt32());
        Assert.Equal(1, root.GetProperty("accepted").GetInt32());
        Assert.Equal(1, root.GetProperty("rejected").GetInt32());
        Assert.False(root.GetProperty("committed").GetBoolean());
        var rows = root.GetProperty("rows");
        Assert.Equal(1, rows[0].GetProperty("row").GetInt32());
        Assert.Equal(2, rows[0].GetProperty("line").GetInt32());
        Assert.Equal("62062200001320000001", rows[0].GetProperty("deviceId").GetString());
        Assert.Equal("accepted", rows[0].GetProperty("status").GetString());
        Assert.Equal(0, rows[0].GetProperty("errors").GetArrayLength());
        var error = rows[1].GetProperty("errors")[0];
        Assert.Equal("rejected", rows[1].GetProperty("status").GetString());
        Assert.Equal("device_id", error.GetProperty("field").GetString());
        Assert.Equal("id_scientific_notation", error.GetProperty("code").GetString());
        Assert.Contains("科学计数法", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_Grids_UpsertsCatalogue()
    {
        using var store = await TempStore.CreateAsync();
        var importer = new RegistryImporter(store.Cameras, store.Grids);
        var text = "网格编码,网格名称,乡镇(街道),村(社区),网格类型,应配摄像机数\n620622001001,东关一网格,古浪镇,东关村,城镇,4\n620622001002,东关二网格,古浪镇,东关村,城镇,\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var report = await importer.ImportAsync(stream, new ImportOptions { Kind = ImportKind.Grids, SourceName = "grids.csv" }, default);

        Assert.True(report.Committed);
        Assert.Equal("grids", report.Kind);
        Assert.Equal("620622001001", report.Rows[0].Code);
        Assert.Equal(4, (await store.Grids.GetAsync("620622001001", default))!.RequiredCameras);
    }
}
