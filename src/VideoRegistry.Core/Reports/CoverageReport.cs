using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Reports;

/// <summary>A grid with a coverage problem.</summary>
/// <param name="Status">no_camera, none_online or below_required.</param>
/// <param name="Registered">Cameras registered in the grid (not decommissioned).</param>
/// <param name="Working">Cameras whose stream can be pulled now (online or degraded).</param>
public sealed record GridGapRow(string Grid, string Name, string Township, string? Village, string Status, int Registered, int Working, int? Required);

/// <summary>A key site type in a township without a working camera.</summary>
/// <param name="Status">none_registered (no camera of that type at all) or none_working.</param>
public sealed record KeySiteGapRow(string Township, string SiteType, string Status, int Registered, int Working);

/// <summary>Coverage of one township: grids with at least one working camera ÷ grids in the catalogue.</summary>
public sealed record TownshipCoverageRow(string Township, int Grids, int CoveredGrids, double? CoverageRatio, int Cameras, int WorkingCameras);

/// <summary>
/// Where there is no working camera: grids of the catalogue with no camera, with cameras but none up, or fewer
/// working cameras than the catalogue requires; key site types (重点集镇, 主要路段 …) per township without a working
/// camera; and per township the share of grids covered. "Working" = the stream can be pulled now (online or
/// degraded; a degraded picture still shows the place). Decommissioned cameras do not count anywhere.
/// </summary>
public sealed record CoverageReport : ITabularReport
{
    /// <summary>Key site types from the Sharp Eyes coverage goal (重点集镇、主要路段、居民小区) plus schools and hospitals.</summary>
    public static IReadOnlyList<string> DefaultKeySiteTypes { get; } = ["重点集镇", "主要路段", "居民小区", "学校", "医院"];

    public required DateTimeOffset GeneratedAt { get; init; }

    public required IReadOnlyList<GridGapRow> GridGaps { get; init; }

    public required IReadOnlyList<KeySiteGapRow> KeySiteGaps { get; init; }

    public required IReadOnlyList<TownshipCoverageRow> Townships { get; init; }

    public bool HasFindings => GridGaps.Count > 0 || KeySiteGaps.Count > 0;

    public static CoverageReport Build(
        IEnumerable<Camera> cameras,
        IEnumerable<Grid> grids,
        IEnumerable<CameraHealth> health,
        DateTimeOffset now,
        IReadOnlyList<string>? keySiteTypes = null)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentNullException.ThrowIfNull(health);
        keySiteTypes ??= DefaultKeySiteTypes;
        var up = health.Where(h => h.State.IsUp()).Select(h => h.DeviceId).ToHashSet();
        var registered = cameras.Where(c => c.Lifecycle != CameraLifecycle.Decommissioned).ToList();

        var perGrid = new Dictionary<string, (int Registered, int Working)>(StringComparer.Ordinal);
        foreach (var c in registered)
        {
            if (string.IsNullOrWhiteSpace(c.Grid))
            {
                continue;
            }

            var (r, w) = perGrid.GetValueOrDefault(c.Grid);
            perGrid[c.Grid] = (r + 1, w + (up.Contains(c.DeviceId) ? 1 : 0));
        }

        var gridList = grids.ToList();
        var gaps = new List<GridGapRow>();
        foreach (var g in gridList)
        {
            var (r, w) = perGrid.GetValueOrDefault(g.Code);
            var status = r == 0 ? "no_camera" : w == 0 ? "none_online" : g.RequiredCameras is { } req && w < req ? "below_required" : null;
            if (status is not null)
            {
                gaps.Add(new GridGapRow(g.Code, g.Name, g.Township, g.Village, status, r, w, g.RequiredCameras));
            }
        }

        var townships = gridList.Select(g => g.Township).Concat(registered.Select(c => c.Township)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var keyGaps = new List<KeySiteGapRow>();
        var coverage = new List<TownshipCoverageRow>();
        foreach (var township in townships)
        {
            var inTownship = registered.Where(c => string.Equals(c.Township, township, StringComparison.Ordinal)).ToList();
            foreach (var type in keySiteTypes)
            {
                var ofType = inTownship.Where(c => c.SiteType is { } s && s.Contains(type, StringComparison.Ordinal)).ToList();
                var working = ofType.Count(c => up.Contains(c.DeviceId));
                if (working == 0)
                {
                    keyGaps.Add(new KeySiteGapRow(township, type, ofType.Count == 0 ? "none_registered" : "none_working", ofType.Count, 0));
                }
            }

            var townshipGrids = gridList.Where(g => string.Equals(g.Township, township, StringComparison.Ordinal)).ToList();
            var covered = townshipGrids.Count(g => perGrid.GetValueOrDefault(g.Code).Working > 0);
            coverage.Add(new TownshipCoverageRow(
                township,
                townshipGrids.Count,
                covered,
                townshipGrids.Count > 0 ? (double)covered / townshipGrids.Count : null,
                inTownship.Count,
                inTownship.Count(c => up.Contains(c.DeviceId))));
        }

        return new CoverageReport
        {
            GeneratedAt = now,
            GridGaps = [.. gaps.OrderBy(g => StatusOrder(g.Status)).ThenBy(g => g.Township, StringComparer.Ordinal).ThenBy(g => g.Grid, StringComparer.Ordinal)],
            KeySiteGaps = keyGaps,
            Townships = coverage,
        };
    }

    public IReadOnlyList<ReportTable> ToTables() =>
    [
        new(
            $"网格覆盖缺口 Grid coverage gaps ({GridGaps.Count}) — {ReportCells.Time(GeneratedAt)}",
            ["网格编码 Grid", "网格名称 Name", "乡镇 Township", "村社区 Village", "问题 Problem", "登记 Registered", "在线 Working", "应有 Required"],
            [.. GridGaps.Select(g => (IReadOnlyList<string>)
            [
                g.Grid, g.Name, g.Township, g.Village ?? string.Empty, DescribeStatus(g.Status), ReportCells.Count(g.Registered),
                ReportCells.Count(g.Working), g.Required is { } r ? ReportCells.Count(r) : string.Empty,
            ])])
        {
            NumericColumns = new HashSet<int> { 5, 6, 7 },
        },
        new(
            "重点部位无可用摄像机 Key sites without a working camera",
            ["乡镇 Township", "点位类型 Site type", "问题 Problem", "登记 Registered", "在线 Working"],
            [.. KeySiteGaps.Select(k => (IReadOnlyList<string>)
            [
                k.Township, k.SiteType, DescribeStatus(k.Status), ReportCells.Count(k.Registered), ReportCells.Count(k.Working),
            ])])
        {
            NumericColumns = new HashSet<int> { 3, 4 },
        },
        new(
            "乡镇覆盖率 Coverage per township",
            ["乡镇 Township", "网格数 Grids", "已覆盖网格 Covered grids", "覆盖率 Coverage", "摄像机 Cameras", "在线 Working"],
            [.. Townships.Select(t => (IReadOnlyList<string>)
            [
                t.Township, ReportCells.Count(t.Grids), ReportCells.Count(t.CoveredGrids), ReportCells.Percent(t.CoverageRatio),
                ReportCells.Count(t.Cameras), ReportCells.Count(t.WorkingCameras),
            ])])
        {
            NumericColumns = new HashSet<int> { 1, 2, 3, 4, 5 },
        },
    ];

    public static string DescribeStatus(string status) => status switch
    {
        "no_camera" => "无摄像机 No camera",
        "none_online" => "无在线摄像机 None online",
        "below_required" => "低于应有数量 Below required count",
        "none_registered" => "未登记 None registered",
        "none_working" => "均不在线 None working",
        _ => status,
    };

    private static int StatusOrder(string status) => status switch
    {
        "no_camera" => 0,
        "none_online" => 1,
        _ => 2,
    };
}
