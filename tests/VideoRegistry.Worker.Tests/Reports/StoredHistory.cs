using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Worker.Tests.Reports;

/// <summary>
/// The hand-checked assessment day of the Core report tests, written into a real SQLite file the way the monitor
/// writes it (transitions by a fake clock, the 06:00–07:00 monitor outage as monitor_down/resumed transitions) and
/// rolled up to 15:00, so a report reads hourly rollups for the morning and raw transitions for the rest.
/// A (甲镇 I G1): offline since 10-31 22:00, back 02:00, offline again 20:00 (repaired 11-02 01:00, after the day).
/// B (甲镇 II G1): online, maintenance 10:00–14:00. C (乙镇 I G2): black 08–12, offline 12–13, online.
/// D (乙镇 III): registered, never seen. E (乙镇 I G2): decommissioned.
/// </summary>
public sealed class StoredHistory : IAsyncLifetime
{
    public static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-report-" + Guid.NewGuid().ToString("N"));

    public string DbPath => Path.Combine(_dir, "history.db");

    public SqliteDatabase Database { get; private set; } = null!;

    /// <summary>The day after, noon: every figure of the day is final.</summary>
    public FakeTimeProvider Clock { get; } = new(Day.AddHours(36));

    public static GbDeviceId Id(char camera) => GbDeviceId.Parse($"6206220000131000{camera - 'A' + 1:D4}");

    public static DateTimeOffset At(double hours) => Day.AddHours(hours);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Database = new SqliteDatabase(DbPath);
        await Database.MigrateAsync();
        await new SqliteCameraRepository(Database, Clock).UpsertAsync(
        [
            Camera('A', CameraClass.I, "甲镇", "G1"),
            Camera('B', CameraClass.II, "甲镇", "G1"),
            Camera('C', CameraClass.I, "乙镇", "G2"),
            Camera('D', CameraClass.III, "乙镇", null),
            Camera('E', CameraClass.I, "乙镇", "G2") with { Lifecycle = CameraLifecycle.Decommissioned },
        ], null, default);

        var writer = new FakeTimeProvider(At(-48));
        var transitions = new List<HealthTransition>();
        void Move(char c, HealthState from, HealthState to, string reason) => transitions.Add(new HealthTransition(Id(c), writer.GetUtcNow(), from, to, reason));
        void AdvanceTo(double hours) => writer.SetUtcNow(At(hours));

        foreach (var c in "ABC")
        {
            Move(c, HealthState.Unknown, HealthState.Online, TransitionReasons.Recovered);       // 10-30 00:00
        }

        AdvanceTo(-2);
        Move('A', HealthState.Online, HealthState.Offline, "timeout");                            // 10-31 22:00
        AdvanceTo(2);
        Move('A', HealthState.Offline, HealthState.Online, TransitionReasons.Recovered);
        AdvanceTo(6);
        foreach (var c in "ABC")
        {
            Move(c, HealthState.Online, HealthState.Unknown, TransitionReasons.MonitorDown);
        }

        AdvanceTo(7);
        foreach (var c in "ABC")
        {
            Move(c, HealthState.Unknown, HealthState.Online, TransitionReasons.Resumed);
        }

        AdvanceTo(8);
        Move('C', HealthState.Online, HealthState.Degraded, "black");
        AdvanceTo(10);
        Move('B', HealthState.Online, HealthState.Maintenance, TransitionReasons.Maintenance);
        AdvanceTo(12);
        Move('C', HealthState.Degraded, HealthState.Offline, "refused");
        AdvanceTo(13);
        Move('C', HealthState.Offline, HealthState.Online, TransitionReasons.Recovered);
        AdvanceTo(14);
        Move('B', HealthState.Maintenance, HealthState.Online, TransitionReasons.MaintenanceEnded);
        AdvanceTo(20);
        Move('A', HealthState.Online, HealthState.Offline, "timeout");
        AdvanceTo(25);
        Move('A', HealthState.Offline, HealthState.Online, TransitionReasons.Recovered);
        AdvanceTo(30);
        Move('A', HealthState.Online, HealthState.Offline, "refused");

        await new HealthStore(Database).SaveAsync(transitions,
        [
            new CameraHealth { DeviceId = Id('A'), State = HealthState.Offline, Since = At(30), Reason = ProbeReason.Refused, LastSuccess = At(29.9) },
            new CameraHealth { DeviceId = Id('B'), State = HealthState.Online, Since = At(14), LastSuccess = At(35) },
            new CameraHealth { DeviceId = Id('C'), State = HealthState.Online, Since = At(13), LastSuccess = At(35) },
        ], [], default);
        var rolled = await new AvailabilityStore(Database, Clock).RollupAsync(At(15), default);
        Assert.Equal(63, rolled);   // 10-30 00:00 → 11-01 15:00
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private static Camera Camera(char c, CameraClass cls, string township, string? grid) => new()
    {
        DeviceId = Id(c),
        Name = $"{township}摄像机{c}",
        Class = cls,
        Township = township,
        Village = township + "村",
        Grid = grid,
        Location = GeoPoint.FromWgs84(103.1, 37.5).Value,
    };
}
