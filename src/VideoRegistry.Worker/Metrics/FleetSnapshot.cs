using System.Globalization;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Metrics;

/// <summary>One camera as /metrics shows it: registry facts joined with its current health.</summary>
internal readonly record struct CameraRow(Camera Camera, HealthState State, CameraHealth? Health);

/// <summary>Availability seconds summed per (class, township) for the 24h, 7d and 30d windows.</summary>
internal sealed record AvailabilitySums(IReadOnlyDictionary<(string Class, string Township, string Window), CameraStateSeconds> Cells)
{
    public static AvailabilitySums Empty { get; } = new(new Dictionary<(string, string, string), CameraStateSeconds>());
}

/// <summary>
/// Everything /metrics shows, computed once per scrape from the registry, the health view and the cached availability.
/// Pure: no I/O, no clock.
/// </summary>
internal sealed class FleetSnapshot
{
    public static readonly string[] Windows = ["24h", "7d", "30d"];

    public required IReadOnlyList<CameraRow> Cameras { get; init; }

    public required IReadOnlyDictionary<(string Class, string Township), StateCounts> Counts { get; init; }

    public required IReadOnlyDictionary<(string Township, bool Covered), int> Grids { get; init; }

    /// <summary>Key sites (township, village, site type) with at least one working camera ÷ all such sites.</summary>
    public required IReadOnlyDictionary<(string Township, string SiteType), double> Coverage { get; init; }

    /// <summary>Cameras that should be online behind each upstream, and how many of them are offline.</summary>
    public required IReadOnlyDictionary<string, (int Cameras, int Down)> Upstreams { get; init; }

    public required IReadOnlyList<MonitorIncident> Incidents { get; init; }

    public required AvailabilitySums Availability { get; init; }

    public static HealthState EffectiveState(Camera camera, CameraHealth? health) => camera.Lifecycle switch
    {
        CameraLifecycle.Decommissioned => HealthState.Decommissioned,
        CameraLifecycle.Maintenance => HealthState.Maintenance,
        _ => health?.State ?? HealthState.Unknown,
    };

    public static FleetSnapshot Build(
        IReadOnlyList<Camera> cameras,
        IReadOnlyList<CameraHealth> health,
        IReadOnlyList<Grid> grids,
        IReadOnlyList<MonitorIncident> incidents,
        AvailabilitySums availability)
    {
        var healthById = new Dictionary<string, CameraHealth>(health.Count, StringComparer.Ordinal);
        foreach (var h in health)
        {
            healthById[h.DeviceId.Value] = h;
        }

        var rows = new List<CameraRow>(cameras.Count);
        var counts = new Dictionary<(string, string), StateCounts>();
        var upstreams = new Dictionary<string, (int Cameras, int Down)>(StringComparer.Ordinal);
        var coveredGrids = new HashSet<string>(StringComparer.Ordinal);
        var gridTownship = new Dictionary<string, string>(StringComparer.Ordinal);
        var sites = new Dictionary<(string Township, string Village, string SiteType), bool>();
        foreach (var camera in cameras)
        {
            healthById.TryGetValue(camera.DeviceId.Value, out var h);
            var state = EffectiveState(camera, h);
            rows.Add(new CameraRow(camera, state, h));
            var township = Label.Clean(camera.Township);
            var key = (camera.Class.ToLabel(), township);
            if (!counts.TryGetValue(key, out var cell))
            {
                counts[key] = cell = new StateCounts();
            }

            cell.Add(state);
            if (state is HealthState.Decommissioned)
            {
                continue;
            }

            if (camera.Grid is { Length: > 0 } grid)
            {
                gridTownship.TryAdd(grid, township);
                if (state.IsUp())
                {
                    coveredGrids.Add(grid);
                }
            }

            var site = (township, Label.Clean(camera.Village), Label.SiteType(camera.SiteType));
            sites[site] = (sites.TryGetValue(site, out var up) && up) || state.IsUp();

            if (camera.Upstream is { } upstream && state is not HealthState.Maintenance)
            {
                upstreams.TryGetValue(upstream.Value, out var u);
                upstreams[upstream.Value] = (u.Cameras + 1, u.Down + (state == HealthState.Offline ? 1 : 0));
            }
        }

        // The catalogue names grids that have no camera at all (the ones planners look for); camera grid codes
        // missing from the catalogue still count, so coverage shows something before the catalogue is imported.
        foreach (var g in grids)
        {
            gridTownship[g.Code] = Label.Clean(g.Township);
        }

        var gridCounts = new Dictionary<(string, bool), int>();
        foreach (var (code, township) in gridTownship)
        {
            gridCounts.TryAdd((township, true), 0);
            gridCounts.TryAdd((township, false), 0);
            gridCounts[(township, coveredGrids.Contains(code))]++;
        }

        var coverage = sites
            .GroupBy(s => (s.Key.Township, s.Key.SiteType))
            .ToDictionary(g => g.Key, g => (double)g.Count(s => s.Value) / g.Count());

        return new FleetSnapshot
        {
            Cameras = rows,
            Counts = counts,
            Grids = gridCounts,
            Coverage = coverage,
            Upstreams = upstreams,
            Incidents = incidents,
            Availability = availability,
        };
    }

    /// <summary>Sums per-camera seconds of one window into (class, township) cells.</summary>
    public static void AddAvailability(
        Dictionary<(string Class, string Township, string Window), CameraStateSeconds> cells,
        string window,
        IReadOnlyDictionary<string, Camera> cameras,
        IReadOnlyList<CameraStateSeconds> seconds)
    {
        foreach (var s in seconds)
        {
            if (!cameras.TryGetValue(s.DeviceId.Value, out var camera))
            {
                continue;
            }

            var key = (camera.Class.ToLabel(), Label.Clean(camera.Township), window);
            cells[key] = cells.TryGetValue(key, out var sum)
                ? sum with
                {
                    Online = sum.Online + s.Online,
                    Degraded = sum.Degraded + s.Degraded,
                    Offline = sum.Offline + s.Offline,
                    Unknown = sum.Unknown + s.Unknown,
                    Maintenance = sum.Maintenance + s.Maintenance,
                    Outages = sum.Outages + s.Outages,
                }
                : s;
        }
    }

    public static string FaultReason(CameraRow row) =>
        row.Health is { } h
            ? (h.Reason != ProbeReason.None ? h.Reason : h.Faults.Count > 0 ? h.Faults[0] : ProbeReason.None).ToLabel()
            : ProbeReason.None.ToLabel();
}
