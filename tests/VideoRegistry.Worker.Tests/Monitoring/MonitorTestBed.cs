using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;
using VideoRegistry.Worker.Monitoring;

namespace VideoRegistry.Worker.Tests.Monitoring;

/// <summary>A camera list as a repository (the monitor's input), for dispatcher tests.</summary>
internal sealed class ListCameraRepository(IReadOnlyList<Camera> cameras) : ICameraRepository
{
    public Task<Camera?> GetAsync(GbDeviceId deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(cameras.FirstOrDefault(c => c.DeviceId == deviceId));

    public Task<IReadOnlyList<Camera>> ListAllAsync(CancellationToken cancellationToken) => Task.FromResult(cameras);

    // The monitor only reads the whole list; the write and paging side belongs to the real store.
    public Task<IReadOnlyList<Camera>> ListAsync(CameraQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> CountAsync(CameraQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UpsertSummary> UpsertAsync(IReadOnlyList<Camera> cameras, ImportAudit? audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DecommissionAsync(GbDeviceId deviceId, string changedBy, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>A prober whose answer per URL the test decides; counts calls and concurrency.</summary>
internal sealed class ScriptedProber(ProbeTier tier, Func<StreamEndpoint, ProbeResult> answer, TimeSpan delay) : IStreamProber
{
    private int _inFlight;

    public ProbeTier Tier => tier;

    public int MaxInFlight;

    public ConcurrentQueue<string> Probed { get; } = new();

    public async Task<ProbeResult> ProbeAsync(StreamEndpoint endpoint, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref MaxInFlight, now);
        try
        {
            Probed.Enqueue(endpoint.Redacted);
            await Task.Delay(delay, cancellationToken);
            return answer(endpoint);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

internal sealed class RecordingTelemetry : IMonitorTelemetry
{
    public int Started;
    public int Finished;

    public ConcurrentQueue<TimeSpan> Lags { get; } = new();

    public void ProbeStarted(ProbeTier tier) => Interlocked.Increment(ref Started);

    public void ProbeFinished(ProbeResult result) => Interlocked.Increment(ref Finished);

    public void SweepLag(ProbeTier tier, TimeSpan lag) => Lags.Enqueue(lag);
}

internal sealed class MonitorTestBed : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-mon-" + Guid.NewGuid().ToString("N"));

    private MonitorTestBed(IReadOnlyList<Camera> cameras, MonitoringOptions options, IStreamProber[] probers, SnapshotStore? snapshots = null)
    {
        Database = new SqliteDatabase(Path.Combine(_dir, "monitor.db"));
        Store = new HealthStore(Database);
        Telemetry = new RecordingTelemetry();
        var opts = Options.Create(options);
        Monitor = new CameraMonitor(opts, Store, new MaintenanceStore(Database), new ListCameraRepository(cameras), Telemetry, TimeProvider.System, NullLogger<CameraMonitor>.Instance, snapshots);
        Dispatcher = new ProbeDispatcher(Monitor, probers, Telemetry, TimeProvider.System, opts, NullLogger<ProbeDispatcher>.Instance);
    }

    public SqliteDatabase Database { get; }

    public HealthStore Store { get; }

    public RecordingTelemetry Telemetry { get; }

    public CameraMonitor Monitor { get; }

    public ProbeDispatcher Dispatcher { get; }

    public static Task<MonitorTestBed> StartAsync(IReadOnlyList<Camera> cameras, MonitoringOptions options, params IStreamProber[] probers) =>
        StartAsync(cameras, options, null, probers);

    /// <summary>With a snapshot store, so L3 results keep their evidence.</summary>
    public static async Task<MonitorTestBed> StartAsync(IReadOnlyList<Camera> cameras, MonitoringOptions options, SnapshotStore? snapshots, params IStreamProber[] probers)
    {
        var bed = new MonitorTestBed(cameras, options, probers, snapshots);
        await bed.Database.MigrateAsync();
        await bed.Monitor.StartAsync(default);
        bed.Dispatcher.Start();
        return bed;
    }

    public static Camera Camera(int n, string path, string township = "古浪镇") => new()
    {
        DeviceId = GbDeviceId.Parse($"62062200001320{n:D6}"),
        Name = $"camera {n}",
        Class = CameraClass.I,
        Township = township,
        Stream = StreamEndpoint.TryParse($"rtsp://127.0.0.1:8554/{path}").Value,
    };

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
