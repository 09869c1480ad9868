using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Worker.Tests.Monitoring;

/// <summary>
/// The built <c>videoregistry serve</c> as a child process against the real RTSP simulator and a real SQLite file,
/// with 2-second L1 sweeps: unknown→online, offline after exactly N failed sweeps with the right reason, SIGKILL and
/// restart without losing stored transitions (the gap recorded as unknown), and a dead simulator opening one incident
/// instead of marking every camera offline.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ServeEndToEndTests : IDisposable
{
    private const int FailuresToOffline = 3;
    private const string Township = "古浪镇";
    private const string OtherTownship = "土门镇";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly List<ChildProcess> _children = [];

    public ServeEndToEndTests() => Directory.CreateDirectory(_dir);

    private string DbPath => Path.Combine(_dir, "monitor.db");

    private static GbDeviceId Id(int n) => GbDeviceId.Parse($"62062200001320{n:D6}");

    [Fact]
    public async Task Serve_RealSimulator_HysteresisKillRestartAndIncident()
    {
        var rtsp = ChildProcess.FreeTcpPort();
        var hung = ChildProcess.FreeTcpPort();
        var simulator = StartSimulator(rtsp, hung);
        await simulator.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var database = new SqliteDatabase(DbPath);
        await database.MigrateAsync();
        var cameras = Enumerable.Range(1, 20).Select(n => (Id(n), Township, $"rtsp://127.0.0.1:{rtsp}/ok/{n}")).ToList();
        cameras.Add((Id(100), OtherTownship, $"rtsp://127.0.0.1:{rtsp}/ok/100"));
        await InsertCamerasAsync(database, cameras);

        // 1. unknown → online.
        var worker = StartWorker();
        await WaitUntilAsync(async () => (await StatesAsync(database)).Count(s => s.Value == "online") == 21, TimeSpan.FromSeconds(30), worker);
        var first = (await TransitionsAsync(database)).Where(t => t.DeviceId == Id(100).Value).ToList();
        Assert.Equal(("unknown", "online"), (first[0].FromState, first[0].ToState));

        // 2. fault path → offline after exactly N failed sweeps, reason not_found.
        await ExecAsync(database, "UPDATE cameras SET stream_url = @Url WHERE device_id = @Id", new { Url = $"rtsp://127.0.0.1:{rtsp}/missing/100", Id = Id(100).Value });
        await WaitUntilAsync(async () => (await StatesAsync(database))[Id(100).Value] == "offline", TimeSpan.FromSeconds(30), worker);
        var offline = (await TransitionsAsync(database)).Last(t => t.DeviceId == Id(100).Value);
        Assert.Equal(("online", "offline", "not_found"), (offline.FromState, offline.ToState, offline.Reason));
        var lines = worker.Lines.ToList();
        var transitionLine = lines.FindIndex(l => l.Contains($"Camera {Id(100).Value}: online -> offline (not_found)", StringComparison.Ordinal));
        Assert.True(transitionLine >= 0, worker.Output);
        var failedSweepsBefore = lines.Take(transitionLine).Count(l => l.Contains("Sweep sweep-l1: 21 cameras", StringComparison.Ordinal) && l.Contains(" 1 failed", StringComparison.Ordinal));
        // The N-th failing sweep makes the transition; its summary line follows the transition line.
        Assert.Equal(FailuresToOffline - 1, failedSweepsBefore);

        // 3. SIGKILL, wait, restart: every stored transition survives and the gap is unknown for every camera.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var storedBeforeKill = await TransitionsAsync(database);
        worker.KillHard();
        var killedAt = DateTimeOffset.UtcNow;
        var lastBeat = (await new HealthStore(database).LastHeartbeatAsync(default))!.Value;
        Assert.True(lastBeat <= killedAt);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var restarted = StartWorker();
        await restarted.WaitForLineAsync(l => l.Contains("Monitor started", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var afterRestart = await TransitionsAsync(database);
        Assert.Equal(storedBeforeKill, afterRestart.Take(storedBeforeKill.Count));
        var down = afterRestart.Skip(storedBeforeKill.Count).Where(t => t.Reason == TransitionReasons.MonitorDown).ToList();
        Assert.Equal(21, down.Count);
        Assert.All(down, t => Assert.Equal("unknown", t.ToState));
        Assert.All(down, t => Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(t.AtMs), lastBeat, killedAt));
        var gap = Assert.Single(await new HealthStore(database).GapsAsync(default));
        Assert.True(gap.Length >= TimeSpan.FromSeconds(2.5), $"gap {gap.Length}");
        var seconds = await new AvailabilityStore(database, TimeProvider.System).ReadAsync(gap.Start, gap.End, default);
        Assert.All(seconds, s => Assert.Equal(gap.Length.TotalSeconds, s.Unknown, 1));
        Assert.All(seconds, s => Assert.Equal(0, s.Offline + s.Online));

        // 4. The simulator dies: one incident for the township, not 20 offline cameras.
        await WaitUntilAsync(async () => (await StatesAsync(database)).Count(s => s.Value == "online") == 20, TimeSpan.FromSeconds(20), restarted);
        Assert.True(await simulator.TerminateAsync(TimeSpan.FromSeconds(10)));
        await WaitUntilAsync(async () => (await new HealthStore(database).IncidentsAsync(true, default)).Count > 0, TimeSpan.FromSeconds(20), restarted);
        await Task.Delay(Interval * (FailuresToOffline + 1));
        var incidents = await new HealthStore(database).IncidentsAsync(includeClosed: true, default);
        var incident = Assert.Single(incidents);
        Assert.Equal(("township", Township), (incident.Incident.Kind, incident.Incident.Scope));
        Assert.Null(incident.ClosedAt);
        var states = await StatesAsync(database);
        Assert.All(Enumerable.Range(1, 20), n => Assert.Equal("unknown", states[Id(n).Value]));

        // 5. Graceful stop: exits by itself with the state flushed.
        Assert.True(await restarted.TerminateAsync(TimeSpan.FromSeconds(20)), restarted.Output);
        Assert.Equal(0, restarted.ExitCode);
        Assert.Contains(restarted.Lines, l => l.Contains("Monitor stopped", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var child in _children)
        {
            child.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ChildProcess StartSimulator(int rtsp, int hung)
    {
        var script = Path.Combine(RepoRoot(), "tests", "fixtures", "camera-simulator", "camera_simulator.py");
        var child = new ChildProcess("/usr/bin/python3", [script, "--port", rtsp.ToString(CultureInfo.InvariantCulture), "--hung-port", hung.ToString(CultureInfo.InvariantCulture)], _dir);
        _children.Add(child);
        return child;
    }

    private ChildProcess StartWorker()
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "videoregistry");
        string[] args =
        [
            "serve", "--db", DbPath, "--urls", "http://127.0.0.1:0",
            $"--Monitoring:ReachInterval={Interval:c}",
            "--Monitoring:ReachDeadline=00:00:01",
            $"--Monitoring:FailuresToOffline={FailuresToOffline}",
            "--Monitoring:RegistryReloadInterval=00:00:01",
            "--Monitoring:HeartbeatInterval=00:00:01",
            "--Monitoring:FlushInterval=00:00:00.200",
            "--Monitoring:StreamEnabled=false",
            "--Monitoring:PictureEnabled=false",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Quartz=Warning",
            "--Logging:LogLevel:Microsoft=Warning",
        ];
        var child = new ChildProcess(exe, args, _dir);
        _children.Add(child);
        return child;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VideoRegistry.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static async Task InsertCamerasAsync(SqliteDatabase database, IEnumerable<(GbDeviceId Id, string Township, string Url)> cameras)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync();
        foreach (var (id, township, url) in cameras)
        {
            await connection.ExecuteAsync(
                "INSERT INTO cameras (device_id, name, camera_class, township, stream_url, lifecycle, created_at, updated_at) VALUES (@Id, @Name, 1, @Township, @Url, 'active', @Now, @Now)",
                new { Id = id.Value, Name = $"{township} 测试点 {id.Serial}", Township = township, Url = url, Now = now });
        }
    }

    private static async Task ExecAsync(SqliteDatabase database, string sql, object args)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    private static async Task<Dictionary<string, string>> StatesAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string Id, string State)>("SELECT device_id, state FROM camera_health")).ToDictionary(r => r.Id, r => r.State);
    }

    private static async Task<List<StoredTransition>> TransitionsAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<StoredTransition>(
            "SELECT id AS Id, device_id AS DeviceId, at_ms AS AtMs, from_state AS FromState, to_state AS ToState, reason AS Reason FROM health_transitions ORDER BY id")];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, ChildProcess worker)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return;
            }

            Assert.False(worker.HasExited, "worker exited:\n" + worker.Output);
            await Task.Delay(100);
        }

        Assert.Fail($"condition not met within {timeout}; worker output:\n{worker.Output}");
    }

    private sealed record StoredTransition(long Id, string DeviceId, long AtMs, string FromState, string ToState, string Reason);
}
