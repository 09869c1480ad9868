using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Health;

/// <summary>
/// Time in state per camera: hourly rollups of the transitions, a per-camera cumulative row at every day boundary
/// (a 30-day read for 100k cameras is one pass over two days' rows), and the transitions for the edges of a period.
/// All arithmetic is <see cref="AvailabilityMath.SecondsPerState"/>; a camera is counted from its first transition.
/// </summary>
public sealed class AvailabilityStore(SqliteDatabase database, TimeProvider time) : IAvailabilityReader
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static DateTimeOffset FloorHour(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % Hour.Ticks), TimeSpan.Zero);

    public static DateTimeOffset CeilHour(DateTimeOffset at)
    {
        var floor = FloorHour(at);
        return floor == at ? floor : floor + Hour;
    }

    public static DateTimeOffset FloorDay(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % Day.Ticks), TimeSpan.Zero);

    public static DateTimeOffset CeilDay(DateTimeOffset at)
    {
        var floor = FloorDay(at);
        return floor == at ? floor : floor + Day;
    }

    /// <summary>Hours before this instant are rolled up (null: none yet).</summary>
    public async Task<DateTimeOffset?> RolledUntilAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await RolledAsync(connection, cancellationToken);
    }

    private static async Task<DateTimeOffset?> RolledAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        UnixMs.To(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT rolled_until_ms FROM health_rollup_progress WHERE id = 1", cancellationToken: cancellationToken)));

    /// <summary>Rolls up every whole hour that ended before <paramref name="until"/>. Returns the number of hours rolled.</summary>
    public async Task<int> RollupAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var end = FloorHour(until);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rolled = await RolledAsync(connection, cancellationToken);
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
        var starts = await StatesAtAsync(connection, await RolledAsync(connection, cancellationToken), hour, cancellationToken);
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

            var start = starts.TryGetValue(id, out var known) ? known : (HealthState?)null;
            var transitions = inHour.GetValueOrDefault(id) ?? [];
            var s = SecondsPerState(deviceId.Value!, start, transitions, window);
            var endState = transitions.Count > 0 ? transitions[^1].To : start ?? HealthState.Unknown;
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
        if (FloorDay(hour + Hour) == hour + Hour)
        {
            await AccumulateDayAsync(connection, tx, hour + Hour, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes every camera's cumulative row at the day boundary <paramref name="day"/>: its row at the previous boundary
    /// (carried forward even without rollups that day) plus the day's hourly rollups. Same transaction as the day's
    /// last hour, so the cumulative table never lags the rollup progress.
    /// </summary>
    private static async Task AccumulateDayAsync(SqliteConnection connection, System.Data.Common.DbTransaction tx, DateTimeOffset day, CancellationToken cancellationToken)
    {
        var args = new { Day = UnixMs.From(day), Prev = UnixMs.From(day - Day) };
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM health_cumulative WHERE day_ms = @Day", args, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO health_cumulative (day_ms, device_id, online_ms, degraded_ms, offline_ms, unknown_ms, maintenance_ms, outages)
            SELECT @Day, device_id, SUM(online_ms), SUM(degraded_ms), SUM(offline_ms), SUM(unknown_ms), SUM(maintenance_ms), SUM(outages)
            FROM (
                SELECT device_id, online_ms, degraded_ms, offline_ms, unknown_ms, maintenance_ms, outages
                FROM health_cumulative WHERE day_ms = @Prev
                UNION ALL
                SELECT device_id, CAST(ROUND(online_s * 1000) AS BIGINT), CAST(ROUND(degraded_s * 1000) AS BIGINT),
                       CAST(ROUND(offline_s * 1000) AS BIGINT), CAST(ROUND(unknown_s * 1000) AS BIGINT),
                       CAST(ROUND(maintenance_s * 1000) AS BIGINT), outages
                FROM health_rollups WHERE hour_ms >= @Prev AND hour_ms < @Day
            ) parts
            GROUP BY device_id
            ORDER BY device_id
            """,
            args,
            tx,
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Seconds per state per camera over [<paramref name="from"/>, <paramref name="to"/>) (the future cut off) in
    /// O(cameras + transitions), whatever the length: whole days as the difference of two cumulative rows per camera
    /// (the day boundaries nearest the ends), the stretch between each end and its boundary from the state at its
    /// start plus the transitions inside it (added, or subtracted when the boundary lies beyond the end). When the
    /// state at an edge's start is no longer known (older than the retention, or before the first rollup) that edge
    /// comes from the hourly rollups instead. All in integer milliseconds, so the parts add up exactly.
    /// </summary>
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
        var totals = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var rolled = await RolledAsync(connection, cancellationToken);
        var (first, last) = await connection.QuerySingleAsync<(long? First, long? Last)>(new CommandDefinition(
            // Two subqueries: SQLite answers a lone MIN or MAX from the key's first or last entry, but MIN and MAX in
            // one SELECT scan the whole table (3.1 M rows for 100k cameras × 30 days: 250 ms).
            "SELECT (SELECT MIN(day_ms) FROM health_cumulative), (SELECT MAX(day_ms) FROM health_cumulative)", cancellationToken: cancellationToken));
        if (first is { } f && last is { } l)
        {
            var lower = await BoundaryAsync(connection, rolled, from, UnixMs.To(f), UnixMs.To(l), cancellationToken);
            var upper = await BoundaryAsync(connection, rolled, to, lower, UnixMs.To(l), cancellationToken);
            if (lower < upper)
            {
                // Edges whose start state is in the rollups are folded into the cumulative query (every camera in
                // the state it ended the hour before in, for the edge's length), then corrected for the few
                // cameras with transitions since; any other edge is read on its own.
                var folded = new List<Edge>(2);
                foreach (var (x, y) in new[] { (from, lower), (upper, to) })
                {
                    var edge = x <= y ? new Edge(x, y, 1) : new Edge(y, x, -1);
                    if (edge.Start == edge.End)
                    {
                        continue;
                    }

                    if (await BaseRowsExistAsync(connection, rolled, edge.Start, cancellationToken))
                    {
                        folded.Add(edge);
                    }
                    else
                    {
                        await AddSpanAsync(connection, rolled, totals, x, y, cancellationToken);
                    }
                }

                await AddCumulativeAsync(connection, totals, lower, upper, folded, cancellationToken);
                foreach (var edge in folded)
                {
                    await CorrectFoldedEdgeAsync(connection, totals, edge, cancellationToken);
                }

                return ToSeconds(totals);
            }
        }

        await AddSpanAsync(connection, rolled, totals, from, to, cancellationToken);
        return ToSeconds(totals);
    }

    /// <summary>
    /// The cumulative day boundary in [<paramref name="min"/>, <paramref name="max"/>] nearest <paramref name="at"/>,
    /// provided the state at the start of the edge between them is known (otherwise the other neighbour).
    /// </summary>
    private static async Task<DateTimeOffset> BoundaryAsync(SqliteConnection connection, DateTimeOffset? rolled, DateTimeOffset at, DateTimeOffset min, DateTimeOffset max, CancellationToken cancellationToken)
    {
        var floor = Clamp(FloorDay(at), min, max);
        var ceil = Clamp(CeilDay(at), min, max);
        if (floor == ceil || floor > at)
        {
            return floor;
        }

        if (ceil <= at)
        {
            return ceil;
        }

        // floor <= at < ceil: the nearer one whose edge can be read from transitions.
        var (near, far) = at - floor <= ceil - at ? (floor, ceil) : (ceil, floor);
        return await KnownStatesAtAsync(connection, rolled, near < at ? near : at, cancellationToken) ? near : far;
    }

    private static DateTimeOffset Clamp(DateTimeOffset value, DateTimeOffset min, DateTimeOffset max) =>
        value < min ? min : value > max ? max : value;

    /// <summary>Deletes transitions and rollups older than <paramref name="before"/> (rollups keep each camera's end state).</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ms = UnixMs.From(before);
        var rolled = await RolledAsync(connection, cancellationToken) is { } r ? UnixMs.From(r) : 0;
        // Only transitions already summed into rollups may go, or un-rolled hours would lose their history.
        var cut = Math.Min(ms, rolled);
        var n = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM health_transitions WHERE at_ms < @Cut", new { Cut = cut }, cancellationToken: cancellationToken));
        var hourCut = cut - (long)Hour.TotalMilliseconds;
        n += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM health_rollups WHERE hour_ms < @Cut", new { Cut = hourCut }, cancellationToken: cancellationToken));

        // Cumulative rows are kept only from the first day boundary whose hours are all still in the rollups, so a
        // difference of two kept rows equals the sum of the kept hourly rollups between them.
        n += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM health_cumulative WHERE day_ms < @Cut", new { Cut = UnixMs.From(CeilDay(UnixMs.To(hourCut))) }, cancellationToken: cancellationToken));
        n += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM monitor_incidents WHERE closed_at_ms IS NOT NULL AND closed_at_ms < @Cut", new { Cut = ms }, cancellationToken: cancellationToken));
        return n;
    }

    /// <summary>
    /// Adds the seconds of [<paramref name="x"/>, <paramref name="y"/>), or subtracts those of [<paramref name="y"/>,
    /// <paramref name="x"/>) when <paramref name="y"/> is earlier: from transitions when the state at the span's start
    /// is known, otherwise whole hours from the rollups and the partial hours from transitions.
    /// </summary>
    private static async Task AddSpanAsync(SqliteConnection connection, DateTimeOffset? rolled, Dictionary<string, long[]> totals, DateTimeOffset x, DateTimeOffset y, CancellationToken cancellationToken)
    {
        var (start, end, sign) = x <= y ? (x, y, 1) : (y, x, -1);
        if (start == end)
        {
            return;
        }

        if (await KnownStatesAtAsync(connection, rolled, start, cancellationToken))
        {
            await AddTransitionsAsync(connection, rolled, totals, new TimeWindow(start, end), sign, cancellationToken);
            return;
        }

        var a = CeilHour(start);
        var b = rolled is { } r && FloorHour(end) > r ? r : FloorHour(end);
        if (rolled is null || a >= b)
        {
            await AddTransitionsAsync(connection, rolled, totals, new TimeWindow(start, end), sign, cancellationToken);
            return;
        }

        await AddHourlyAsync(connection, totals, a, b, sign, cancellationToken);
        if (start < a)
        {
            await AddTransitionsAsync(connection, rolled, totals, new TimeWindow(start, a), sign, cancellationToken);
        }

        if (b < end)
        {
            await AddTransitionsAsync(connection, rolled, totals, new TimeWindow(b, end), sign, cancellationToken);
        }
    }

    /// <summary>
    /// Whether every camera's state at <paramref name="at"/> can be read: past the rollups, from the transitions (kept
    /// until rolled up); inside them, from the end states of the hour before, which the retention may have deleted.
    /// </summary>
    private static async Task<bool> KnownStatesAtAsync(SqliteConnection connection, DateTimeOffset? rolled, DateTimeOffset at, CancellationToken cancellationToken) =>
        rolled is not { } r || r < FloorHour(at) || await BaseRowsExistAsync(connection, rolled, at, cancellationToken);

    /// <summary>Whether the hour before <paramref name="at"/>'s hour is rolled up with end states to start from.</summary>
    private static async Task<bool> BaseRowsExistAsync(SqliteConnection connection, DateTimeOffset? rolled, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var hour = FloorHour(at);
        return rolled is { } r && r >= hour && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM health_rollups WHERE hour_ms = @Prev)",
            new { Prev = UnixMs.From(hour - Hour) },
            cancellationToken: cancellationToken));
    }

    /// <summary>A stretch of time between an end of the period and its cumulative boundary, added (1) or subtracted (−1).</summary>
    private sealed record Edge(DateTimeOffset Start, DateTimeOffset End, int Sign)
    {
        public DateTimeOffset BaseHour => FloorHour(Start) - Hour;

        public long SignedMs => Sign * (UnixMs.From(End) - UnixMs.From(Start));
    }

    /// <summary>
    /// Adds cum(<paramref name="upper"/>) − cum(<paramref name="lower"/>) per camera (no row at lower: zero) and, for each
    /// folded edge, its signed length to the state the camera ended the edge's base hour in (one pass, in SQL).
    /// </summary>
    private static async Task AddCumulativeAsync(SqliteConnection connection, Dictionary<string, long[]> totals, DateTimeOffset lower, DateTimeOffset upper, IReadOnlyList<Edge> edges, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var columns = new System.Text.StringBuilder();
        var joins = new System.Text.StringBuilder();
        string[] names = ["online", "degraded", "offline", "unknown", "maintenance"];
        foreach (var name in names)
        {
            columns.Append(CultureInfo.InvariantCulture, $", u.{name}_ms - COALESCE(l.{name}_ms, 0)");
            for (var e = 0; e < edges.Count; e++)
            {
                columns.Append(CultureInfo.InvariantCulture, $" + CASE WHEN e{e}.end_state = '{name}' THEN $len{e} ELSE 0 END");
            }
        }

        for (var e = 0; e < edges.Count; e++)
        {
            joins.Append(CultureInfo.InvariantCulture, $" LEFT JOIN health_rollups e{e} INDEXED BY ix_health_rollups_hour_device ON e{e}.hour_ms = $hour{e} AND e{e}.device_id = u.device_id");
            command.Parameters.AddWithValue($"$len{e}", edges[e].SignedMs);
            command.Parameters.AddWithValue($"$hour{e}", UnixMs.From(edges[e].BaseHour));
        }

        command.CommandText = $"""
            SELECT u.device_id{columns}, u.outages - COALESCE(l.outages, 0)
            FROM health_cumulative u
            LEFT JOIN health_cumulative l ON l.day_ms = $lower AND l.device_id = u.device_id{joins}
            WHERE u.day_ms = $upper
            """;
        command.Parameters.AddWithValue("$lower", UnixMs.From(lower));
        command.Parameters.AddWithValue("$upper", UnixMs.From(upper));
        totals.EnsureCapacity(totals.Count + await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM health_cumulative WHERE day_ms = @Upper", new { Upper = UnixMs.From(upper) }, cancellationToken: cancellationToken)));
        await AddRowsAsync(command, totals, 1, cancellationToken);
    }

    /// <summary>
    /// Replaces the folded "whole edge in the base-hour end state" by the exact seconds for the cameras with transitions
    /// between the base hour's end and the edge's end (their state at the edge's start, or changes inside it).
    /// </summary>
    private static async Task CorrectFoldedEdgeAsync(SqliteConnection connection, Dictionary<string, long[]> totals, Edge edge, CancellationToken cancellationToken)
    {
        var moved = await TransitionsInAsync(connection, new TimeWindow(FloorHour(edge.Start), edge.End), cancellationToken);
        if (moved.Count == 0)
        {
            return;
        }

        var bases = new Dictionary<string, HealthState>(StringComparer.Ordinal);
        foreach (var batch in moved.Keys.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var names = new string[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                names[i] = "$p" + i.ToString(CultureInfo.InvariantCulture);
                command.Parameters.AddWithValue(names[i], batch[i]);
            }

            command.CommandText = $"SELECT device_id, end_state FROM health_rollups WHERE hour_ms = $hour AND device_id IN ({string.Join(", ", names)})";
            command.Parameters.AddWithValue("$hour", UnixMs.From(edge.BaseHour));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (reader.Read())
            {
                bases[reader.GetString(0)] = StoredLabels.State(reader.GetString(1));
            }
        }

        var window = new TimeWindow(edge.Start, edge.End);
        foreach (var (id, moves) in moved)
        {
            var deviceId = GbDeviceId.TryParse(id);
            if (!deviceId.Ok)
            {
                continue;
            }

            var sums = Sums(totals, id);
            HealthState? start = null;
            if (bases.TryGetValue(id, out var known))
            {
                start = known;
                if (Slot(known) is >= 0 and var slot)
                {
                    sums[slot] -= edge.SignedMs;
                }
            }

            var inside = new List<HealthTransition>(moves.Count);
            foreach (var t in moves)
            {
                if (t.At < edge.Start)
                {
                    start = t.To;
                }
                else
                {
                    inside.Add(t);
                }
            }

            if (start is null && inside.Count == 0)
            {
                continue;
            }

            Add(sums, SecondsPerState(deviceId.Value!, start, inside, window), edge.Sign);
        }
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or subtracts (−1) the hourly rollups of [<paramref name="a"/>, <paramref name="b"/>).</summary>
    private static async Task AddHourlyAsync(SqliteConnection connection, Dictionary<string, long[]> totals, DateTimeOffset a, DateTimeOffset b, int sign, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT device_id, SUM(CAST(ROUND(online_s * 1000) AS BIGINT)), SUM(CAST(ROUND(degraded_s * 1000) AS BIGINT)),
                   SUM(CAST(ROUND(offline_s * 1000) AS BIGINT)), SUM(CAST(ROUND(unknown_s * 1000) AS BIGINT)),
                   SUM(CAST(ROUND(maintenance_s * 1000) AS BIGINT)), SUM(outages)
            FROM health_rollups WHERE hour_ms >= $a AND hour_ms < $b
            GROUP BY device_id
            """;
        command.Parameters.AddWithValue("$a", UnixMs.From(a));
        command.Parameters.AddWithValue("$b", UnixMs.From(b));
        await AddRowsAsync(command, totals, sign, cancellationToken);
    }

    /// <summary>Rows of (device_id, online, degraded, offline, unknown, maintenance milliseconds, outages).</summary>
    private static async Task AddRowsAsync(SqliteCommand command, Dictionary<string, long[]> totals, int sign, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        // SQLite steps synchronously anyway; a Task per row is pure overhead at 100k rows.
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sums = Sums(totals, reader.GetString(0));
            for (var k = 0; k < Slots; k++)
            {
                sums[k] += sign * reader.GetInt64(k + 1);
            }
        }
    }

    /// <summary>Per camera: online, degraded, offline, unknown, maintenance milliseconds and outages.</summary>
    private const int Slots = 6;

    private static long[] Sums(Dictionary<string, long[]> totals, string id)
    {
        ref var sums = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(totals, id, out _);
        return sums ??= new long[Slots];
    }

    /// <summary>The slot of <paramref name="state"/> in <see cref="Sums"/>; decommissioned time is counted nowhere.</summary>
    private static int Slot(HealthState state) => state switch
    {
        HealthState.Online => 0,
        HealthState.Degraded => 1,
        HealthState.Offline => 2,
        HealthState.Unknown => 3,
        HealthState.Maintenance => 4,
        _ => -1,
    };

    private static List<CameraStateSeconds> ToSeconds(Dictionary<string, long[]> totals)
    {
        var list = new List<CameraStateSeconds>(totals.Count);
        foreach (var (raw, ms) in totals)
        {
            var id = GbDeviceId.TryParse(raw);
            if (id.Ok)
            {
                list.Add(new CameraStateSeconds
                {
                    DeviceId = id.Value!,
                    Online = ms[0] / 1000.0,
                    Degraded = ms[1] / 1000.0,
                    Offline = ms[2] / 1000.0,
                    Unknown = ms[3] / 1000.0,
                    Maintenance = ms[4] / 1000.0,
                    Outages = (int)ms[5],
                });
            }
        }

        return list;
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> 1) or subtracts (−1) each camera's seconds over <paramref name="window"/> from its
    /// state at the start and its transitions inside: a camera without transitions there (nearly all) is one addition.
    /// </summary>
    private static async Task AddTransitionsAsync(SqliteConnection connection, DateTimeOffset? rolled, Dictionary<string, long[]> totals, TimeWindow window, int sign, CancellationToken cancellationToken)
    {
        var starts = await StatesAtAsync(connection, rolled, window.Start, cancellationToken);
        var inWindow = await TransitionsInAsync(connection, window, cancellationToken);
        var length = UnixMs.From(window.End) - UnixMs.From(window.Start);
        foreach (var (id, state) in starts)
        {
            if (!inWindow.ContainsKey(id))
            {
                var sums = Sums(totals, id);
                if (Slot(state) is >= 0 and var slot)
                {
                    sums[slot] += sign * length;
                }
            }
        }

        foreach (var (id, moves) in inWindow)
        {
            var deviceId = GbDeviceId.TryParse(id);
            if (!deviceId.Ok)
            {
                continue;
            }

            Add(Sums(totals, id), SecondsPerState(deviceId.Value!, starts.TryGetValue(id, out var known) ? known : null, moves, window), sign);
        }
    }

    /// <summary>
    /// <see cref="AvailabilityMath.SecondsPerState"/> for a stored camera: one without a known state at the window's
    /// start (no history yet) is counted from its first transition, not as unknown before it existed.
    /// </summary>
    private static CameraStateSeconds SecondsPerState(GbDeviceId id, HealthState? start, List<HealthTransition> moves, TimeWindow window) =>
        start is { } known || moves.Count == 0
            ? AvailabilityMath.SecondsPerState(id, start ?? HealthState.Unknown, moves, window)
            : AvailabilityMath.SecondsPerState(id, HealthState.Unknown, moves, new TimeWindow(moves[0].At, window.End));

    /// <summary>Adds (<paramref name="sign"/> 1) or subtracts (−1) one camera's seconds to its <see cref="Sums"/>.</summary>
    private static void Add(long[] sums, CameraStateSeconds s, int sign)
    {
        sums[0] += sign * Ms(s.Online);
        sums[1] += sign * Ms(s.Degraded);
        sums[2] += sign * Ms(s.Offline);
        sums[3] += sign * Ms(s.Unknown);
        sums[4] += sign * Ms(s.Maintenance);
        sums[5] += sign * s.Outages;
    }

    private static long Ms(double seconds) => (long)Math.Round(seconds * 1000);

    /// <summary>
    /// Each camera's state at <paramref name="at"/>. When the hour before is rolled up, its end states are the base and
    /// only the transitions since are read (transitions older than the retention may be gone); otherwise the target
    /// of each camera's last transition before <paramref name="at"/>.
    /// </summary>
    private static async Task<Dictionary<string, HealthState>> StatesAtAsync(SqliteConnection connection, DateTimeOffset? rolled, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, HealthState>(StringComparer.Ordinal);
        var hour = FloorHour(at);
        long since = long.MinValue;
        if (rolled is { } r && r >= hour)
        {
            // One row per camera (100k in a large county): read by hand, not through a Task per row.
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT device_id, end_state FROM health_rollups WHERE hour_ms = $prev";
            command.Parameters.AddWithValue("$prev", UnixMs.From(hour - Hour));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                map[reader.GetString(0)] = StoredLabels.State(reader.GetString(1));
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
