using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;

namespace VideoRegistry.Storage.Tests.Health;

public sealed class HealthStoreTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-health-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _db;
    private readonly FakeTimeProvider _time = new(T0);

    public HealthStoreTests() => _db = new SqliteDatabase(Path.Combine(_dir, "test.db"));

    public async Task InitializeAsync() => await _db.MigrateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static GbDeviceId Id(int n) => GbDeviceId.Parse($"62062200001320{n:D6}");

    private static HealthTransition Tr(int n, double minutes, HealthState from, HealthState to, string reason = "x") =>
        new(Id(n), T0.AddMinutes(minutes), from, to, reason);

    [Fact]
    public async Task SaveAsync_TransitionsStatesProbes_RoundTrip()
    {
        var store = new HealthStore(_db);
        var health = new CameraHealth
        {
            DeviceId = Id(1),
            State = HealthState.Degraded,
            Since = T0,
            Reason = ProbeReason.Black,
            Faults = [ProbeReason.Black, ProbeReason.Frozen],
            LastSuccess = T0,
            LastProbe = T0.AddSeconds(1),
            Flapping = true,
        };
        var probe = new StoredProbe(Id(1), T0, new ProbeResult
        {
            Tier = ProbeTier.Stream,
            Ok = true,
            Duration = TimeSpan.FromMilliseconds(180),
            Stream = new StreamFacts { Codec = "h264", Width = 1920, Height = 1080, Fps = 25, BitRate = 4_000_000, FramesArrived = true },
        });

        await store.SaveAsync([Tr(1, 0, HealthState.Unknown, HealthState.Degraded, "black")], [health], [probe], default);
        await store.SaveAsync([], [health with { LastProbe = T0.AddSeconds(2) }], [], default);

        var states = await store.LoadStatesAsync(default);
        var loaded = Assert.Single(states);
        Assert.Equal(health with { LastProbe = T0.AddSeconds(2) }, loaded with { Faults = health.Faults });
        Assert.Equal([ProbeReason.Black, ProbeReason.Frozen], loaded.Faults);
        var transitions = await store.TransitionsAsync(Id(1), T0.AddHours(-1), T0.AddHours(1), default);
        Assert.Equal("black", Assert.Single(transitions).Reason);
        var latest = Assert.Single(await store.LatestProbesAsync(Id(1), default));
        Assert.Equal(1920, latest.Result.Stream!.Width);
        Assert.Equal("h264", latest.Result.Stream.Codec);
    }

    [Fact]
    public async Task Incidents_OpenClose_OnlyOpenListed()
    {
        var store = new HealthStore(_db);
        await store.OpenIncidentAsync(new MonitorIncident(1, "upstream", "62062200001180000001", T0, 25, ProbeReason.Refused), default);
        await store.OpenIncidentAsync(new MonitorIncident(2, "township", "古浪镇", T0, 30, ProbeReason.Timeout), default);
        await store.CloseIncidentAsync(1, T0.AddMinutes(5), default);

        var open = await store.IncidentsAsync(includeClosed: false, default);
        var all = await store.IncidentsAsync(includeClosed: true, default);

        Assert.Equal("古浪镇", Assert.Single(open).Incident.Scope);
        Assert.Equal(2, all.Count);
        Assert.Equal(T0.AddMinutes(5), all[0].ClosedAt);
        Assert.Equal(3, await store.NextIncidentIdAsync(default));
    }

    [Fact]
    public async Task Heartbeat_LastBeatKept()
    {
        var store = new HealthStore(_db);
        Assert.Null(await store.LastHeartbeatAsync(default));

        await store.BeatAsync(T0.AddSeconds(10), T0, default);
        await store.BeatAsync(T0.AddSeconds(20), T0, default);

        Assert.Equal(T0.AddSeconds(20), await store.LastHeartbeatAsync(default));
    }

    [Fact]
    public async Task Maintenance_AddListEnd()
    {
        var store = new MaintenanceStore(_db);
        var w1 = await store.AddAsync(MaintenanceScope.Township, "土门镇", T0, T0.AddHours(4), "线路改造 line work", T0, default);
        var w2 = await store.AddAsync(MaintenanceScope.Camera, Id(1).Value, T0, null, "镜头更换", T0, default);

        Assert.Equal(2, (await store.ListAsync(T0.AddHours(1), default)).Count);
        Assert.True(await store.EndAsync(w2.Id, T0.AddHours(2), default));
        Assert.False(await store.EndAsync(999, T0, default));

        var active = await store.ListAsync(T0.AddHours(3), default);
        Assert.Equal(w1.Id, Assert.Single(active).Id);
        Assert.Equal(T0.AddHours(2), (await store.ListAsync(null, default)).Single(w => w.Id == w2.Id).End);
    }

    [Fact]
    public async Task Rollup_ThenRead_SameAsFromTransitions_WindowCuttingThroughHours()
    {
        var store = new HealthStore(_db);
        var reader = new AvailabilityStore(_db, _time);
        // camera 1: online 00:00, offline 00:30, online 01:30, degraded 02:10. camera 2: online 00:15, maintenance 01:00–02:00.
        await store.SaveAsync(
            [
                Tr(1, 0, HealthState.Unknown, HealthState.Online),
                Tr(1, 30, HealthState.Online, HealthState.Offline),
                Tr(1, 90, HealthState.Offline, HealthState.Online),
                Tr(1, 130, HealthState.Online, HealthState.Degraded),
                Tr(2, 15, HealthState.Unknown, HealthState.Online),
                Tr(2, 60, HealthState.Online, HealthState.Maintenance),
                Tr(2, 120, HealthState.Maintenance, HealthState.Unknown),
            ],
            [],
            [],
            default);
        _time.SetUtcNow(T0.AddHours(3).AddMinutes(30));
        var from = T0.AddMinutes(20);
        var to = T0.AddMinutes(200);

        var before = (await reader.ReadAsync(from, to, default)).ToDictionary(s => s.DeviceId);
        Assert.Equal(3, await reader.RollupAsync(_time.GetUtcNow(), default));
        Assert.Equal(0, await reader.RollupAsync(_time.GetUtcNow(), default));
        var after = (await reader.ReadAsync(from, to, default)).ToDictionary(s => s.DeviceId);

        // camera 1 over 00:20–03:20: online 10 + 40 = 50 min, offline 60, degraded 70.
        Assert.Equal(50 * 60, after[Id(1)].Online, 6);
        Assert.Equal(60 * 60, after[Id(1)].Offline, 6);
        Assert.Equal(70 * 60, after[Id(1)].Degraded, 6);
        Assert.Equal(1, after[Id(1)].Outages);
        Assert.Equal(40 * 60, after[Id(2)].Online, 6);
        Assert.Equal(60 * 60, after[Id(2)].Maintenance, 6);
        Assert.Equal(80 * 60, after[Id(2)].Unknown, 6);
        foreach (var id in new[] { Id(1), Id(2) })
        {
            Assert.Equal(before[id], after[id]);
        }
    }

    [Fact]
    public async Task Read_ToInFuture_ClampedToNow()
    {
        var store = new HealthStore(_db);
        var reader = new AvailabilityStore(_db, _time);
        await store.SaveAsync([Tr(1, 0, HealthState.Unknown, HealthState.Online)], [], [], default);
        _time.SetUtcNow(T0.AddMinutes(10));

        var s = Assert.Single(await reader.ReadAsync(T0, T0.AddDays(1), default));

        Assert.Equal(600, s.Online, 6);
    }

    [Fact]
    public async Task Purge_KeepsUnrolledTransitions()
    {
        var store = new HealthStore(_db);
        var reader = new AvailabilityStore(_db, _time);
        await store.SaveAsync([Tr(1, 0, HealthState.Unknown, HealthState.Online), Tr(1, 150, HealthState.Online, HealthState.Offline)], [], [], default);
        _time.SetUtcNow(T0.AddHours(2).AddMinutes(10));
        await reader.RollupAsync(_time.GetUtcNow(), default);

        await reader.PurgeAsync(T0.AddDays(1), default);

        var left = await store.TransitionsAsync(null, T0.AddDays(-1), T0.AddDays(1), default);
        Assert.Equal(HealthState.Offline, Assert.Single(left).To);
        _time.SetUtcNow(T0.AddHours(3));
        var s = Assert.Single(await reader.ReadAsync(T0.AddHours(2), T0.AddHours(3), default));
        Assert.Equal(30 * 60, s.Online, 6);
        Assert.Equal(30 * 60, s.Offline, 6);
    }
}
