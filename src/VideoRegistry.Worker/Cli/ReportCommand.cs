using System.CommandLine;
using System.Text;
using VideoRegistry.Core.Reports;
using VideoRegistry.Storage;
using VideoRegistry.Worker.Hosting;
using VideoRegistry.Worker.Registry;
using VideoRegistry.Worker.Reports;

namespace VideoRegistry.Worker.Cli;

/// <summary>
/// <c>videoregistry report dead|coverage|uptime [--db] [--from] [--to] [--group-by] [--format table|csv|json] [--output FILE]</c>:
/// the same <see cref="ReportService"/> and renderers as the HTTP API, reading the store the service writes.
/// Exit 0 when the report was written, 2 on bad input (unknown kind, bad dates, missing database).
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "报表类型 / report: dead (离线/故障), coverage (覆盖缺口), uptime (考核)" };
        var from = new Option<string?>("--from") { Description = "考核开始 / uptime period start, e.g. 2026-11-01 or 2026-11-01T08:00:00Z (default: 30 days before --to)" };
        var to = new Option<string?>("--to") { Description = "考核结束 / uptime period end (default: now)" };
        var groupBy = new Option<string?>("--group-by") { Description = "分组 / uptime grouping: township, class, grid, camera (default township)" };
        var format = new Option<string>("--format") { Description = "输出格式 / output format: table, csv (UTF-8 BOM), json", DefaultValueFactory = _ => "table" };
        var outputFile = new Option<string?>("--output") { Description = "输出文件 / write to this file instead of standard output" };
        var db = CommonOptions.Db();
        var command = new Command("report", "报表 / reports: dead, coverage, uptime") { kind, from, to, groupBy, format, outputFile, db };
        command.SetAction(async (parse, ct) =>
        {
            var request = new ReportRequest(
                parse.GetValue(kind) ?? string.Empty,
                parse.GetValue(from),
                parse.GetValue(to),
                parse.GetValue(groupBy),
                parse.GetValue(format) ?? "table",
                parse.GetValue(outputFile),
                parse.GetValue(db));
            return await RunAsync(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    internal sealed record ReportRequest(string Kind, string? From, string? To, string? GroupBy, string Format, string? Output, string? Database);

    internal static async Task<int> RunAsync(ReportRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var kind = request.Kind.Trim().ToLowerInvariant();
        if (kind is not ("dead" or "coverage" or "uptime"))
        {
            await error.WriteLineAsync($"报表类型无效 '{request.Kind}' / unknown report '{request.Kind}': expected dead, coverage or uptime");
            return CommonOptions.BadInput;
        }

        if (!ReportCells.TryParse(request.Format, out var format))
        {
            await error.WriteLineAsync($"输出格式无效 '{request.Format}' / bad --format '{request.Format}': expected table, csv or json");
            return CommonOptions.BadInput;
        }

        if (!UptimeGroupingParser.TryParse(request.GroupBy, out var grouping))
        {
            await error.WriteLineAsync($"分组无效 '{request.GroupBy}' / bad --group-by '{request.GroupBy}': expected township, class, grid or camera");
            return CommonOptions.BadInput;
        }

        if (kind != "uptime" && (request.From is not null || request.To is not null || request.GroupBy is not null))
        {
            await error.WriteLineAsync($"--from/--to/--group-by 仅用于 uptime / --from, --to and --group-by apply to the uptime report only, not '{kind}'");
            return CommonOptions.BadInput;
        }

        await using var app = BuildServices(request.Database);
        var database = app.Services.GetRequiredService<SqliteDatabase>();
        if (!File.Exists(database.Path))
        {
            await error.WriteLineAsync($"数据库不存在 '{database.Path}' / database '{database.Path}' does not exist: pass --db or run the service first");
            return CommonOptions.BadInput;
        }

        await database.MigrateAsync(cancellationToken);
        var reports = app.Services.GetRequiredService<ReportService>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        ITabularReport report;
        switch (kind)
        {
            case "dead":
                report = await reports.DeadAsync(cancellationToken);
                break;
            case "coverage":
                report = await reports.CoverageAsync(cancellationToken);
                break;
            default:
                if (ReportService.ResolvePeriod(request.From, request.To, time.GetUtcNow(), out var start, out var end) is { } bad)
                {
                    await error.WriteLineAsync(bad);
                    return CommonOptions.BadInput;
                }

                report = await reports.UptimeAsync(start, end, grouping, cancellationToken);
                break;
        }

        byte[] bytes = format switch
        {
            ReportFormat.Csv => ReportCsv.ToBytes(report.ToTables()),
            ReportFormat.Json => Encoding.UTF8.GetBytes(Json(report) + "\n"),
            _ => Encoding.UTF8.GetBytes(TerminalTable.Render(report.ToTables())),
        };

        if (request.Output is { } path)
        {
            try
            {
                await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
            {
                await error.WriteLineAsync($"无法写入 '{path}' / cannot write '{path}': {ex.Message}");
                return CommonOptions.BadInput;
            }

            await error.WriteLineAsync($"已写入 {path} / written {path} ({bytes.Length} bytes)");
        }
        else
        {
            // The CSV keeps its BOM on standard output too (as U+FEFF), so `report uptime --format csv > t.csv` opens in Excel.
            await output.WriteAsync(format == ReportFormat.Csv ? "\uFEFF" + ReportCsv.ToText(report.ToTables()) : Encoding.UTF8.GetString(bytes));
        }

        return CommonOptions.Ok;
    }

    private static string Json(ITabularReport report) => report switch
    {
        DeadCameraReport d => ReportJson.Serialize(d),
        CoverageReport c => ReportJson.Serialize(c),
        UptimeReport u => ReportJson.Serialize(u),
        _ => ReportJson.Serialize<object>(report),
    };

    private static WebApplication BuildServices(string? databasePath)
    {
        var args = databasePath is null ? Array.Empty<string>() : [$"--Storage:Path={databasePath}"];
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddStorage();
        builder.AddRegistry();
        builder.Services.AddReports();
        return builder.Build();
    }
}
