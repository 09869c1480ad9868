using System.Collections.Concurrent;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Health;

/// <summary>
/// The health state machine of every camera, fed with probe results. Pure: time only from <see cref="TimeProvider"/>.
/// Hysteresis: an up camera goes offline after N consecutive failures (or a failure run longer than T); an offline
/// camera comes back after M consecutive successes; an unknown camera leaves on its first success or after N
/// failures. Degraded = pullable but the last picture probe found a fault (or below the registered resolution).
/// "Alive but wrong": an L2 failure that is not a network failure (no frames, auth, decode, protocol) sticks until the
/// next successful L2 probe, so the L1 successes in between (the RTSP server still answers OPTIONS) count as failures.
/// Thread-safe per camera: sweeps apply results concurrently.
/// </summary>
public sealed class HealthTracker(HealthPolicy policy, TimeProvider time)
{
    private readonly ConcurrentDictionary<GbDeviceId, Track> _tracks = new();

    public HealthPolicy Policy => policy;

    /// <summary>Resumes a camera's state after a restart (counters start over).</summary>
    public void Restore(CameraHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        _tracks[health.DeviceId] = new Track(health);
    }

    /// <summary>Adds a camera in <see cref="HealthState.Unknown"/> unless it is already tracked.</summary>
    public void Ensure(GbDeviceId deviceId) => GetTrack(deviceId);

    public bool Forget(GbDeviceId deviceId) => _tracks.TryRemove(deviceId, out _);

    public CameraHealth? Get(GbDeviceId deviceId)
    {
        if (!_tracks.TryGetValue(deviceId, out var track))
        {
            return null;
        }

        lock (track)
        {
            return track.Health;
        }
    }

    public IReadOnlyList<CameraHealth> Snapshot()
    {
        var list = new List<CameraHealth>(_tracks.Count);
        foreach (var track in _tracks.Values)
        {
            lock (track)
            {
                list.Add(track.Health);
            }
        }

        return list;
    }

    /// <summary>
    /// Applies one probe result. L3 results set or clear the picture fault; a successful L2 result with
    /// <paramref name="belowRegisteredResolution"/> marks the camera degraded. Returns the transition, if any.
    /// </summary>
    public HealthTransition? Observe(GbDeviceId deviceId, ProbeResult result, bool belowRegisteredResolution = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = time.GetUtcNow();
        var track = GetTrack(deviceId);
        lock (track)
        {
            var h = track.Health;
            h = h with { LastProbe = now };
            if (result.Ok)
            {
                h = h with { LastSuccess = now };
                if (result.Tier == ProbeTier.Picture)
                {
                    track.PictureFaults = result.Faults.Where(f => f.IsPictureFault()).ToArray();
                }

                if (result.Tier == ProbeTier.Stream)
                {
                    track.BelowResolution = belowRegisteredResolution;
                    track.StreamFault = ProbeReason.None;
                }
            }
            else if (result.Tier == ProbeTier.Stream && !result.Reason.IsNetworkReason())
            {
                track.StreamFault = result.Reason;
            }

            track.Health = h;
            if (h.State is HealthState.Maintenance or HealthState.Decommissioned)
            {
                return null;
            }

            if (result.Ok && result.Tier == ProbeTier.Reach && track.StreamFault != ProbeReason.None)
            {
                return OnFailure(track, deviceId, now, track.StreamFault);
            }

            return result.Ok ? OnSuccess(track, deviceId, now) : OnFailure(track, deviceId, now, result.Reason);
        }
    }

    /// <summary>The L2 fault that currently overrides L1 successes (None when frames arrived at the last L2 probe).</summary>
    public ProbeReason StreamFault(GbDeviceId deviceId)
    {
        if (!_tracks.TryGetValue(deviceId, out var track))
        {
            return ProbeReason.None;
        }

        lock (track)
        {
            return track.StreamFault;
        }
    }

    /// <summary>
    /// A failure hidden by an open incident: the camera's real state cannot be known, so it becomes unknown
    /// (not offline) and its failure run starts over.
    /// </summary>
    public HealthTransition? ObserveSuppressed(GbDeviceId deviceId, ProbeReason reason)
    {
        var now = time.GetUtcNow();
        var track = GetTrack(deviceId);
        lock (track)
        {
            track.Health = track.Health with { LastProbe = now, Reason = reason };
            track.Failures = 0;
            track.Successes = 0;
            track.FailingSince = null;
            return track.Health.State is HealthState.Online or HealthState.Degraded or HealthState.Offline
                ? Move(track, deviceId, now, HealthState.Unknown, TransitionReasons.Incident, reason)
                : null;
        }
    }

    /// <summary>Puts a camera into (or out of) maintenance. Leaving maintenance starts from unknown.</summary>
    public HealthTransition? SetMaintenance(GbDeviceId deviceId, bool inMaintenance)
    {
        var now = time.GetUtcNow();
        var track = GetTrack(deviceId);
        lock (track)
        {
            var state = track.Health.State;
            if (inMaintenance && state is not (HealthState.Maintenance or HealthState.Decommissioned))
            {
                Reset(track);
                return Move(track, deviceId, now, HealthState.Maintenance, TransitionReasons.Maintenance, ProbeReason.None);
            }

            if (!inMaintenance && state == HealthState.Maintenance)
            {
                Reset(track);
                return Move(track, deviceId, now, HealthState.Unknown, TransitionReasons.MaintenanceEnded, ProbeReason.None);
            }

            return null;
        }
    }

    public HealthTransition? Decommission(GbDeviceId deviceId)
    {
        var now = time.GetUtcNow();
        var track = GetTrack(deviceId);
        lock (track)
        {
            if (track.Health.State == HealthState.Decommissioned)
            {
                return null;
            }

            Reset(track);
            return Move(track, deviceId, now, HealthState.Decommissioned, TransitionReasons.Decommissioned, ProbeReason.None);
        }
    }

    /// <summary>Moves a camera to <paramref name="to"/> without a probe (restart bookkeeping).</summary>
    public HealthTransition? Force(GbDeviceId deviceId, HealthState to, string reason)
    {
        var now = time.GetUtcNow();
        var track = GetTrack(deviceId);
        lock (track)
        {
            return track.Health.State == to ? null : Move(track, deviceId, now, to, reason, track.Health.Reason);
        }
    }

    private HealthTransition? OnSuccess(Track track, GbDeviceId id, DateTimeOffset now)
    {
        track.Failures = 0;
        track.FailingSince = null;
        track.Successes++;
        var up = UpState(track);
        var upReason = up == HealthState.Degraded ? DegradedReason(track) : TransitionReasons.Recovered;
        var faultReason = track.PictureFaults.Count > 0 ? track.PictureFaults[0] : ProbeReason.None;
        switch (track.Health.State)
        {
            case HealthState.Unknown:
                return Move(track, id, now, up, upReason, faultReason);
            case HealthState.Offline:
                return track.Successes >= policy.SuccessesToOnline ? Move(track, id, now, up, upReason, faultReason) : null;
            default:
                if (track.Health.State != up)
                {
                    var reason = up == HealthState.Degraded ? upReason : TransitionReasons.PictureCleared;
                    return Move(track, id, now, up, reason, faultReason);
                }

                track.Health = track.Health with { Reason = faultReason, Faults = track.PictureFaults };
                return null;
        }
    }

    private HealthTransition? OnFailure(Track track, GbDeviceId id, DateTimeOffset now, ProbeReason reason)
    {
        track.Successes = 0;
        track.Failures++;
        track.FailingSince ??= now;
        track.Health = track.Health with { Reason = reason };
        if (track.Health.State == HealthState.Offline)
        {
            return null;
        }

        var enough = track.Failures >= policy.FailuresToOffline
            || (track.Failures >= 2 && now - track.FailingSince.Value >= policy.FailingLongerThan);
        return enough ? Move(track, id, now, HealthState.Offline, reason.ToLabel(), reason) : null;
    }

    private HealthTransition Move(Track track, GbDeviceId id, DateTimeOffset now, HealthState to, string label, ProbeReason reason)
    {
        var from = track.Health.State;
        if (from.IsUp() != to.IsUp() && (from == HealthState.Offline || to == HealthState.Offline))
        {
            track.Changes.Enqueue(now);
        }

        while (track.Changes.Count > 0 && now - track.Changes.Peek() > policy.FlapWindow)
        {
            track.Changes.Dequeue();
        }

        track.Health = track.Health with
        {
            State = to,
            Since = now,
            Reason = to == HealthState.Online ? ProbeReason.None : reason,
            Faults = to == HealthState.Degraded ? track.PictureFaults : [],
            Flapping = track.Changes.Count > policy.FlapChanges,
        };
        return new HealthTransition(id, now, from, to, label);
    }

    private static HealthState UpState(Track track) =>
        track.PictureFaults.Count > 0 || track.BelowResolution ? HealthState.Degraded : HealthState.Online;

    private static string DegradedReason(Track track) =>
        track.PictureFaults.Count > 0 ? track.PictureFaults[0].ToLabel() : "low_resolution";

    private static void Reset(Track track)
    {
        track.Failures = 0;
        track.Successes = 0;
        track.FailingSince = null;
    }

    private Track GetTrack(GbDeviceId deviceId) =>
        _tracks.GetOrAdd(deviceId, id => new Track(new CameraHealth { DeviceId = id, State = HealthState.Unknown }));

    private sealed class Track(CameraHealth health)
    {
        public CameraHealth Health { get; set; } = health;

        public int Failures { get; set; }

        public int Successes { get; set; }

        public DateTimeOffset? FailingSince { get; set; }

        public IReadOnlyList<ProbeReason> PictureFaults { get; set; } = health.State == HealthState.Degraded ? health.Faults : [];

        public bool BelowResolution { get; set; }

        public ProbeReason StreamFault { get; set; }

        public Queue<DateTimeOffset> Changes { get; } = new();
    }
}
