using Dapper;
using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;

namespace VideoRegistry.Storage.Tests.Health;

/// <summary>
/// The day-granular cumulative table against the hourly rollups and the transitions it is derived from, on a random
/// (fixed-seed) history of five days that starts mid-day, with millisecond-precision transition times.
/// </summary>
public sealed class CumulativeAvailabilityTests : IAsyncLifetime, IDisposable
{
    private const int Cameras = 12;
    private static readonly DateTimeOffset HistoryStart = new(2026, 11, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 6, 5, 20, 0, TimeSpan.Zero);
    private static readonly HealthState[] States = [HealthState.Online, HealthState.Degraded, HealthState.Offline, HealthState.Unknown, HealthState.Maintenance];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-cumulative-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _db;
    private readonly FakeTimeProvider _time = new(HistoryStart);
    private readonly List<HealthTransition> _history = [];

    public CumulativeAvailabilityTests() => _db = new SqliteDatabase(Path.Combine(_dir, "test.db"));

    public async Task InitializeAsync()
    {
        await _db.MigrateAsync();
        var random = new Random(20261101);
        for (var n = 0; n < Cameras; n++)
        {
            var at = HistoryStart;
            var state = HealthState.Unknown;
            while (at < Now)
            {
                var next = States[random.Next(States.Length)];
                if (next != state)
                {
                    _history.Add(new HealthTransition(Id(n), at, state, next, "x"));
                    state = next;
                }

                at = at.AddMilliseconds(random.Next(60_000, 6 * 3_600_000));
            }
        }

        await new HealthStore(_db).SaveAsync(_history, [], [], default);
        _time.SetUtcNow(Now);
        await new AvailabilityStore(_db, _time).RollupAsync(Now, default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Rollup_EveryCompletedDay_OneCumulativeRowPerCamera()
    {
        await using var connection = await _db.OpenAsync();
        var perDay = (await connection.QueryAsync<(long Day, long Rows)>("SELECT day_ms, COUNT(*) FROM health_cumulative GROUP BY day_ms ORDER BY day_ms")).ToList();

        // Boundaries 2026-11-02 … 2026-11-06; the first day (from 07:00) is partial, 11-06 is not complete yet.
        Assert.Equal(
            Enumerable.Range(2, 5).Select(d => new DateTimeOffset(2026, 11, d, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()),
            perDay.Select(r => r.Day));
        Assert.All(perDay, r => Assert.Equal(Cameras, r.Rows));
    }

    [Fact]
    public async Task Read_RandomHourAlignedPeriods_EqualSumOfHourlyRollups()
    {
        var reader = new AvailabilityStore(_db, _time);
        var random = new Random(7);
        var hours = (int)(AvailabilityStore.FloorHour(Now) - HistoryStart).TotalHours;
        var crossing = 0;
        for (var i = 0; i < 150; i++)
        {
            var a = random.Next(0, hours);
            var b = random.Next(a + 1, hours + 1);
            var from = HistoryStart.AddHours(a);
            var to = HistoryStart.AddHours(b);
            if (AvailabilityStore.CeilDay(from) < AvailabilityStore.FloorDay(to))
            {
                crossing++;
            }

            AssertSame(await HourlySumAsync(from, to), await reader.ReadAsync(from, to, default), $"{from:O} — {to:O}");
        }

        Assert.True(crossing > 50, $"only {crossing} periods contained a whole day");
    }

    [Fact]
    public async Task Read_RandomPeriodsCrossingDayBoundaries_EqualTransitions()
    {
        var reader = new AvailabilityStore(_db, _time);
        var random = new Random(11);
        var span = (long)(Now - HistoryStart).TotalMilliseconds;
        for (var i = 0; i < 60; i++)
        {
            var a = random.NextInt64(0, span - 1);
            var b = random.NextInt64(a + 1, span + 3_600_000);
            var from = HistoryStart.AddMilliseconds(a);
            var to = HistoryStart.AddMilliseconds(b);
            var window = new TimeWindow(from, to < Now ? to : Now);

            AssertSame(Truth(window), await reader.ReadAsync(from, to, default), $"{from:O} — {to:O}");
        }

        // A period of whole days from midnight to midnight: only cumulative rows, no hourly edge.
        var days = new TimeWindow(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero));
        AssertSame(Truth(days), await reader.ReadAsync(days.Start, days.End, default), "whole days");
    }

    [Fact]
    public async Task Read_CameraWithoutHistoryAtTheStart_CountedFromItsFirstTransition()
    {
        // The history starts at 07:00; a camera first seen at 09:40 has nothing (not even unknown) before.
        var late = GbDeviceId.Parse("62062200001329999999");
        var first = new DateTimeOffset(2026, 11, 3, 9, 40, 0, TimeSpan.Zero);
        await new HealthStore(_db).SaveAsync(
            [new HealthTransition(late, first, HealthState.Unknown, HealthState.Online, "x"), new HealthTransition(late, first.AddHours(30), HealthState.Online, HealthState.Offline, "x")],
            [],
            [],
            default);
        await using (var connection = await _db.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM health_rollups; DELETE FROM health_cumulative; DELETE FROM health_rollup_progress;");
        }

        var reader = new AvailabilityStore(_db, _time);
        await reader.RollupAsync(Now, default);

        var from = new DateTimeOffset(2026, 11, 2, 6, 15, 0, TimeSpan.Zero);
        var got = (await reader.ReadAsync(from, Now, default)).Single(s => s.DeviceId == late);
        Assert.Equal(30 * 3600, got.Online);
        Assert.Equal((Now - first.AddHours(30)).TotalSeconds, got.Offline, 6);
        Assert.Equal(0, got.Unknown);
        Assert.Equal(1, got.Outages);
    }

    /// <summary>Each camera from the later of the window's start and its first transition (absent if that is after the end).</summary>
    private IEnumerable<CameraStateSeconds> Truth(TimeWindow window)
    {
        for (var n = 0; n < Cameras; n++)
        {
            var moves = _history.Where(t => t.DeviceId == Id(n)).ToList();
            var start = moves[0].At > window.Start ? moves[0].At : window.Start;
            if (start < window.End)
            {
                yield return AvailabilityMath.SecondsPerState(Id(n), HealthState.Unknown, moves, new TimeWindow(start, window.End));
            }
        }
    }

    [Fact]
    public async Task Purge_CumulativeStaysConsistentWithKeptRollups()
    {
        var reader = new AvailabilityStore(_db, _time);
        var cut = new DateTimeOffset(2026, 11, 3, 9, 30, 0, TimeSpan.Zero);

        await reader.PurgeAsync(cut, default);

        await using (var connection = await _db.OpenAsync())
        {
            var firstDay = await connection.ExecuteScalarAsync<long>("SELECT MIN(day_ms) FROM health_cumulative");
            var firstHour = await connection.ExecuteScalarAsync<long>("SELECT MIN(hour_ms) FROM health_rollups");
            Assert.Equal(new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), firstDay);
            Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), firstHour);
        }

        // Periods starting before, at and after the retention cut: always the sum of the hourly rollups still kept.
        foreach (var (from, to) in new[]
        {
            (HistoryStart, AvailabilityStore.FloorHour(Now)),
            (new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 6, 0, 0, 0, TimeSpan.Zero)),
            (new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 5, 13, 0, 0, TimeSpan.Zero)),
            (new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 6, 3, 0, 0, TimeSpan.Zero)),
        })
        {
            AssertSame(await HourlySumAsync(from, to), await reader.ReadAsync(from, to, default), $"{from:O} — {to:O}");
        }
    }

    [Fact]
    public async Task Migration_OnFileWithRollupsOnly_BackfillsTheSameRowsAsTheRollupJob()
    {
        var reader = new AvailabilityStore(_db, _time);
        var from = new DateTimeOffset(2026, 11, 1, 18, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 11, 5, 21, 0, 0, TimeSpan.Zero);
        var incremental = await CumulativeRowsAsync();
        var before = await reader.ReadAsync(from, to, default);

        // Turn the file back into one written before migration 0011: hourly rollups, no cumulative table.
        await using (var connection = await _db.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                DROP TABLE health_cumulative;
                DROP INDEX ix_health_rollups_hour_device;
                DROP INDEX ix_camera_health_state;
                CREATE INDEX ix_health_rollups_hour ON health_rollups (hour_ms);
                DELETE FROM schema_migrations WHERE version IN (11, 12);
                """);
        }

        Assert.Equal(["0011_health_cumulative", "0012_health_cumulative_clustered"], await _db.MigrateAsync());

        Assert.Equal(incremental, await CumulativeRowsAsync());
        Assert.NotEmpty(incremental);
        AssertSame(before, await reader.ReadAsync(from, to, default), "after backfill");
    }

    private static GbDeviceId Id(int n) => GbDeviceId.Parse($"62062200001320{n:D6}");

    private async Task<List<CameraStateSeconds>> HourlySumAsync(DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = await _db.OpenAsync();
        var rows = await connection.QueryAsync<(string Id, double On, double Deg, double Off, double Unk, double Mnt, long Out)>(
            "SELECT device_id, SUM(online_s), SUM(degraded_s), SUM(offline_s), SUM(unknown_s), SUM(maintenance_s), SUM(outages) "
            + "FROM health_rollups WHERE hour_ms >= @A AND hour_ms < @B GROUP BY device_id",
            new { A = from.ToUnixTimeMilliseconds(), B = to.ToUnixTimeMilliseconds() });
        return [.. rows.Select(r => new CameraStateSeconds
        {
            DeviceId = GbDeviceId.Parse(r.Id), Online = r.On, Degraded = r.Deg, Offline = r.Off, Unknown = r.Unk, Maintenance = r.Mnt, Outages = (int)r.Out,
        })];
    }

    private async Task<List<string>> CumulativeRowsAsync()
    {
        await using var connection = await _db.OpenAsync();
        return [.. await connection.QueryAsync<string>(
            "SELECT day_ms || ' ' || device_id || ' ' || online_ms || ' ' || degraded_ms || ' ' || offline_ms || ' ' || unknown_ms || ' ' || maintenance_ms || ' ' || outages "
            + "FROM health_cumulative ORDER BY day_ms, device_id")];
    }

    private static void AssertSame(IEnumerable<CameraStateSeconds> expected, IEnumerable<CameraStateSeconds> actual, string period)
    {
        var want = expected.ToDictionary(s => s.DeviceId);
        var got = actual.ToDictionary(s => s.DeviceId);
        Assert.True(want.Keys.ToHashSet().SetEquals(got.Keys), $"{period}: cameras differ");
        foreach (var (id, e) in want)
        {
            var a = got[id];
            foreach (var (name, x, y) in new[]
            {
                ("online", e.Online, a.Online), ("degraded", e.Degraded, a.Degraded), ("offline", e.Offline, a.Offline),
                ("unknown", e.Unknown, a.Unknown), ("maintenance", e.Maintenance, a.Maintenance),
            })
            {
                Assert.True(Math.Abs(x - y) < 1e-6, $"{period} {id} {name}: expected {x}, got {y}");
            }

            Assert.True(e.Outages == a.Outages, $"{period} {id} outages: expected {e.Outages}, got {a.Outages}");
        }
    }
}
