using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Reports;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;

namespace VideoRegistry.Worker.Reports;

/// <summary>
/// The one place the dead, coverage and uptime reports are assembled from the registry and the health store, for
/// both the HTTP API and <c>videoregistry report</c>. Current states come from the running monitor when there is
/// one (<see cref="IHealthView"/>), otherwise from the stored states (the CLI next to a running service).
/// </summary>
public sealed class ReportService
{
    /// <summary>How far before the period transitions are read, to date the start of outages repaired in the period.</summary>
    public static readonly TimeSpan RepairLookback = TimeSpan.FromDays(31);

    /// <summary>Longest period an uptime report may cover.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(400);

    private readonly ICameraRepository _cameras;
    private readonly IGridRepository _grids;
    private readonly HealthStore _health;
    private readonly IAvailabilityReader _availability;
    private readonly TimeProvider _time;
    private readonly IHealthView? _view;

    public ReportService(ICameraRepository cameras, IGridRepository grids, HealthStore health, IAvailabilityReader availability, TimeProvider time)
        : this(cameras, grids, health, availability, time, null)
    {
    }

    public ReportService(ICameraRepository cameras, IGridRepository grids, HealthStore health, IAvailabilityReader availability, TimeProvider time, IHealthView? view)
    {
        _cameras = cameras;
        _grids = grids;
        _health = health;
        _availability = availability;
        _time = time;
        _view = view;
    }

    /// <summary>When set, dead-list rows link a snapshot only for cameras that have one.</summary>
    public SnapshotStore? Snapshots { get; init; }

    public async Task<DeadCameraReport> DeadAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (states, incidents) = await DeadCandidatesAsync(cancellationToken);
        var cameras = await _cameras.ListForReportsAsync([.. states.Select(s => s.DeviceId)], cancellationToken);
        return DeadCameraReport.Build(cameras, states, incidents, now, Snapshots is { } store ? id => store.Latest(id) is not null : null);
    }

    public async Task<CoverageReport> CoverageAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var cameras = await _cameras.ListAllAsync(cancellationToken);
        var grids = await _grids.ListAsync(cancellationToken);
        var (states, _) = await CurrentAsync(cancellationToken);
        return CoverageReport.Build(cameras, grids, states, now);
    }

    public async Task<UptimeReport> UptimeAsync(DateTimeOffset from, DateTimeOffset to, UptimeGrouping groupBy, CancellationToken cancellationToken)
    {
        // Three independent reads on their own connections (WAL readers do not block each other).
        var cameras = _cameras.ListSummariesAsync(cancellationToken);
        var seconds = _availability.ReadAsync(from, to, cancellationToken);
        var transitions = _health.TransitionsAsync(null, from - RepairLookback, to, cancellationToken);
        await Task.WhenAll(cameras, seconds, transitions);
        return UptimeReport.Build(await cameras, await seconds, await transitions, new TimeWindow(from, to), groupBy);
    }

    /// <summary>
    /// Checks an uptime period: both ends given or defaulted (the last 30 days up to now), start before end, at most
    /// <see cref="MaxPeriod"/>. Returns a bilingual message naming the bad value, or null.
    /// </summary>
    public static string? ResolvePeriod(string? rawFrom, string? rawTo, DateTimeOffset now, out DateTimeOffset from, out DateTimeOffset to)
    {
        to = now;
        from = now - TimeSpan.FromDays(30);
        if (!string.IsNullOrWhiteSpace(rawTo))
        {
            if (!TryParseInstant(rawTo, out to))
            {
                return $"结束时间格式错误 '{rawTo}' / bad 'to' value '{rawTo}': expected a date (2026-11-01) or an ISO 8601 time (2026-11-01T08:00:00Z)";
            }

            if (string.IsNullOrWhiteSpace(rawFrom))
            {
                from = to - TimeSpan.FromDays(30);
            }
        }

        if (!string.IsNullOrWhiteSpace(rawFrom) && !TryParseInstant(rawFrom, out from))
        {
            return $"开始时间格式错误 '{rawFrom}' / bad 'from' value '{rawFrom}': expected a date (2026-11-01) or an ISO 8601 time (2026-11-01T08:00:00Z)";
        }

        if (from >= to)
        {
            return $"开始时间须早于结束时间 / 'from' ({ReportCells.Time(from)}) must be before 'to' ({ReportCells.Time(to)})";
        }

        if (to - from > MaxPeriod)
        {
            return $"统计周期过长 / the period {ReportCells.Time(from)} — {ReportCells.Time(to)} is longer than {MaxPeriod.TotalDays:0} days";
        }

        return null;
    }

    /// <summary>A date (midnight UTC) or an ISO 8601 time; a time without offset is UTC.</summary>
    public static bool TryParseInstant(string raw, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(
            raw.Trim(),
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal,
            out at);

    /// <summary>
    /// Only the states the dead list can show (offline, degraded; unknown too while an upstream or township incident
    /// is open, since its cameras are listed under it), so only those cameras are read from the registry.
    /// </summary>
    private async Task<(IReadOnlyList<CameraHealth> States, IReadOnlyList<MonitorIncident> Incidents)> DeadCandidatesAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<MonitorIncident> incidents = _view is not null
            ? _view.OpenIncidents()
            : [.. (await _health.IncidentsAsync(includeClosed: false, cancellationToken)).Select(i => i.Incident)];
        HealthState[] wanted = incidents.Any(i => i.Kind is "upstream" or "township")
            ? [HealthState.Offline, HealthState.Degraded, HealthState.Unknown]
            : [HealthState.Offline, HealthState.Degraded];
        var states = _view is not null
            ? [.. _view.Snapshot().Where(h => wanted.Contains(h.State))]
            : await _health.LoadStatesAsync(wanted, cancellationToken);
        return (states, incidents);
    }

    private async Task<(IReadOnlyList<CameraHealth> States, IReadOnlyList<MonitorIncident> Incidents)> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_view is not null)
        {
            return (_view.Snapshot(), _view.OpenIncidents());
        }

        var states = await _health.LoadStatesAsync(cancellationToken);
        var incidents = await _health.IncidentsAsync(includeClosed: false, cancellationToken);
        return (states, [.. incidents.Select(i => i.Incident)]);
    }
}
