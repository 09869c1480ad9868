using System.CommandLine;
using System.Globalization;
using System.Text;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Demo;
using VideoRegistry.Core.Registry.Import;
using VideoRegistry.Core.Reports;
using VideoRegistry.Storage.Export;
using VideoRegistry.Storage.Import;

namespace VideoRegistry.Worker.Cli;

/// <summary>
/// <c>videoregistry demo [--db PATH] [--write-csv DIR] [--simulator HOST:PORT]</c>: seeds the deterministic demo
/// county (Gulang-like, 7,071 cameras) through the same CSV importer a county uses, so what the demo shows is what
/// an import of config/demo/cameras.csv gives.
/// </summary>
public static class DemoCommand
{
    public const string CamerasFile = "cameras.csv";
    public const string GridsFile = "grids.csv";

    public static Command Create()
    {
        var db = CommonOptions.Db();
        var writeCsv = new Option<string?>("--write-csv") { Description = "同时把台账 CSV 写到此目录（cameras.csv, grids.csv） / also write the registry CSVs (cameras.csv, grids.csv) to this directory" };
        var simulator = new Option<string?>("--simulator")
        {
            Description = "摄像机模拟器地址 / camera simulator HOST:PORT (default 127.0.0.1:8554; hung port = PORT+1, refused = PORT-1, NVR down = PORT+3)",
        };
        var command = new Command("demo", "生成演示县（古浪县模型，7071 路） / seed the demo county (Gulang-like, 7,071 cameras)") { db, writeCsv, simulator };
        command.SetAction(async (parse, ct) =>
            await RunAsync(parse.GetValue(db), parse.GetValue(writeCsv), parse.GetValue(simulator), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    internal static async Task<int> RunAsync(string? db, string? writeCsv, string? simulator, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = new DemoCountyOptions();
        if (simulator is not null)
        {
            if (!TryParseHostPort(simulator, out var host, out var port))
            {
                await error.WriteLineAsync($"模拟器地址格式错误 '{simulator}' / bad --simulator '{simulator}': expected HOST:PORT, e.g. 127.0.0.1:8554 (port 2–65532)");
                return CommonOptions.BadInput;
            }

            options = options with { Host = host, Port = port };
        }

        var county = DemoCounty.Generate(options);
        var camerasCsv = CamerasCsv(county);
        var gridsCsv = GridsCsv(county);
        string? csvDir = null;
        if (writeCsv is not null)
        {
            csvDir = Path.GetFullPath(writeCsv);
            Directory.CreateDirectory(csvDir);
            await File.WriteAllBytesAsync(Path.Combine(csvDir, CamerasFile), camerasCsv, cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(csvDir, GridsFile), gridsCsv, cancellationToken);
        }

        var path = RegistryStore.ResolvePath(db);
        var store = await RegistryStore.OpenAsync(path, migrate: true, cancellationToken);
        var importer = store.Importer;
        var gridReport = await importer.ImportAsync(new MemoryStream(gridsCsv), Options(ImportKind.Grids, GridsFile), cancellationToken);
        var cameraReport = await importer.ImportAsync(new MemoryStream(camerasCsv), Options(ImportKind.Cameras, CamerasFile), cancellationToken);
        if (gridReport.ExitCode != 0 || cameraReport.ExitCode != 0)
        {
            // The generator and the importer disagree: a bug, shown with the importer's own report.
            await error.WriteLineAsync("演示台账导入失败 / the demo registry did not import cleanly:");
            await error.WriteLineAsync(ImportCommand.ToTable(gridReport.ExitCode != 0 ? gridReport : cameraReport, skipInvalid: false, path));
            return CommonOptions.BadInput;
        }

        await output.WriteLineAsync(Summary(county, options, path, cameraReport, gridReport, csvDir));
        return CommonOptions.Ok;
    }

    /// <summary>The camera registry CSV exactly as committed in config/demo/cameras.csv (UTF-8 with BOM).</summary>
    internal static byte[] CamerasCsv(DemoCounty county) =>
        Csv(w => RegistryCsvWriter.WriteCameras(w, county.Cameras, includeCredentials: true));

    internal static byte[] GridsCsv(DemoCounty county) => Csv(w => RegistryCsvWriter.WriteGrids(w, county.Grids));

    internal static bool TryParseHostPort(string raw, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var text = raw.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 2 or > 65532)
        {
            return false;
        }

        host = text[..colon];
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        var kind = Uri.CheckHostName(bracketed ? host[1..^1] : host);
        return bracketed ? kind == UriHostNameType.IPv6 : kind is UriHostNameType.Dns or UriHostNameType.IPv4;
    }

    private static ImportOptions Options(ImportKind kind, string file) => new()
    {
        Kind = kind,
        County = kind == ImportKind.Cameras ? DemoCounty.AdminCode : null,
        SourceName = "demo:" + file,
        ImportedBy = "videoregistry demo",
    };

    private static byte[] Csv(Action<TextWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, RegistryExporter.CsvEncoding, 65536, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static string Summary(DemoCounty county, DemoCountyOptions options, string path, ImportReport cameras, ImportReport grids, string? csvDir)
    {
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        int Count(CameraClass c) => county.Cameras.Count(x => x.Class == c);
        int Faults(DemoFault f) => county.Faults.Values.Count(x => x == f);
        var lines = new List<(string Label, string Value)>
        {
            ("县 County", $"{DemoCounty.CountyName} ({DemoCounty.AdminCode})"),
            ("乡镇(街道) Townships", N(DemoCounty.Townships.Count)),
            ("网格 Grids", $"{N(county.Grids.Count)}（无摄像机 without cameras: {N(county.UncoveredGrids.Count)}）"),
            ("摄像机 Cameras", $"{N(county.Cameras.Count)}（一类 I {N(Count(CameraClass.I))}，二类 II {N(Count(CameraClass.II))}，三类 III {N(Count(CameraClass.III))}）"),
            ("上级设备 Upstream NVRs", $"{N(county.Upstreams.Count)}（掉线 down: {county.DownUpstream}，{N(Faults(DemoFault.UpstreamDown))} 路 cameras）"),
            ("预置故障 Planted faults",
                $"拒绝连接 refused {Faults(DemoFault.Refused)}，无响应 hung {Faults(DemoFault.Hung)}，地址不存在 not found {Faults(DemoFault.NotFound)}，" +
                $"黑屏 black {Faults(DemoFault.Black)}，画面冻结 frozen {Faults(DemoFault.Frozen)}，密码错误 auth {Faults(DemoFault.AuthWrongPassword)}"),
            ("取流 Streams", $"rtsp://{options.Host}:{options.Port}/ok/<n>（模拟器 simulator; 无响应 hung :{options.HungPort}, 拒绝 refused :{options.RefusedPort}, NVR 掉线 down :{options.NvrDownPort}）"),
            ("数据库 Database", path),
            ("摄像机导入 Cameras imported", $"新增 inserted {N(cameras.Inserted)}，更新 updated {N(cameras.Updated)}，未变 unchanged {N(cameras.Unchanged)}"),
            ("网格导入 Grids imported", $"新增 inserted {N(grids.Inserted)}，更新 updated {N(grids.Updated)}，未变 unchanged {N(grids.Unchanged)}"),
        };
        if (csvDir is not null)
        {
            lines.Add(("CSV", $"{Path.Combine(csvDir, CamerasFile)}, {Path.Combine(csvDir, GridsFile)}"));
        }

        var width = lines.Max(l => TerminalTable.DisplayWidth(l.Label));
        var sb = new StringBuilder("演示县已生成 / demo county seeded\n");
        foreach (var (label, value) in lines)
        {
            sb.Append("  ").Append(TerminalTable.Pad(label, width)).Append("  ").Append(value).Append('\n');
        }

        return sb.ToString().TrimEnd();
    }
}
