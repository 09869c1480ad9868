using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Reports;

/// <summary>One dead camera (offline or degraded now) with everything a technician needs to dispatch a repair.</summary>
public sealed record DeadCameraRow
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>"I", "II", "III".</summary>
    public required string Class { get; init; }

    public required string Township { get; init; }

    public string? Village { get; init; }

    public string? Grid { get; init; }

    public double? Longitude { get; init; }

    public double? Latitude { get; init; }

    public string? Upstream { get; init; }

    /// <summary>offline, degraded (or unknown for a camera hidden by an upstream incident).</summary>
    public required string State { get; init; }

    public DateTimeOffset? Since { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>Reason label (timeout, refused, black …).</summary>
    public required string Reason { get; init; }

    /// <summary>Bilingual wording of <see cref="Reason"/>.</summary>
    public required string ReasonText { get; init; }

    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>Relative link to the camera's latest picture (served by the API), for the technician's dispatch sheet.</summary>
    public string? Snapshot { get; init; }

    public static string SnapshotLink(string deviceId) => $"/api/cameras/{deviceId}/snapshot";
}

/// <summary>An open upstream or township incident: its cameras are listed once here, not one by one.</summary>
public sealed record DeadCameraGroup
{
    public required string Kind { get; init; }

    /// <summary>Upstream device ID or township name.</summary>
    public required string Scope { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public double DurationSeconds { get; init; }

    public required string Reason { get; init; }

    public required string ReasonText { get; init; }

    public required IReadOnlyList<DeadCameraRow> Cameras { get; init; }
}

/// <summary>
/// The dead list: active cameras, not in maintenance, that are offline or degraded now. Sorted by class (I first),
/// then by how long they have been dead (longest first), then ID. Cameras under one open upstream or township
/// incident are not repeated in <see cref="Cameras"/>: they appear once in <see cref="Groups"/> with the incident.
/// Monitor-side (canary) incidents are listed in <see cref="MonitorIncidents"/>: states are unreliable meanwhile.
/// </summary>
public sealed record DeadCameraReport : ITabularReport
{
    public required DateTimeOffset GeneratedAt { get; init; }

    public int Offline { get; init; }

    public int Degraded { get; init; }

    public required IReadOnlyList<DeadCameraRow> Cameras { get; init; }

    public required IReadOnlyList<DeadCameraGroup> Groups { get; init; }

    public IReadOnlyList<string> MonitorIncidents { get; init; } = [];

    public bool HasFindings => Cameras.Count > 0 || Groups.Count > 0;

    public static DeadCameraReport Build(
        IEnumerable<Camera> cameras,
        IEnumerable<CameraHealth> health,
        IEnumerable<MonitorIncident> openIncidents,
        DateTimeOffset now,
        Func<GbDeviceId, bool>? hasSnapshot = null)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(openIncidents);
        var states = new Dictionary<GbDeviceId, CameraHealth>();
        foreach (var h in health)
        {
            states[h.DeviceId] = h;
        }

        var incidents = openIncidents.ToList();
        var grouped = new Dictionary<MonitorIncident, List<DeadCameraRow>>();
        var rows = new List<(CameraClass Class, DeadCameraRow Row)>();
        int offline = 0, degraded = 0;
        foreach (var camera in cameras)
        {
            if (camera.Lifecycle != CameraLifecycle.Active)
            {
                continue;
            }

            var h = states.GetValueOrDefault(camera.DeviceId);
            var state = h?.State ?? HealthState.Unknown;
            var incident = incidents.FirstOrDefault(i => Covers(i, camera));

            // Under an open incident the monitor marks failures unknown: those cameras still belong to the incident.
            var dead = state is HealthState.Offline or HealthState.Degraded
                || (incident is not null && state == HealthState.Unknown && h is not null);
            if (!dead)
            {
                continue;
            }

            var row = ToRow(camera, h, state, now, hasSnapshot);
            if (incident is not null && state != HealthState.Degraded)
            {
                if (!grouped.TryGetValue(incident, out var list))
                {
                    grouped[incident] = list = [];
                }

                list.Add(row);
                if (state == HealthState.Offline)
                {
                    offline++;
                }

                continue;
            }

            if (state == HealthState.Offline)
            {
                offline++;
            }
            else if (state == HealthState.Degraded)
            {
                degraded++;
            }
            else
            {
                continue;
            }

            rows.Add((camera.Class, row));
        }

        var groups = grouped
            .Select(g => new DeadCameraGroup
            {
                Kind = g.Key.Kind,
                Scope = g.Key.Scope,
                OpenedAt = g.Key.OpenedAt,
                DurationSeconds = Math.Max(0, (now - g.Key.OpenedAt).TotalSeconds),
                Reason = g.Key.Reason.ToLabel(),
                ReasonText = g.Key.Reason.Describe(),
                Cameras = [.. g.Value.OrderBy(r => r.Id, StringComparer.Ordinal)],
            })
            .OrderByDescending(g => g.DurationSeconds)
            .ThenBy(g => g.Scope, StringComparer.Ordinal)
            .ToList();

        return new DeadCameraReport
        {
            GeneratedAt = now,
            Offline = offline,
            Degraded = degraded,
            Cameras = [.. rows.OrderBy(r => r.Class).ThenByDescending(r => r.Row.DurationSeconds).ThenBy(r => r.Row.Id, StringComparer.Ordinal).Select(r => r.Row)],
            Groups = groups,
            MonitorIncidents = [.. incidents.Where(i => i.Kind is not ("upstream" or "township")).Select(i => $"{i.Kind}:{i.Scope} since {ReportCells.Time(i.OpenedAt)} ({i.Reason.ToLabel()})")],
        };
    }

    public IReadOnlyList<ReportTable> ToTables()
    {
        var tables = new List<ReportTable>
        {
            new(
                $"离线/故障摄像机 Dead cameras ({Offline} offline, {Degraded} degraded) — {ReportCells.Time(GeneratedAt)}",
                DeadHeaders,
                [.. Cameras.Select(Cells)])
            {
                NumericColumns = new HashSet<int> { 7, 8 },
            },
        };
        if (Groups.Count > 0)
        {
            tables.Add(new ReportTable(
                "上级设备/线路故障 Upstream incidents (cameras listed once, under their incident)",
                ["类型 Kind", "范围 Scope", "开始 Since", "持续 Duration", "原因 Reason", "摄像机数 Cameras", "设备编码 Camera IDs"],
                [.. Groups.Select(g => (IReadOnlyList<string>)
                [
                    g.Kind, g.Scope, ReportCells.Time(g.OpenedAt), ReportCells.Duration(g.DurationSeconds), g.ReasonText,
                    ReportCells.Count(g.Cameras.Count), string.Join(' ', g.Cameras.Select(c => c.Id)),
                ])])
            {
                NumericColumns = new HashSet<int> { 5 },
            });
        }

        if (MonitorIncidents.Count > 0)
        {
            tables.Add(new ReportTable(
                "监测侧故障：状态可能不准 Monitor-side incidents: states may be unreliable",
                ["事件 Incident"],
                [.. MonitorIncidents.Select(m => (IReadOnlyList<string>)[m])]));
        }

        return tables;
    }

    private static readonly string[] DeadHeaders =
    [
        "设备编码 Device ID", "名称 Name", "类别 Class", "乡镇 Township", "村社区 Village", "网格 Grid",
        "经度 Longitude", "纬度 Latitude", "上级设备 Upstream", "状态 State", "开始 Since", "持续 Duration",
        "原因 Reason", "最后在线 Last success",
    ];

    private static IReadOnlyList<string> Cells(DeadCameraRow r) =>
    [
        r.Id, r.Name, r.Class, r.Township, r.Village ?? string.Empty, r.Grid ?? string.Empty,
        ReportCells.Number(r.Longitude), ReportCells.Number(r.Latitude), r.Upstream ?? string.Empty,
        r.State, ReportCells.Time(r.Since), ReportCells.Duration(r.DurationSeconds), r.ReasonText, ReportCells.Time(r.LastSuccess),
    ];

    private static bool Covers(MonitorIncident incident, Camera camera) => incident.Kind switch
    {
        "upstream" => camera.Upstream is not null && string.Equals(camera.Upstream.Value, incident.Scope, StringComparison.Ordinal),
        "township" => string.Equals(camera.Township, incident.Scope, StringComparison.Ordinal),
        _ => false,
    };

    private static DeadCameraRow ToRow(Camera camera, CameraHealth? h, HealthState state, DateTimeOffset now, Func<GbDeviceId, bool>? hasSnapshot)
    {
        var reason = h?.Reason ?? ProbeReason.None;
        if (state == HealthState.Degraded && reason == ProbeReason.None && h?.Faults.Count > 0)
        {
            reason = h.Faults[0];
        }

        return new DeadCameraRow
        {
            Id = camera.DeviceId.Value,
            Name = camera.Name,
            Class = camera.Class.ToLabel(),
            Township = camera.Township,
            Village = camera.Village,
            Grid = camera.Grid,
            Longitude = camera.Location?.Longitude,
            Latitude = camera.Location?.Latitude,
            Upstream = camera.Upstream?.Value,
            State = state.ToLabel(),
            Since = h?.Since,
            DurationSeconds = h?.Since is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0,
            Reason = reason.ToLabel(),
            ReasonText = reason.Describe(),
            LastSuccess = h?.LastSuccess,
            Snapshot = hasSnapshot is null || hasSnapshot(camera.DeviceId) ? DeadCameraRow.SnapshotLink(camera.DeviceId.Value) : null,
        };
    }
}
