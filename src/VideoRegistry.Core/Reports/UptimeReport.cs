using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Reports;

/// <summary>How the uptime (考核) table is grouped.</summary>
public enum UptimeGrouping
{
    Township,
    Class,
    Grid,
    Camera,
}

public static class UptimeGroupingParser
{
    public static bool TryParse(string? raw, out UptimeGrouping grouping)
    {
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null or "" or "township" or "乡镇":
                grouping = UptimeGrouping.Township;
                return true;
            case "class" or "类别":
                grouping = UptimeGrouping.Class;
                return true;
            case "grid" or "网格":
                grouping = UptimeGrouping.Grid;
                return true;
            case "camera" or "摄像机":
                grouping = UptimeGrouping.Camera;
                return true;
            default:
                grouping = UptimeGrouping.Township;
                return false;
        }
    }

    public static string ToLabel(this UptimeGrouping g) => g.ToString().ToLowerInvariant();
}

/// <summary>A camera that pulls its group's figures down.</summary>
public sealed record WorstCamera(string Id, string Name, double? OnlineRate, double OfflineSeconds, int Outages);

/// <summary>One line of the assessment table.</summary>
public sealed record UptimeRow
{
    public required string Group { get; init; }

    public int Cameras { get; init; }

    public double OnlineSeconds { get; init; }

    public double DegradedSeconds { get; init; }

    public double OfflineSeconds { get; init; }

    /// <summary>Monitor not running or a monitor-side incident: shown apart, never counted as camera downtime in availability.</summary>
    public double UnknownSeconds { get; init; }

    /// <summary>Left out of every denominator.</summary>
    public double MaintenanceSeconds { get; init; }

    /// <summary>在线率 (time-weighted): up ÷ (period − maintenance); unknown counts against (the assessment's "theoretical hours").</summary>
    public double? OnlineRate { get; init; }

    /// <summary>完好率 (time-weighted): online with a normal picture ÷ (period − maintenance).</summary>
    public double? IntactRate { get; init; }

    /// <summary>Availability: up ÷ (known − maintenance); unknown leaves both sides.</summary>
    public double? Availability { get; init; }

    public int Outages { get; init; }

    /// <summary>Outages repaired (back up) inside the period; the mean time to repair is over these.</summary>
    public int Repairs { get; init; }

    public double? MeanTimeToRepairSeconds { get; init; }

    public IReadOnlyList<WorstCamera> WorstCameras { get; init; } = [];
}

/// <summary>
/// The periodic assessment (考核) table: per township, class, grid or camera, the cameras, time-weighted 在线率 and
/// 完好率, availability, outages, mean time to repair and the worst cameras, with unknown and maintenance time
/// shown apart. Seconds per state come from <see cref="IAvailabilityReader"/>; the ratios are
/// <see cref="AvailabilityMath"/>'s. A registered camera is unknown for the part of the period it has no history for (all of
/// it when it has none).
/// </summary>
public sealed record UptimeReport : ITabularReport
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public required string GroupBy { get; init; }

    public required IReadOnlyList<UptimeRow> Groups { get; init; }

    public required UptimeRow Total { get; init; }

    /// <summary>An assessment table is information, not a finding.</summary>
    public bool HasFindings => false;

    /// <param name="transitions">Transitions up to <c>window.End</c>, starting early enough to see when outages repaired in
    /// the window began (an outage whose start is not in the list is counted but has no repair time).</param>
    public static UptimeReport Build(
        IEnumerable<CameraSummary> cameras,
        IEnumerable<CameraStateSeconds> seconds,
        IEnumerable<HealthTransition> transitions,
        TimeWindow window,
        UptimeGrouping groupBy,
        int worstPerGroup = 3)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(seconds);
        ArgumentNullException.ThrowIfNull(transitions);
        var period = window.Length.TotalSeconds;
        var byCamera = new Dictionary<string, CameraStateSeconds>(StringComparer.Ordinal);
        foreach (var s in seconds)
        {
            byCamera[s.DeviceId.Value] = s;
        }

        var repairs = RepairTimes(transitions, window);
        var groups = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        var total = new Accumulator("合计 Total", worstPerGroup);
        foreach (var camera in cameras)
        {
            if (!byCamera.TryGetValue(camera.DeviceId.Value, out var s))
            {
                if (camera.Lifecycle == CameraLifecycle.Decommissioned)
                {
                    continue;
                }

                s = new CameraStateSeconds { DeviceId = camera.DeviceId, Unknown = period };
            }
            else if (camera.Lifecycle != CameraLifecycle.Decommissioned
                && period - (s.Online + s.Degraded + s.Offline + s.Unknown + s.Maintenance) is > 0.0005 and var untracked)
            {
                // The store counts a camera from its first transition; before that it was registered but not known.
                s = s with { Unknown = s.Unknown + untracked };
            }

            var key = Key(camera, groupBy);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new Accumulator(key, worstPerGroup);
            }

            var repaired = repairs.GetValueOrDefault(camera.DeviceId.Value);
            group.Add(camera, s, repaired);
            total.Add(camera, s, repaired);
        }

        var order = groupBy == UptimeGrouping.Class ? ClassOrder.Instance : (IComparer<string>)StringComparer.Ordinal;
        return new UptimeReport
        {
            From = window.Start,
            To = window.End,
            GroupBy = groupBy.ToLabel(),
            Groups = [.. groups.Values.Select(g => g.ToRow()).OrderBy(r => r.Group, order)],
            Total = total.ToRow(),
        };
    }

    public IReadOnlyList<ReportTable> ToTables()
    {
        var title = $"考核 Uptime {ReportCells.Time(From)} — {ReportCells.Time(To)}, 按 by {GroupBy}";
        var rows = Groups.Select(Cells).Append(Cells(Total)).ToList();
        var worst = Groups.SelectMany(g => g.WorstCameras.Select(w => (IReadOnlyList<string>)
        [
            g.Group, w.Id, w.Name, ReportCells.Percent(w.OnlineRate), ReportCells.Hours(w.OfflineSeconds), ReportCells.Count(w.Outages),
        ])).ToList();
        return
        [
            new(title, Headers, rows) { NumericColumns = Enumerable.Range(1, Headers.Length - 1).ToHashSet() },
            new(
                "最差摄像机 Worst cameras",
                ["分组 Group", "设备编码 Device ID", "名称 Name", "在线率 Online rate", "离线小时 Offline hours", "中断次数 Outages"],
                worst)
            {
                NumericColumns = new HashSet<int> { 3, 4, 5 },
            },
        ];
    }

    private static readonly string[] Headers =
    [
        "分组 Group", "摄像机数 Cameras", "在线率 Online rate", "完好率 Intact rate", "可用率 Availability",
        "在线小时 Online hours", "故障画面小时 Degraded hours", "离线小时 Offline hours", "未知小时 Unknown hours",
        "维修小时 Maintenance hours", "中断次数 Outages", "修复次数 Repairs", "平均修复时长 MTTR",
    ];

    private static IReadOnlyList<string> Cells(UptimeRow r) =>
    [
        r.Group, ReportCells.Count(r.Cameras), ReportCells.Percent(r.OnlineRate), ReportCells.Percent(r.IntactRate),
        ReportCells.Percent(r.Availability), ReportCells.Hours(r.OnlineSeconds), ReportCells.Hours(r.DegradedSeconds),
        ReportCells.Hours(r.OfflineSeconds), ReportCells.Hours(r.UnknownSeconds), ReportCells.Hours(r.MaintenanceSeconds),
        ReportCells.Count(r.Outages), ReportCells.Count(r.Repairs),
        r.MeanTimeToRepairSeconds is { } m ? ReportCells.Duration(m) : string.Empty,
    ];

    private static string Key(CameraSummary camera, UptimeGrouping groupBy) => groupBy switch
    {
        UptimeGrouping.Township => camera.Township,
        UptimeGrouping.Class => camera.Class.ToLabel(),
        UptimeGrouping.Grid => string.IsNullOrWhiteSpace(camera.Grid) ? "(无网格 no grid)" : camera.Grid,
        _ => camera.DeviceId.Value,
    };

    /// <summary>One group's running sums and its worst cameras so far (a short sorted list, not a sort of the group).</summary>
    private sealed class Accumulator(string group, int worstPerGroup)
    {
        /// <summary>A group's summed seconds belong to no one camera.</summary>
        private static readonly GbDeviceId GroupLabel = GbDeviceId.Parse("00000000000000000000");

        private readonly List<WorstCamera> _worst = [];
        private double _online;
        private double _degraded;
        private double _offline;
        private double _unknown;
        private double _maintenance;
        private int _outages;
        private int _cameras;
        private int _repairs;
        private double _repairSeconds;

        public void Add(CameraSummary camera, CameraStateSeconds s, List<double>? repairs)
        {
            _cameras++;
            _online += s.Online;
            _degraded += s.Degraded;
            _offline += s.Offline;
            _unknown += s.Unknown;
            _maintenance += s.Maintenance;
            _outages += s.Outages;
            if (repairs is not null)
            {
                _repairs += repairs.Count;
                foreach (var r in repairs)
                {
                    _repairSeconds += r;
                }
            }

            if (worstPerGroup > 0 && AvailabilityMath.TimeWeightedOnlineRate(s) is < 1.0 and var rate)
            {
                var candidate = new WorstCamera(camera.DeviceId.Value, camera.Name, rate, s.Offline, s.Outages);
                if (_worst.Count < worstPerGroup || WorstFirst.Instance.Compare(candidate, _worst[^1]) < 0)
                {
                    var at = _worst.BinarySearch(candidate, WorstFirst.Instance);
                    _worst.Insert(at < 0 ? ~at : at, candidate);
                    if (_worst.Count > worstPerGroup)
                    {
                        _worst.RemoveAt(_worst.Count - 1);
                    }
                }
            }
        }

        public UptimeRow ToRow()
        {
            var sum = new CameraStateSeconds
            {
                DeviceId = GroupLabel,
                Online = _online,
                Degraded = _degraded,
                Offline = _offline,
                Unknown = _unknown,
                Maintenance = _maintenance,
                Outages = _outages,
            };
            return new UptimeRow
            {
                Group = group,
                Cameras = _cameras,
                OnlineSeconds = _online,
                DegradedSeconds = _degraded,
                OfflineSeconds = _offline,
                UnknownSeconds = _unknown,
                MaintenanceSeconds = _maintenance,
                OnlineRate = AvailabilityMath.TimeWeightedOnlineRate(sum),
                IntactRate = IntactRate(sum),
                Availability = AvailabilityMath.Availability(sum),
                Outages = _outages,
                Repairs = _repairs,
                MeanTimeToRepairSeconds = _repairs > 0 ? _repairSeconds / _repairs : null,
                WorstCameras = [.. _worst],
            };
        }
    }

    /// <summary>Lowest online rate first, then most offline time, then device ID.</summary>
    private sealed class WorstFirst : IComparer<WorstCamera>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(WorstCamera? x, WorstCamera? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var c = Nullable.Compare(x.OnlineRate, y.OnlineRate);
            if (c == 0)
            {
                c = y.OfflineSeconds.CompareTo(x.OfflineSeconds);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
        }
    }

    /// <summary>Time-weighted 完好率: the same denominator as the time-weighted 在线率, only picture-normal time counts.</summary>
    private static double? IntactRate(CameraStateSeconds s)
    {
        var denominator = s.Online + s.Degraded + s.Offline + s.Unknown;
        return denominator > 0 ? s.Online / denominator : null;
    }

    /// <summary>
    /// Repair times of outages that ended inside the window: from the transition into offline to the first transition
    /// back up (online or degraded). Unknown and maintenance in between do not end an outage; decommissioning drops it.
    /// </summary>
    private static Dictionary<string, List<double>> RepairTimes(IEnumerable<HealthTransition> transitions, TimeWindow window)
    {
        var result = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var camera in transitions.GroupBy(t => t.DeviceId))
        {
            DateTimeOffset? down = null;
            foreach (var t in camera.OrderBy(t => t.At))
            {
                if (t.At >= window.End)
                {
                    break;
                }

                if (t.To == HealthState.Offline)
                {
                    down ??= t.At;
                }
                else if (t.To.IsUp() && down is { } start)
                {
                    if (t.At >= window.Start)
                    {
                        if (!result.TryGetValue(camera.Key.Value, out var list))
                        {
                            result[camera.Key.Value] = list = [];
                        }

                        list.Add((t.At - start).TotalSeconds);
                    }

                    down = null;
                }
                else if (t.To == HealthState.Decommissioned)
                {
                    down = null;
                }
            }
        }

        return result;
    }

    private sealed class ClassOrder : IComparer<string>
    {
        public static readonly ClassOrder Instance = new();

        public int Compare(string? x, string? y) => Rank(x).CompareTo(Rank(y));

        private static int Rank(string? label) => label switch
        {
            "I" => 1,
            "II" => 2,
            "III" => 3,
            _ => 4,
        };
    }
}
