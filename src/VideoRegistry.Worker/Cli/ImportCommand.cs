using System.CommandLine;
using System.Globalization;
using System.Text;
using VideoRegistry.Core.Registry.Import;
using VideoRegistry.Core.Reports;
using VideoRegistry.Storage.Import;

namespace VideoRegistry.Worker.Cli;

/// <summary>
/// <c>videoregistry import FILE [--db PATH] [--dry-run] [--skip-invalid] [--county 620622]
/// [--encoding auto|utf-8|gb18030] [--format table|json] [--grids]</c>: a county registry or grid catalogue (CSV),
/// all-or-nothing by default. Exit 0 when every row was accepted, 2 when any row was rejected or the input is bad.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("file")
        {
            Description = "台账文件 (CSV: UTF-8 或 GBK/GB18030；或 .xlsx 第一个工作表) / registry or grid catalogue file (CSV in UTF-8 or GBK/GB18030, or .xlsx: first sheet)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var db = CommonOptions.Db();
        var dryRun = new Option<bool>("--dry-run") { Description = "只校验不写入 / validate only, write nothing" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "写入合格行、跳过被拒绝的行（退出码仍为 2） / write the accepted rows even when others are rejected (exit code stays 2)" };
        var county = new Option<string?>("--county") { Description = "县级行政区划代码，如 620622：设备编码须以此开头 / six-digit county code every device ID must start with, e.g. 620622" };
        var encoding = new Option<string>("--encoding") { Description = "文件编码 / file encoding: auto | utf-8 | gb18030", DefaultValueFactory = _ => "auto" };
        var format = new Option<string>("--format") { Description = "输出格式 / output format: table | json", DefaultValueFactory = _ => "table" };
        var grids = new Option<bool>("--grids") { Description = "导入网格编码目录（编码、名称、乡镇、村、类型、应配摄像机数） / import the grid catalogue (code, name, township, village, type, required cameras)" };
        var command = new Command("import", "导入台账 / import a camera registry or grid catalogue (CSV or .xlsx)") { file, db, dryRun, skipInvalid, county, encoding, format, grids };
        command.SetAction(async (parse, ct) =>
        {
            var request = new ImportRequest(
                parse.GetValue(file),
                parse.GetValue(db),
                parse.GetValue(dryRun),
                parse.GetValue(skipInvalid),
                parse.GetValue(county),
                parse.GetValue(encoding) ?? "auto",
                parse.GetValue(format) ?? "table",
                parse.GetValue(grids));
            return await RunAsync(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    internal sealed record ImportRequest(string? File, string? Db, bool DryRun, bool SkipInvalid, string? County, string Encoding, string Format, bool Grids);

    internal static async Task<int> RunAsync(ImportRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (request.Format is not ("table" or "json"))
        {
            return await FailAsync(error, $"未知输出格式 '{request.Format}' / unknown --format '{request.Format}'; expected table or json");
        }

        var encoding = TextEncodingDetector.ParseOption(request.Encoding);
        if (!encoding.Ok)
        {
            return await FailAsync(error, encoding.Error!.Message);
        }

        string? county = null;
        if (request.County is { } rawCounty)
        {
            county = rawCounty.Trim();
            if (county.Length != 6 || !county.All(char.IsAsciiDigit))
            {
                return await FailAsync(error, $"县级行政区划代码 '{rawCounty}' 应为 6 位数字，如 620622 / --county '{rawCounty}' must be a six-digit admin code, e.g. 620622");
            }

            if (request.Grids)
            {
                return await FailAsync(error, "--county 只用于摄像机台账 / --county applies to the camera registry, not to --grids");
            }
        }

        if (string.IsNullOrWhiteSpace(request.File))
        {
            return await FailAsync(error, "请指定要导入的文件 / give the file to import: videoregistry import FILE");
        }

        if (!System.IO.File.Exists(request.File))
        {
            return await FailAsync(error, $"文件不存在 '{request.File}' / file not found: '{request.File}'");
        }

        var extension = Path.GetExtension(request.File).ToLowerInvariant();
        if (extension is ".xls" or ".et")
        {
            return await FailAsync(error, $"不支持旧版 Excel/WPS 文件 '{Path.GetFileName(request.File)}'，请另存为 .xlsx 或 CSV / old binary Excel/WPS workbooks are not read: save the sheet as .xlsx or CSV (UTF-8 or GBK) and import that");
        }

        var path = RegistryStore.ResolvePath(request.Db);
        var store = await RegistryStore.OpenAsync(path, migrate: !request.DryRun, cancellationToken);
        var options = new ImportOptions
        {
            Kind = request.Grids ? ImportKind.Grids : ImportKind.Cameras,
            County = county,
            DryRun = request.DryRun,
            SkipInvalid = request.SkipInvalid,
            Encoding = encoding.Value,
            SourceName = request.File,
            ImportedBy = Environment.UserName,
        };

        ImportReport report;
        try
        {
            await using var stream = new FileStream(request.File, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            report = await store.Importer.ImportAsync(stream, options, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return await FailAsync(error, $"无法读取文件 '{request.File}' / cannot read '{request.File}': {ex.Message}");
        }

        await output.WriteLineAsync(request.Format == "json" ? report.ToJson() : ToTable(report, request.SkipInvalid, path));
        return report.ExitCode;
    }

    /// <summary>The report for a technician: an aligned bilingual summary, the verdict, then every rejected row.</summary>
    internal static string ToTable(ImportReport report, bool skipInvalid, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(report);
        var grids = report.Kind == "grids";
        var summary = new List<(string Label, string Value)>
        {
            ("文件 File", report.File),
            ("类型 Kind", grids ? "网格编码目录 grid catalogue" : "摄像机台账 camera registry"),
            ("编码 Encoding", report.Format == "xlsx" ? "xlsx（第一个工作表 first sheet）" : report.Encoding),
            ("数据行 Rows", N(report.Total)),
            ("接受 Accepted", N(report.Accepted)),
            ("拒绝 Rejected", N(report.Rejected)),
        };
        if (report.Committed)
        {
            summary.Add(("新增 Inserted", N(report.Inserted)));
            summary.Add(("更新 Updated", N(report.Updated)));
            summary.Add(("未变 Unchanged", N(report.Unchanged)));
            summary.Add(("数据库 Database", databasePath));
        }

        if (report.UnknownColumns.Count > 0)
        {
            summary.Add(("忽略的列 Ignored columns", string.Join(", ", report.UnknownColumns)));
        }

        var width = summary.Max(s => TerminalTable.DisplayWidth(s.Label));
        var sb = new StringBuilder();
        foreach (var (label, value) in summary)
        {
            sb.Append(TerminalTable.Pad(label, width)).Append("  ").Append(value).Append('\n');
        }

        sb.Append(TerminalTable.Pad("结果 Result", width)).Append("  ").Append(Verdict(report, skipInvalid)).Append('\n');
        var rejected = report.Rows.Where(r => r.Status == "rejected").ToList();
        if (rejected.Count > 0)
        {
            var rows = new List<IReadOnlyList<string>>();
            foreach (var row in rejected)
            {
                foreach (var e in row.Errors)
                {
                    rows.Add([N(row.Row), N(row.Line), (grids ? row.Code : row.DeviceId) ?? string.Empty, e.Field, e.Code, e.Message]);
                }
            }

            var table = new ReportTable(
                "被拒绝的行 Rejected rows",
                ["行 Row", "物理行 Line", grids ? "网格编码 Grid code" : "设备编码 Device ID", "字段 Field", "代码 Code", "原因 Reason"],
                rows)
            { NumericColumns = new HashSet<int> { 0, 1 } };
            sb.Append('\n').Append(TerminalTable.Render([table]));
        }

        return sb.ToString().TrimEnd();
    }

    private static string Verdict(ImportReport report, bool skipInvalid)
    {
        if (report.Error is { } fileError)
        {
            return $"文件有误，未写入 / bad file, nothing written — {fileError.Message}";
        }

        if (report.DryRun)
        {
            return report.Rejected == 0
                ? "试运行：全部合格，未写入 / dry run: every row is valid, nothing written"
                : $"试运行：{report.Rejected} 行被拒绝，未写入 / dry run: {report.Rejected} row(s) rejected, nothing written";
        }

        if (report.Rejected == 0)
        {
            return report.Committed ? "已全部写入 / every row committed" : "未写入 / nothing written";
        }

        if (!skipInvalid)
        {
            return $"{report.Rejected} 行被拒绝，全部未写入（全有或全无；修正后重新导入，或用 --skip-invalid 只写入合格行） / {report.Rejected} row(s) rejected, nothing written (all-or-nothing: fix them and import again, or use --skip-invalid to write the accepted rows)";
        }

        return report.Committed
            ? $"已写入 {report.Accepted} 个合格行，跳过 {report.Rejected} 个被拒绝的行 / {report.Accepted} accepted row(s) written, {report.Rejected} rejected row(s) skipped"
            : "没有合格行，未写入 / no accepted rows, nothing written";
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync(message);
        return CommonOptions.BadInput;
    }
}
