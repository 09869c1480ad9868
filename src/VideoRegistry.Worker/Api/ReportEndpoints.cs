using System.Globalization;
using VideoRegistry.Core.Reports;
using VideoRegistry.Worker.Reports;

namespace VideoRegistry.Worker.Api;

/// <summary>/api/reports: the dead list, coverage gaps and the uptime (考核) table, as JSON or CSV (the CLI's renderers).</summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder reads)
    {
        reads.MapGet("/reports/dead", DeadAsync).WithName("DeadReport").WithSummary("Offline and degraded cameras now; JSON, or CSV with Accept: text/csv or ?format=csv")
            .Produces<DeadCameraReport>(200, "application/json", "text/csv").ProducesProblem(400);
        reads.MapGet("/reports/coverage", CoverageAsync).WithName("CoverageReport").WithSummary("Grids and key sites without a working camera, coverage per township")
            .Produces<CoverageReport>(200, "application/json", "text/csv").ProducesProblem(400);
        reads.MapGet("/reports/uptime", UptimeAsync).WithName("UptimeReport").WithSummary("考核 table for a period: ?from=&to=&groupBy=township|class|grid|camera")
            .Produces<UptimeReport>(200, "application/json", "text/csv").ProducesProblem(400);
    }

    private static async Task<IResult> DeadAsync(HttpContext http, string? format, ReportService reports, CancellationToken cancellationToken)
    {
        if (!ApiFormats.TryCsv(http.Request, format, out var csv, out var problem))
        {
            return problem!;
        }

        var report = await reports.DeadAsync(cancellationToken);
        return Render(report, csv, $"dead-{Stamp(report.GeneratedAt)}.csv");
    }

    private static async Task<IResult> CoverageAsync(HttpContext http, string? format, ReportService reports, CancellationToken cancellationToken)
    {
        if (!ApiFormats.TryCsv(http.Request, format, out var csv, out var problem))
        {
            return problem!;
        }

        var report = await reports.CoverageAsync(cancellationToken);
        return Render(report, csv, $"coverage-{Stamp(report.GeneratedAt)}.csv");
    }

    private static async Task<IResult> UptimeAsync(HttpContext http, string? from, string? to, string? groupBy, string? format, ReportService reports, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ApiFormats.TryCsv(http.Request, format, out var csv, out var problem))
        {
            return problem!;
        }

        if (!UptimeGroupingParser.TryParse(groupBy, out var grouping))
        {
            return ApiProblems.BadRequest("bad_group_by", $"分组无效 '{ApiProblems.Shorten(groupBy)}' / bad groupBy '{ApiProblems.Shorten(groupBy)}': expected township, class, grid or camera");
        }

        if (ReportService.ResolvePeriod(from, to, time.GetUtcNow(), out var start, out var end) is { } bad)
        {
            return ApiProblems.BadRequest("bad_period", bad);
        }

        var report = await reports.UptimeAsync(start, end, grouping, cancellationToken);
        return Render(report, csv, $"uptime-{grouping.ToLabel()}-{Stamp(start)}-{Stamp(end)}.csv");
    }

    private static IResult Render<T>(T report, bool csv, string fileName)
        where T : ITabularReport =>
        csv
            ? ApiFormats.CsvBytes(ReportCsv.ToBytes(report.ToTables()), fileName)
            : Results.Text(ReportJson.Serialize(report), "application/json; charset=utf-8");

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
}
