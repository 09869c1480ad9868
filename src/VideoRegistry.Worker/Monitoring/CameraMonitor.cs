using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;

namespace VideoRegistry.Worker.Monitoring;

/// <summary>A registry camera as the monitor sees it: in a maintenance window or not.</summary>
public sealed record MonitoredCamera(Camera Camera, bool InMaintenance)
{
    /// <summary>Swept by the schedule: active, not in maintenance, with a stream URL.</summary>
    public bool Probed => Camera.Lifecycle == CameraLifecycle.Active && !InMaintenance && Camera.Stream is not null;
}

/// <summary>
/// The monitor's in-memory truth: the registry snapshot, the health state machine and the incident detector.
/// Probe results come in through <see cref="Apply"/>; changes are buffered and written by <see cref="FlushAsync"/>.
/// Implements <see cref="IHealthView"/> for metrics, API and reports.
/// </summary>
public sealed partial class CameraMonitor : IHealthView
{
    private readonly HealthTracker _tracker;
    private readonly IncidentDetector _incidents;
    private readonly HealthStore _store;
    private readonly MaintenanceStore _maintenance;
    private readonly ICameraRepository _cameras;
    private readonly IMonitorTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<CameraMonitor> _logger;
    private readonly SnapshotStore? _snapshots;
    private readonly Lock _pendingGate = new();
    private List<HealthTransition> _pendingTransitions = [];
    private Dictionary<GbDeviceId, StoredProbe> _pendingProbes = [];
    private HashSet<GbDeviceId> _dirty = [];
    private List<IncidentChange> _pendingIncidents = [];
    private FrozenDictionary<GbDeviceId, MonitoredCamera> _registry = FrozenDictionary<GbDeviceId, MonitoredCamera>.Empty;

    public CameraMonitor(
        IOptions<MonitoringOptions> options,
        HealthStore store,
        MaintenanceStore maintenance,
        ICameraRepository cameras,
        IMonitorTelemetry telemetry,
        TimeProvider time,
        ILogger<CameraMonitor> logger,
        SnapshotStore? snapshots = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tracker = new HealthTracker(options.Value.ToHealthPolicy(), time);
        _incidents = new IncidentDetector(options.Value.ToIncidentPolicy(), time);
        _store = store;
        _maintenance = maintenance;
        _cameras = cameras;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _snapshots = snapshots;
    }

    /// <summary>
    /// Raised when an L2 probe should follow now: an L1 probe changed the camera's state, or L1 answers while an
    /// earlier L2 fault (no frames) still holds and the camera is not yet offline (recheck before calling it dead).
    /// </summary>
    public event Action<Camera>? StreamProbeWanted;

    /// <summary>Raised when a camera comes back from offline (an L3 probe checks the picture it came back with).</summary>
    public event Action<Camera>? PictureProbeWanted;

    public IReadOnlyCollection<MonitoredCamera> Cameras => _registry.Values;

    public MonitoredCamera? Find(GbDeviceId deviceId) => _registry.GetValueOrDefault(deviceId);

    /// <summary>
    /// Loads the registry and the stored state. After a restart the time since the last heartbeat is recorded as
    /// unknown for every camera (monitor_down), then each camera resumes its stored state.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var stored = await _store.LoadStatesAsync(cancellationToken);
        var lastBeat = await _store.LastHeartbeatAsync(cancellationToken);
        var transitions = new List<HealthTransition>();
        foreach (var health in stored)
        {
            if (lastBeat is { } beat && beat < now && health.State is not (HealthState.Unknown or HealthState.Decommissioned))
            {
                var gapStart = health.Since is { } since && since > beat ? since : beat;
                if (gapStart < now)
                {
                    transitions.Add(new HealthTransition(health.DeviceId, gapStart, health.State, HealthState.Unknown, TransitionReasons.MonitorDown));
                    transitions.Add(new HealthTransition(health.DeviceId, now, HealthState.Unknown, health.State, TransitionReasons.Resumed));
                }
            }

            _tracker.Restore(health);
        }

        if (lastBeat is { } b && b < now)
        {
            await _store.AddGapAsync(b, now, cancellationToken);
            LogMonitorGap(_logger, b, now, transitions.Count / 2);
        }

        await _store.SaveAsync(transitions, [], [], cancellationToken);
        var next = await _store.NextIncidentIdAsync(cancellationToken);
        _incidents.SeedIds(next);
        foreach (var (incident, _) in await _store.IncidentsAsync(includeClosed: false, cancellationToken))
        {
            _incidents.Restore(incident, next);
        }

        await _store.BeatAsync(now, now, cancellationToken);
        await ReloadAsync(cancellationToken);
    }

    /// <summary>Re-reads the registry and the maintenance windows; applies lifecycle and maintenance to the tracker.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var cameras = await _cameras.ListAllAsync(cancellationToken);
        var windows = (await _maintenance.ListAsync(now, cancellationToken)).ToList();
        var map = new Dictionary<GbDeviceId, MonitoredCamera>(cameras.Count);
        foreach (var camera in cameras)
        {
            var inWindow = MaintenanceWindow.InMaintenance(camera, windows, now);
            map[camera.DeviceId] = new MonitoredCamera(camera, inWindow);
            _tracker.Ensure(camera.DeviceId);
            var change = camera.Lifecycle switch
            {
                CameraLifecycle.Decommissioned => _tracker.Decommission(camera.DeviceId),
                CameraLifecycle.Maintenance => _tracker.SetMaintenance(camera.DeviceId, true),
                _ => _tracker.Get(camera.DeviceId)?.State == HealthState.Decommissioned
                    ? _tracker.Force(camera.DeviceId, HealthState.Unknown, TransitionReasons.Recovered)
                    : _tracker.SetMaintenance(camera.DeviceId, inWindow),
            };
            Record(change);
        }

        foreach (var gone in _registry.Keys.Where(k => !map.ContainsKey(k)))
        {
            _tracker.Forget(gone);
        }

        _registry = map.ToFrozenDictionary();
        _incidents.SetCameras(map.Values.Where(m => m.Probed).Select(m => m.Camera));
    }

    /// <summary>Applies one finished probe: telemetry, incident detection, state machine, buffered storage.</summary>
    public HealthTransition? Apply(Camera camera, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(result);
        var now = _time.GetUtcNow();
        var changes = result.Tier == ProbeTier.Picture ? [] : _incidents.Observe(camera.DeviceId, result);
        foreach (var change in changes)
        {
            OnIncident(change);
        }

        var transition = !result.Ok && _incidents.Covers(camera.DeviceId, result.Reason)
            ? _tracker.ObserveSuppressed(camera.DeviceId, result.Reason)
            : _tracker.Observe(camera.DeviceId, result, BelowRegisteredResolution(camera, result));
        lock (_pendingGate)
        {
            _pendingProbes[camera.DeviceId] = new StoredProbe(camera.DeviceId, result.StartedAt == default ? now : result.StartedAt, result);
            _dirty.Add(camera.DeviceId);
            if (transition is not null)
            {
                _pendingTransitions.Add(transition);
            }
        }

        if (transition is not null)
        {
            // A first verdict that a camera works is routine (7,000 lines at every start); everything else is news.
            if (transition.From == HealthState.Unknown && transition.To.IsUp())
            {
                LogFirstVerdict(_logger, camera.DeviceId.Value, transition.From.ToLabel(), transition.To.ToLabel(), transition.Reason);
            }
            else
            {
                LogTransition(_logger, camera.DeviceId.Value, transition.From.ToLabel(), transition.To.ToLabel(), transition.Reason);
            }
        }

        if (transition is { From: HealthState.Offline } && transition.To.IsUp() && result.Tier != ProbeTier.Picture)
        {
            PictureProbeWanted?.Invoke(camera);
        }

        if (result.Tier == ProbeTier.Reach)
        {
            // First verdicts (from unknown) and incident bookkeeping are not news worth an L2 probe; real up/down changes are.
            var changed = transition is not null && transition.From != HealthState.Unknown && transition.To != HealthState.Unknown;
            var recheck = result.Ok && _tracker.StreamFault(camera.DeviceId) != ProbeReason.None
                && _tracker.Get(camera.DeviceId)?.State is not HealthState.Offline;
            if (changed || recheck)
            {
                StreamProbeWanted?.Invoke(camera);
            }
        }

        return transition;
    }

    /// <summary>
    /// Keeps an L3 probe's snapshot as the camera's evidence (<see cref="SnapshotStore"/>: last K plus the last fault)
    /// and returns the result with the kept path. Without a store, or when keeping fails, the result has no snapshot.
    /// </summary>
    public ProbeResult KeepEvidence(Camera camera, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(result);
        if (result.SnapshotPath is not { } incoming)
        {
            return result;
        }

        if (_snapshots is null)
        {
            SnapshotStore.TryDelete(incoming);
            return result with { SnapshotPath = null };
        }

        try
        {
            return result with { SnapshotPath = _snapshots.Keep(camera.DeviceId, incoming, result.Faults.Count > 0) };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSnapshotNotKept(_logger, camera.DeviceId.Value, ex.GetType().Name);
            SnapshotStore.TryDelete(incoming);
            return result with { SnapshotPath = null };
        }
    }

    /// <summary>Records a canary check (monitor-side incident detection).</summary>
    public void ApplyCanary(string name, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var change in _incidents.ObserveCanary(name, result.Ok, result.Reason))
        {
            OnIncident(change);
        }
    }

    /// <summary>Writes buffered transitions, states, latest probes and incident changes.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<HealthTransition> transitions;
        Dictionary<GbDeviceId, StoredProbe> probes;
        HashSet<GbDeviceId> dirty;
        List<IncidentChange> incidents;
        lock (_pendingGate)
        {
            (transitions, _pendingTransitions) = (_pendingTransitions, []);
            (probes, _pendingProbes) = (_pendingProbes, []);
            (dirty, _dirty) = (_dirty, []);
            (incidents, _pendingIncidents) = (_pendingIncidents, []);
        }

        try
        {
            foreach (var change in incidents)
            {
                if (change.Opened)
                {
                    await _store.OpenIncidentAsync(change.Incident, cancellationToken);
                }
                else
                {
                    await _store.CloseIncidentAsync(change.Incident.Id, change.At, cancellationToken);
                }
            }

            incidents.Clear();
            var states = dirty.Select(_tracker.Get).OfType<CameraHealth>().ToList();
            await _store.SaveAsync(transitions, states, probes.Values, cancellationToken);
        }
        catch
        {
            // Keep what was not written for the next flush; newer probes win over older ones.
            lock (_pendingGate)
            {
                _pendingTransitions.InsertRange(0, transitions);
                foreach (var (id, p) in probes)
                {
                    _pendingProbes.TryAdd(id, p);
                }

                _dirty.UnionWith(dirty);
                _pendingIncidents.InsertRange(0, incidents);
            }

            throw;
        }
    }

    public Task BeatAsync(DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        _store.BeatAsync(_time.GetUtcNow(), startedAt, cancellationToken);

    public IReadOnlyList<CameraHealth> Snapshot()
    {
        var registry = _registry;
        return [.. _tracker.Snapshot().Where(h => registry.ContainsKey(h.DeviceId))];
    }

    public CameraHealth? Get(GbDeviceId deviceId) => _registry.ContainsKey(deviceId) ? _tracker.Get(deviceId) : null;

    public IReadOnlyList<MonitorIncident> OpenIncidents() => _incidents.Open();

    private void Record(HealthTransition? transition)
    {
        if (transition is null)
        {
            return;
        }

        lock (_pendingGate)
        {
            _pendingTransitions.Add(transition);
            _dirty.Add(transition.DeviceId);
        }
    }

    private void OnIncident(IncidentChange change)
    {
        if (change.Opened)
        {
            LogIncidentOpened(_logger, change.Incident.Id, change.Incident.Kind, change.Incident.Scope, change.Incident.Cameras, change.Incident.Reason.ToLabel());
        }
        else
        {
            LogIncidentClosed(_logger, change.Incident.Id, change.Incident.Kind, change.Incident.Scope);
        }

        lock (_pendingGate)
        {
            _pendingIncidents.Add(change);
        }
    }

    /// <summary>The registry has no registered resolution yet; kept as the hook where it will be compared.</summary>
    private static bool BelowRegisteredResolution(Camera camera, ProbeResult result) => false;

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {DeviceId}: {From} -> {To} ({Reason})")]
    private static partial void LogTransition(ILogger logger, string deviceId, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {DeviceId}: {From} -> {To} ({Reason})")]
    private static partial void LogFirstVerdict(ILogger logger, string deviceId, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {Id} opened: {Kind} {Scope}, {Cameras} cameras failing ({Reason}); their failures count as unknown")]
    private static partial void LogIncidentOpened(ILogger logger, long id, string kind, string scope, int cameras, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {Id} closed: {Kind} {Scope}")]
    private static partial void LogIncidentClosed(ILogger logger, long id, string kind, string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {DeviceId}: snapshot not kept ({ExceptionType})")]
    private static partial void LogSnapshotNotKept(ILogger logger, string deviceId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitor was down from {From:o} to {To:o}: recorded as unknown for {Cameras} cameras")]
    private static partial void LogMonitorGap(ILogger logger, DateTimeOffset from, DateTimeOffset to, int cameras);
}
