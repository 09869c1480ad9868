using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Worker.Metrics;

namespace VideoRegistry.Worker.Tests.Metrics;

/// <summary>A synthetic registry and a fake health view feeding a real <see cref="FleetMetrics"/> on a custom registry.</summary>
internal sealed class FleetFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Townships = ["古浪镇", "土门镇", "大靖镇", "黄羊川镇", "定宁镇"];

    public FleetFixture(bool perCamera = true)
    {
        Time = new FakeTimeProvider(Now);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Telemetry = new ProbeTelemetry(Registry);
        Metrics = new FleetMetrics(
            Registry,
            new FleetSources(_ => Task.FromResult<IReadOnlyList<Camera>>([.. Cameras]), _ => Task.FromResult<IReadOnlyList<Grid>>([.. Grids]), Health, Availability),
            Options.Create(new MetricsOptions { PerCamera = perCamera }),
            Time,
            NullLogger<FleetMetrics>.Instance);
    }

    public FakeTimeProvider Time { get; }

    public CollectorRegistry Registry { get; }

    public ProbeTelemetry Telemetry { get; }

    public FleetMetrics Metrics { get; }

    public List<Camera> Cameras { get; } = [];

    public List<Grid> Grids { get; } = [];

    public FakeHealthView Health { get; } = new();

    public FakeAvailability Availability { get; } = new();

    public static GbDeviceId Id(int serial, int type = 131) => GbDeviceId.Parse($"6206220000{type:000}0{serial:000000}");

    public static Camera Camera(int serial, CameraClass cls = CameraClass.I, string? township = null, string? grid = null, int? upstream = null, CameraLifecycle lifecycle = CameraLifecycle.Active) => new()
    {
        DeviceId = Id(serial),
        Name = $"{township ?? Townships[serial % Townships.Length]}人民路{serial}号",
        Class = cls,
        Township = township ?? Townships[serial % Townships.Length],
        Village = "城关村",
        Grid = grid ?? $"620622-G{serial % 50:000}",
        Location = GeoPoint.FromWgs84(102.6 + (serial % 1000) * 0.001, 37.0 + (serial % 900) * 0.001).Value,
        SiteType = serial % 3 == 0 ? "主要路段" : "居民小区",
        Stream = StreamEndpoint.Parse($"rtsp://admin:s3cret-pw@10.0.0.{serial % 250}:554/ok/{serial}"),
        Upstream = upstream is { } u ? Id(u, 118) : null,
        Lifecycle = lifecycle,
    };

    public Camera Add(int serial, HealthState? state, CameraClass cls = CameraClass.I, ProbeReason reason = ProbeReason.None, int? upstream = null, CameraLifecycle lifecycle = CameraLifecycle.Active, string? township = null)
    {
        var camera = Camera(serial, cls, township, upstream: upstream, lifecycle: lifecycle);
        Cameras.Add(camera);
        if (state is { } s)
        {
            Health.Set(new CameraHealth
            {
                DeviceId = camera.DeviceId,
                State = s,
                Since = Now.AddMinutes(-30),
                Reason = reason,
                Faults = reason.IsPictureFault() ? [reason] : [],
                LastSuccess = s == HealthState.Offline ? Now.AddMinutes(-31) : Now.AddSeconds(-20),
                LastProbe = Now.AddSeconds(-20),
            });
        }

        return camera;
    }

    public async Task<string> ScrapeAsync()
    {
        await Metrics.RefreshRegistryAsync(CancellationToken.None);
        await Metrics.RefreshAvailabilityAsync(CancellationToken.None);
        using var buffer = new MemoryStream();
        await Metrics.WriteAsync(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Dispose() => Metrics.Dispose();
}

internal sealed class FakeHealthView : IHealthView
{
    private readonly Dictionary<string, CameraHealth> _health = new(StringComparer.Ordinal);

    public List<MonitorIncident> Incidents { get; } = [];

    public void Set(CameraHealth health) => _health[health.DeviceId.Value] = health;

    public IReadOnlyList<CameraHealth> Snapshot() => [.. _health.Values];

    public CameraHealth? Get(GbDeviceId deviceId) => _health.GetValueOrDefault(deviceId.Value);

    public IReadOnlyList<MonitorIncident> OpenIncidents() => [.. Incidents];
}

/// <summary>Every camera 90% online, 10% offline over any window.</summary>
internal sealed class FakeAvailability : IAvailabilityReader
{
    public List<GbDeviceId> Cameras { get; } = [];

    public Task<IReadOnlyList<CameraStateSeconds>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var span = (to - from).TotalSeconds;
        return Task.FromResult<IReadOnlyList<CameraStateSeconds>>(
            [.. Cameras.Select(id => new CameraStateSeconds { DeviceId = id, Online = span * 0.9, Offline = span * 0.1 })]);
    }
}
