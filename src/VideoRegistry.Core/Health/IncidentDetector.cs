using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Health;

/// <summary>Thresholds of incident detection.</summary>
/// <param name="Share">Share of a group's cameras failing with network reasons that opens an incident (0.8).</param>
/// <param name="MinCameras">And at least this many cameras (20).</param>
/// <param name="Window">How recent a failure must be to count: one sweep interval (L1: 60 s) plus slack.</param>
public sealed record IncidentPolicy(double Share, int MinCameras, TimeSpan Window)
{
    public static IncidentPolicy Default { get; } = new(0.8, 20, TimeSpan.FromSeconds(90));
}

/// <summary>An incident opened or closed.</summary>
public sealed record IncidentChange(MonitorIncident Incident, bool Opened, DateTimeOffset At);

/// <summary>
/// Tells a monitor-side or upstream incident from camera failures: a canary target failing, or at least
/// <see cref="IncidentPolicy.Share"/> and <see cref="IncidentPolicy.MinCameras"/> of the cameras behind one upstream
/// (or, failing that, in one township) failing with network reasons within one sweep, opens one incident. While it is
/// open, network failures of its cameras are hidden (<see cref="Covers"/>): they count as unknown, not downtime.
/// It closes when fewer than half that share still fails. Pure and thread-safe.
/// </summary>
public sealed class IncidentDetector(IncidentPolicy policy, TimeProvider time)
{
    public const string KindCanary = "canary";
    public const string KindUpstream = "upstream";
    public const string KindTownship = "township";

    private readonly Lock _gate = new();
    private readonly Dictionary<GbDeviceId, Latest> _latest = [];
    private readonly Dictionary<string, List<GbDeviceId>> _byUpstream = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<GbDeviceId>> _byTownship = new(StringComparer.Ordinal);
    private readonly Dictionary<GbDeviceId, (string? Upstream, string Township)> _where = [];
    private readonly Dictionary<(string Kind, string Scope), MonitorIncident> _open = [];
    private readonly Dictionary<string, Latest> _canaries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Scope), DateTimeOffset> _evaluated = [];
    private long _nextId = 1;

    /// <summary>The cameras being watched (active, with a stream); call again when the registry changes.</summary>
    public void SetCameras(IEnumerable<Camera> cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        lock (_gate)
        {
            _byUpstream.Clear();
            _byTownship.Clear();
            _where.Clear();
            _evaluated.Clear();
            foreach (var c in cameras)
            {
                var upstream = c.Upstream?.Value;
                _where[c.DeviceId] = (upstream, c.Township);
                if (upstream is not null)
                {
                    Group(_byUpstream, upstream).Add(c.DeviceId);
                }

                Group(_byTownship, c.Township).Add(c.DeviceId);
            }
        }
    }

    /// <summary>Resumes an incident left open before a restart; new IDs continue after the largest seen.</summary>
    public void Restore(MonitorIncident incident, long nextId)
    {
        ArgumentNullException.ThrowIfNull(incident);
        lock (_gate)
        {
            _open[(incident.Kind, incident.Scope)] = incident;
            _nextId = Math.Max(_nextId, Math.Max(nextId, incident.Id + 1));
        }
    }

    public void SeedIds(long nextId)
    {
        lock (_gate)
        {
            _nextId = Math.Max(_nextId, nextId);
        }
    }

    public IReadOnlyList<MonitorIncident> Open()
    {
        lock (_gate)
        {
            return [.. _open.Values.OrderBy(i => i.Id)];
        }
    }

    /// <summary>True when a failure of <paramref name="deviceId"/> for <paramref name="reason"/> belongs to an open incident.</summary>
    public bool Covers(GbDeviceId deviceId, ProbeReason reason)
    {
        if (!reason.IsNetworkReason())
        {
            return false;
        }

        lock (_gate)
        {
            return CoversLocked(deviceId);
        }
    }

    /// <summary>
    /// Records a camera probe outcome and returns incidents it opened or closed. A group (upstream, township) is
    /// re-counted only when this outcome changed whether the camera counts as failing, when the incidents its count
    /// depends on changed, or when it was last counted more than a sixth of the window ago (failures ageing out):
    /// thousands of unchanged outcomes a minute cost a lookup each, not a walk over the township.
    /// </summary>
    public IReadOnlyList<IncidentChange> Observe(GbDeviceId deviceId, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var failing = !result.Ok && result.Reason.IsNetworkReason();
            var flipped = (_latest.TryGetValue(deviceId, out var before) && before.Failing && now - before.At <= policy.Window) != failing;
            _latest[deviceId] = new Latest(failing, result.Reason, now);
            if (!_where.TryGetValue(deviceId, out var where))
            {
                return [];
            }

            var changes = new List<IncidentChange>();
            if (where.Upstream is not null && Due(KindUpstream, where.Upstream, flipped, now))
            {
                Evaluate(KindUpstream, where.Upstream, _byUpstream[where.Upstream], now, changes, excludeCovered: false);
            }

            // The township count leaves out cameras under an open upstream incident: re-count when one opened or closed.
            if (Due(KindTownship, where.Township, flipped || changes.Count > 0, now))
            {
                Evaluate(KindTownship, where.Township, _byTownship[where.Township], now, changes, excludeCovered: true);
            }

            return changes;
        }
    }

    private bool Due(string kind, string scope, bool changed, DateTimeOffset now)
    {
        if (changed || !_evaluated.TryGetValue((kind, scope), out var last) || now - last >= policy.Window / 6 || now < last)
        {
            _evaluated[(kind, scope)] = now;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Records a canary check. All canaries that reported within the window failing opens a monitor-side incident
    /// (the monitor's own network is down); any canary succeeding closes it.
    /// </summary>
    public IReadOnlyList<IncidentChange> ObserveCanary(string name, bool ok, ProbeReason reason)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _canaries[name] = new Latest(!ok, reason, now);
            var recent = _canaries.Where(c => now - c.Value.At <= policy.Window).Select(c => c.Value).ToList();
            var allFailing = recent.Count > 0 && recent.All(c => c.Failing);
            var key = (KindCanary, "canary");
            var changes = new List<IncidentChange>();
            if (allFailing && !_open.ContainsKey(key))
            {
                var incident = new MonitorIncident(_nextId++, KindCanary, "canary", now, _where.Count, recent[0].Reason);
                _open[key] = incident;
                changes.Add(new IncidentChange(incident, true, now));
            }
            else if (!allFailing && _open.Remove(key, out var closed))
            {
                changes.Add(new IncidentChange(closed, false, now));
            }

            return changes;
        }
    }

    private void Evaluate(string kind, string scope, List<GbDeviceId> members, DateTimeOffset now, List<IncidentChange> changes, bool excludeCovered)
    {
        var counted = 0;
        var observed = 0;
        var failing = 0;
        var reasons = new Dictionary<ProbeReason, int>();
        foreach (var id in members)
        {
            if (excludeCovered && _where[id].Upstream is { } up && _open.ContainsKey((KindUpstream, up)))
            {
                continue;
            }

            counted++;
            if (_latest.TryGetValue(id, out var latest) && now - latest.At <= policy.Window)
            {
                observed++;
                if (latest.Failing)
                {
                    failing++;
                    reasons[latest.Reason] = reasons.GetValueOrDefault(latest.Reason) + 1;
                }
            }
        }

        var share = counted == 0 ? 0 : (double)failing / counted;
        var key = (kind, scope);
        if (_open.TryGetValue(key, out var open))
        {
            // Closing needs evidence: at least half the group heard from within the window. An incident restored at
            // start is not closed by the first camera of a new sweep, to be opened again a minute later.
            if (share < policy.Share / 2 && observed * 2 >= counted)
            {
                _open.Remove(key);
                changes.Add(new IncidentChange(open, false, now));
            }

            return;
        }

        if (failing >= policy.MinCameras && share >= policy.Share)
        {
            var reason = reasons.OrderByDescending(r => r.Value).First().Key;
            var incident = new MonitorIncident(_nextId++, kind, scope, now, failing, reason);
            _open[key] = incident;
            changes.Add(new IncidentChange(incident, true, now));
        }
    }

    private bool CoversLocked(GbDeviceId deviceId)
    {
        if (_open.ContainsKey((KindCanary, "canary")))
        {
            return true;
        }

        if (!_where.TryGetValue(deviceId, out var where))
        {
            return false;
        }

        return (where.Upstream is not null && _open.ContainsKey((KindUpstream, where.Upstream)))
            || _open.ContainsKey((KindTownship, where.Township));
    }

    private static List<GbDeviceId> Group(Dictionary<string, List<GbDeviceId>> groups, string key)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            list = [];
            groups[key] = list;
        }

        return list;
    }

    private readonly record struct Latest(bool Failing, ProbeReason Reason, DateTimeOffset At);
}
