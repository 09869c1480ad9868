using Dapper;
using Microsoft.Data.Sqlite;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Health;

/// <summary>
/// Time in state per camera: hourly rollups for whole past hours (cheap 30-day queries for 100k cameras) and the
/// transitions for the rest. All arithmetic is <see cref="AvailabilityMath.SecondsPerState"/>.
/// </summary>
public sealed class AvailabilityStore(SqliteDatabase database, TimeProvider time) : IAvailabilityReader
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static DateTimeOffset FloorHour(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % Hour.Ticks), TimeSpan.Zero);

    public static DateTimeOffset CeilHour(DateTimeOffset at)
    {
        var floor = FloorHour(at);
        return floor == at ? floor : floor + Hour;
    }

    /// <summary>Hours before this instant are rolled up (null: none yet).</summary>
    public async Task<DateTimeOffset?> RolledUntilAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return UnixMs.To(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT rolled_until_ms FROM health_rollup_progress WHERE id = 1", cancellationToken: cancellationToken)));
    }

    /// <summary>Rolls up every whole hour that ended before <paramref name="until"/>. Returns the number of hours rolled.</summary>
    public async Task<int> RollupAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var end = FloorHour(until);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rolled = UnixMs.To(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT rolled_until_ms FROM health_rollup_progress WHERE id = 1", cancellationToken: cancellationToken)));
        if (rolled is null)
        {
            var first = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MIN(at_ms) FROM health_transitions", cancellationToken: cancellationToken));
            if (first is null)
            {
                return 0;
            }

            rolled = FloorHour(UnixMs.To(first.Value));
        }

        var hours = 0;
        for (var hour = rolled.Value; hour + Hour <= end; hour += Hour)
        {
            await RollupHourAsync(connection, hour, cancellationToken);
            hours++;
        }

        return hours;
    }

    private static async Task RollupHourAsync(SqliteConnection connection, DateTimeOffset hour, CancellationToken cancellationToken)
    {
        var window = new TimeWindow(hour, hour + Hour);
        var starts = await StatesAtAsync(connection, hour, cancellationToken);
        var inHour = await TransitionsInAsync(connection, window, cancellationToken);
        var ids = starts.Keys.Union(inHour.Keys).ToList();
        var rows = new List<object>(ids.Count);
        foreach (var id in ids)
        {
            var deviceId = GbDeviceId.TryParse(id);
            if (!deviceId.Ok)
            {
                continue;
            }

            var start = starts.GetValueOrDefault(id, HealthState.Unknown);
            var transitions = inHour.GetValueOrDefault(id) ?? [];
            var s = AvailabilityMath.SecondsPerState(deviceId.Value!, start, transitions, window);
            var endState = transitions.Count > 0 ? transitions[^1].To : start;
            rows.Add(new
            {
                DeviceId = id,
                HourMs = UnixMs.From(hour),
                s.Online,
                s.Degraded,
                s.Offline,
                s.Unknown,
                s.Maintenance,
                s.Outages,
                EndState = endState.ToLabel(),
            });
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO health_rollups (device_id, hour_ms, online_s, degraded_s, offline_s, unknown_s, maintenance_s, outages, end_state)
            VALUES (@DeviceId, @HourMs, @Online, @Degraded, @Offline, @Unknown, @Maintenance, @Outages, @EndState)
            ON CONFLICT (device_id, hour_ms) DO UPDATE SET online_s = excluded.online_s, degraded_s = excluded.degraded_s,
                offline_s = excluded.offline_s, unknown_s = excluded.unknown_s, maintenance_s = excluded.maintenance_s,
                outages = excluded.outages, end_state = excluded.end_state
            """,
            rows,
            tx,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO health_rollup_progress (id, rolled_until_ms) VALUES (1, @Until) ON CONFLICT (id) DO UPDATE SET rolled_until_ms = excluded.rolled_until_ms",
            new { Until = UnixMs.From(hour + Hour) },
            tx,
            cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CameraStateSeconds>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (to > now)
        {
            to = now;
        }

        if (to <= from)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rolled = UnixMs.To(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT rolled_until_ms FROM health_rollup_progress WHERE id = 1", cancellationToken: cancellationToken)));
        var parts = new List<CameraStateSeconds>();
        var a = CeilHour(from);
        var b = rolled is { } r && FloorHour(to) > r ? r : FloorHour(to);
        if (rolled is not null && a < b)
        {
            parts.AddRange(await FromRollupsAsync(connection, a, b, cancellationToken));
            if (from < a)
            {
                parts.AddRange(await FromTransitionsAsync(connection, new TimeWindow(from, a), cancellationToken));
            }

            if (b < to)
            {
                parts.AddRange(await FromTransitionsAsync(connection, new TimeWindow(b, to), cancellationToken));
            }
        }
        else
        {
            parts.AddRange(await FromTransitionsAsync(connection, new TimeWindow(from, to), cancellationToken));
        }

        return [.. parts.GroupBy(p => p.DeviceId).Select(g => AvailabilityMath.Sum(g.Key, g))];
    }

    /// <summary>Deletes transitions and rollups older than <paramref name="before"/> (rollups keep each camera's end state).</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ms = UnixMs.From(before);
        var rolled = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT rolled_until_ms FROM health_rollup_progress WHERE id = 1", cancellationToken: cancellationToken)) ?? 0;
        // Only transitions already summed into rollups may go, or un-rolled hours would lose their history.
        var cut = Math.Min(ms, rolled);
        var n = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM health_transitions WHERE at_ms < @Cut", new { Cut = cut }, cancellationToken: cancellationToken));
        n += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM health_rollups WHERE hour_ms < @Cut", new { Cut = cut - Hour.TotalMilliseconds }, cancellationToken: cancellationToken));
        n += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM monitor_incidents WHERE closed_at_ms IS NOT NULL AND closed_at_ms < @Cut", new { Cut = ms }, cancellationToken: cancellationToken));
        return n;
    }

    private static async Task<IEnumerable<CameraStateSeconds>> FromRollupsAsync(SqliteConnection connection, DateTimeOffset a, DateTimeOffset b, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string DeviceId, double Online, double Degraded, double Offline, double Unknown, double Maintenance, long Outages)>(new CommandDefinition(
            "SELECT device_id, SUM(online_s), SUM(degraded_s), SUM(offline_s), SUM(unknown_s), SUM(maintenance_s), SUM(outages) "
            + "FROM health_rollups WHERE hour_ms >= @A AND hour_ms < @B GROUP BY device_id",
            new { A = UnixMs.From(a), B = UnixMs.From(b) },
            cancellationToken: cancellationToken));
        var list = new List<CameraStateSeconds>();
        foreach (var r in rows)
        {
            var id = GbDeviceId.TryParse(r.DeviceId);
            if (id.Ok)
            {
                list.Add(new CameraStateSeconds
                {
                    DeviceId = id.Value!,
                    Online = r.Online,
                    Degraded = r.Degraded,
                    Offline = r.Offline,
                    Unknown = r.Unknown,
                    Maintenance = r.Maintenance,
                    Outages = (int)r.Outages,
                });
            }
        }

        return list;
    }

    private static async Task<List<CameraStateSeconds>> FromTransitionsAsync(SqliteConnection connection, TimeWindow window, CancellationToken cancellationToken)
    {
        var starts = await StatesAtAsync(connection, window.Start, cancellationToken);
        var inWindow = await TransitionsInAsync(connection, window, cancellationToken);
        var list = new List<CameraStateSeconds>();
        foreach (var id in starts.Keys.Union(inWindow.Keys))
        {
            var deviceId = GbDeviceId.TryParse(id);
            if (deviceId.Ok)
            {
                list.Add(AvailabilityMath.SecondsPerState(deviceId.Value!, starts.GetValueOrDefault(id, HealthState.Unknown), inWindow.GetValueOrDefault(id) ?? [], window));
            }
        }

        return list;
    }

    /// <summary>
    /// Each camera's state at <paramref name="at"/>. When the hour before is rolled up, its end states are the base and
    /// only the transitions since are read (transitions older than the retention may be gone); otherwise the target
    /// of each camera's last transition before <paramref name="at"/>.
    /// </summary>
    private static async Task<Dictionary<string, HealthState>> StatesAtAsync(SqliteConnection connection, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, HealthState>(StringComparer.Ordinal);
        var hour = FloorHour(at);
        var rolled = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT rolled_until_ms FROM health_rollup_progress WHERE id = 1", cancellationToken: cancellationToken));
        long since = long.MinValue;
        if (rolled is { } r && r >= UnixMs.From(hour))
        {
            var bases = await connection.QueryAsync<(string DeviceId, string EndState)>(new CommandDefinition(
                "SELECT device_id, end_state FROM health_rollups WHERE hour_ms = @Prev",
                new { Prev = UnixMs.From(hour - Hour) },
                cancellationToken: cancellationToken));
            foreach (var (id, state) in bases)
            {
                map[id] = StoredLabels.State(state);
            }

            since = UnixMs.From(hour);
        }

        var rows = await connection.QueryAsync<(string DeviceId, string ToState)>(new CommandDefinition(
            """
            SELECT device_id, to_state FROM (
                SELECT device_id, to_state, ROW_NUMBER() OVER (PARTITION BY device_id ORDER BY at_ms DESC, id DESC) AS rn
                FROM health_transitions WHERE at_ms >= @Since AND at_ms < @At) last
            WHERE rn = 1
            """,
            new { Since = since, At = UnixMs.From(at) },
            cancellationToken: cancellationToken));
        foreach (var (id, state) in rows)
        {
            map[id] = StoredLabels.State(state);
        }

        return map;
    }

    private static async Task<Dictionary<string, List<HealthTransition>>> TransitionsInAsync(SqliteConnection connection, TimeWindow window, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<TransitionRow>(new CommandDefinition(
            "SELECT device_id AS DeviceId, at_ms AS AtMs, from_state AS FromState, to_state AS ToState, reason AS Reason FROM health_transitions "
            + "WHERE at_ms >= @A AND at_ms < @B ORDER BY at_ms, id",
            new { A = UnixMs.From(window.Start), B = UnixMs.From(window.End) },
            cancellationToken: cancellationToken));
        var map = new Dictionary<string, List<HealthTransition>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.ToTransition() is not { } t)
            {
                continue;
            }

            if (!map.TryGetValue(row.DeviceId, out var list))
            {
                list = [];
                map[row.DeviceId] = list;
            }

            list.Add(t);
        }

        return map;
    }
}
