using Dapper;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Health;

/// <summary>One stored probe outcome (latest per camera per tier).</summary>
public sealed record StoredProbe(GbDeviceId DeviceId, DateTimeOffset At, ProbeResult Result);

/// <summary>The monitor's persistent state: transitions, current state, latest probes, heartbeat, gaps and incidents.</summary>
public sealed class HealthStore(SqliteDatabase database)
{
    /// <summary>Writes one batch atomically: new transitions, changed current states and latest probes.</summary>
    public async Task SaveAsync(
        IReadOnlyCollection<HealthTransition> transitions,
        IReadOnlyCollection<CameraHealth> states,
        IReadOnlyCollection<StoredProbe> probes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(probes);
        if (transitions.Count == 0 && states.Count == 0 && probes.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (transitions.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO health_transitions (device_id, at_ms, from_state, to_state, reason) VALUES (@DeviceId, @AtMs, @From, @To, @Reason)",
                transitions.Select(t => new { DeviceId = t.DeviceId.Value, AtMs = UnixMs.From(t.At), From = t.From.ToLabel(), To = t.To.ToLabel(), t.Reason }),
                tx,
                cancellationToken: cancellationToken));
        }

        if (states.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO camera_health (device_id, state, since_ms, reason, faults, last_success_ms, last_probe_ms, flapping)
                VALUES (@DeviceId, @State, @SinceMs, @Reason, @Faults, @LastSuccessMs, @LastProbeMs, @Flapping)
                ON CONFLICT (device_id) DO UPDATE SET state = excluded.state, since_ms = excluded.since_ms, reason = excluded.reason,
                    faults = excluded.faults, last_success_ms = excluded.last_success_ms, last_probe_ms = excluded.last_probe_ms,
                    flapping = excluded.flapping
                """,
                states.Select(h => new
                {
                    DeviceId = h.DeviceId.Value,
                    State = h.State.ToLabel(),
                    SinceMs = UnixMs.From(h.Since),
                    Reason = h.Reason.ToLabel(),
                    Faults = Labels(h.Faults),
                    LastSuccessMs = UnixMs.From(h.LastSuccess),
                    LastProbeMs = UnixMs.From(h.LastProbe),
                    Flapping = h.Flapping ? 1 : 0,
                }),
                tx,
                cancellationToken: cancellationToken));
        }

        if (probes.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO probe_latest (device_id, tier, at_ms, ok, reason, detail, duration_ms, codec, width, height, fps, bit_rate, faults)
                VALUES (@DeviceId, @Tier, @AtMs, @Ok, @Reason, @Detail, @DurationMs, @Codec, @Width, @Height, @Fps, @BitRate, @Faults)
                ON CONFLICT (device_id, tier) DO UPDATE SET at_ms = excluded.at_ms, ok = excluded.ok, reason = excluded.reason,
                    detail = excluded.detail, duration_ms = excluded.duration_ms, codec = excluded.codec, width = excluded.width,
                    height = excluded.height, fps = excluded.fps, bit_rate = excluded.bit_rate, faults = excluded.faults
                """,
                probes.Select(p => new
                {
                    DeviceId = p.DeviceId.Value,
                    Tier = (int)p.Result.Tier,
                    AtMs = UnixMs.From(p.At),
                    Ok = p.Result.Ok ? 1 : 0,
                    Reason = p.Result.Reason.ToLabel(),
                    p.Result.Detail,
                    DurationMs = p.Result.Duration.TotalMilliseconds,
                    p.Result.Stream?.Codec,
                    p.Result.Stream?.Width,
                    p.Result.Stream?.Height,
                    p.Result.Stream?.Fps,
                    p.Result.Stream?.BitRate,
                    Faults = Labels(p.Result.Faults),
                }),
                tx,
                cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<CameraHealth>> LoadStatesAsync(CancellationToken cancellationToken) => LoadStatesAsync(null, cancellationToken);

    /// <summary>Stored current states; only cameras in one of <paramref name="only"/> when given (index on state).</summary>
    public async Task<IReadOnlyList<CameraHealth>> LoadStatesAsync(IReadOnlyCollection<HealthState>? only, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StateRow>(new CommandDefinition(
            "SELECT device_id AS DeviceId, state AS State, since_ms AS SinceMs, reason AS Reason, faults AS Faults, last_success_ms AS LastSuccessMs, last_probe_ms AS LastProbeMs, flapping AS Flapping FROM camera_health"
            + (only is null ? string.Empty : " WHERE state IN @States"),
            only is null ? null : new { States = only.Select(s => s.ToLabel()).ToArray() },
            cancellationToken: cancellationToken));
        var list = new List<CameraHealth>();
        foreach (var r in rows)
        {
            var id = GbDeviceId.TryParse(r.DeviceId);
            if (!id.Ok)
            {
                continue;
            }

            var state = StoredLabels.State(r.State);
            var reason = StoredLabels.Reason(r.Reason);
            list.Add(new CameraHealth
            {
                DeviceId = id.Value!,
                State = state,
                Since = UnixMs.To(r.SinceMs),
                Reason = reason,
                Faults = ParseLabels(r.Faults),
                LastSuccess = UnixMs.To(r.LastSuccessMs),
                LastProbe = UnixMs.To(r.LastProbeMs),
                Flapping = r.Flapping != 0,
            });
        }

        return list;
    }

    public async Task<IReadOnlyList<HealthTransition>> TransitionsAsync(GbDeviceId? deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TransitionRow>(new CommandDefinition(
            "SELECT device_id AS DeviceId, at_ms AS AtMs, from_state AS FromState, to_state AS ToState, reason AS Reason FROM health_transitions "
            + "WHERE at_ms >= @From AND at_ms < @To AND (@Id IS NULL OR device_id = @Id) ORDER BY at_ms, id",
            new { From = UnixMs.From(from), To = UnixMs.From(to), Id = deviceId?.Value },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToTransition()).OfType<HealthTransition>()];
    }

    /// <summary>One page of a camera's transitions, newest first, and how many there are in all.</summary>
    public async Task<(int Total, IReadOnlyList<HealthTransition> Items)> TransitionPageAsync(GbDeviceId deviceId, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM health_transitions WHERE device_id = @Id", new { Id = deviceId.Value }, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<TransitionRow>(new CommandDefinition(
            "SELECT device_id AS DeviceId, at_ms AS AtMs, from_state AS FromState, to_state AS ToState, reason AS Reason FROM health_transitions "
            + "WHERE device_id = @Id ORDER BY at_ms DESC, id DESC LIMIT @Limit OFFSET @Offset",
            new { Id = deviceId.Value, Limit = limit, Offset = offset },
            cancellationToken: cancellationToken));
        return (total, [.. rows.Select(r => r.ToTransition()).OfType<HealthTransition>()]);
    }

    /// <summary>Latest probe per tier of one camera (API: last probes and stream facts).</summary>
    public async Task<IReadOnlyList<StoredProbe>> LatestProbesAsync(GbDeviceId deviceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProbeRow>(new CommandDefinition(
            "SELECT tier AS Tier, at_ms AS AtMs, ok AS Ok, reason AS Reason, detail AS Detail, duration_ms AS DurationMs, codec AS Codec, "
            + "width AS Width, height AS Height, fps AS Fps, bit_rate AS BitRate, faults AS Faults FROM probe_latest WHERE device_id = @Id ORDER BY tier",
            new { Id = deviceId.Value },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r =>
        {
            var reason = StoredLabels.Reason(r.Reason);
            var hasStream = r.Codec is not null || r.Width is not null;
            return new StoredProbe(deviceId, UnixMs.To(r.AtMs), new ProbeResult
            {
                Tier = (ProbeTier)r.Tier,
                Ok = r.Ok != 0,
                Reason = reason,
                Detail = r.Detail,
                Duration = TimeSpan.FromMilliseconds(r.DurationMs),
                StartedAt = UnixMs.To(r.AtMs),
                Faults = ParseLabels(r.Faults),
                Stream = hasStream ? new StreamFacts { Codec = r.Codec, Width = (int?)r.Width, Height = (int?)r.Height, Fps = r.Fps, BitRate = r.BitRate, FramesArrived = r.Ok != 0 } : null,
            });
        })];
    }

    /// <summary>The last heartbeat, or null when the monitor never ran on this store.</summary>
    public async Task<DateTimeOffset?> LastHeartbeatAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ms = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT at_ms FROM monitor_heartbeat WHERE id = 1", cancellationToken: cancellationToken));
        return UnixMs.To(ms);
    }

    public async Task BeatAsync(DateTimeOffset at, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO monitor_heartbeat (id, at_ms, started_at_ms) VALUES (1, @At, @Started) ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms, started_at_ms = excluded.started_at_ms",
            new { At = UnixMs.From(at), Started = UnixMs.From(startedAt) },
            cancellationToken: cancellationToken));
    }

    public async Task AddGapAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO monitor_gaps (start_ms, end_ms) VALUES (@Start, @End)",
            new { Start = UnixMs.From(start), End = UnixMs.From(end) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<TimeWindow>> GapsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Start, long End)>(new CommandDefinition(
            "SELECT start_ms, end_ms FROM monitor_gaps ORDER BY start_ms", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new TimeWindow(UnixMs.To(r.Start), UnixMs.To(r.End)))];
    }

    public async Task OpenIncidentAsync(MonitorIncident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO monitor_incidents (id, kind, scope, opened_at_ms, cameras, reason) VALUES (@Id, @Kind, @Scope, @At, @Cameras, @Reason)",
            new { incident.Id, incident.Kind, incident.Scope, At = UnixMs.From(incident.OpenedAt), incident.Cameras, Reason = incident.Reason.ToLabel() },
            cancellationToken: cancellationToken));
    }

    public async Task CloseIncidentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE monitor_incidents SET closed_at_ms = @At WHERE id = @Id AND closed_at_ms IS NULL",
            new { Id = id, At = UnixMs.From(at) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Incidents; only open ones unless <paramref name="includeClosed"/>.</summary>
    public async Task<IReadOnlyList<(MonitorIncident Incident, DateTimeOffset? ClosedAt)>> IncidentsAsync(bool includeClosed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IncidentRow>(new CommandDefinition(
            "SELECT id AS Id, kind AS Kind, scope AS Scope, opened_at_ms AS OpenedAtMs, closed_at_ms AS ClosedAtMs, cameras AS Cameras, reason AS Reason FROM monitor_incidents "
            + (includeClosed ? string.Empty : "WHERE closed_at_ms IS NULL ") + "ORDER BY id",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r =>
        {
            var reason = StoredLabels.Reason(r.Reason);
            return (new MonitorIncident(r.Id, r.Kind, r.Scope, UnixMs.To(r.OpenedAtMs), (int)r.Cameras, reason), UnixMs.To(r.ClosedAtMs));
        })];
    }

    public async Task<long> NextIncidentIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) + 1 FROM monitor_incidents", cancellationToken: cancellationToken));
    }

    private static string? Labels(IReadOnlyList<ProbeReason> reasons) =>
        reasons.Count == 0 ? null : string.Join(',', reasons.Select(r => r.ToLabel()));

    private static ProbeReason[] ParseLabels(string? labels) =>
        string.IsNullOrEmpty(labels)
            ? []
            : [.. labels.Split(',').Select(l => ProbeReasonLabels.TryParse(l, out var r) ? r : ProbeReason.None).Where(r => r != ProbeReason.None)];

    private sealed record StateRow(string DeviceId, string State, long? SinceMs, string Reason, string? Faults, long? LastSuccessMs, long? LastProbeMs, long Flapping);

    private sealed record ProbeRow(long Tier, long AtMs, long Ok, string Reason, string? Detail, double DurationMs, string? Codec, long? Width, long? Height, double? Fps, long? BitRate, string? Faults);

    private sealed record IncidentRow(long Id, string Kind, string Scope, long OpenedAtMs, long? ClosedAtMs, long Cameras, string Reason);
}

internal sealed record TransitionRow(string DeviceId, long AtMs, string FromState, string ToState, string Reason)
{
    public HealthTransition? ToTransition()
    {
        var id = GbDeviceId.TryParse(DeviceId);
        if (!id.Ok)
        {
            return null;
        }

        var from = StoredLabels.State(FromState);
        var to = StoredLabels.State(ToState);
        return new HealthTransition(id.Value!, UnixMs.To(AtMs), from, to, Reason);
    }
}
