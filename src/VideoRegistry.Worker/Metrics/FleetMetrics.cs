using Microsoft.Extensions.Options;
using Prometheus;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Metrics;

/// <summary>Where /metrics reads from. Health and availability are optional: a host without a monitor shows the registry as unknown.</summary>
internal sealed record FleetSources(
    Func<CancellationToken, Task<IReadOnlyList<Camera>>> Cameras,
    Func<CancellationToken, Task<IReadOnlyList<Grid>>> Grids,
    IHealthView? Health,
    IAvailabilityReader? Availability);

/// <summary>
/// Serves /metrics: the camera list, grid catalogue and availability are cached (refreshed by
/// <see cref="MetricsRefreshService"/>); the health snapshot is taken once per scrape, aggregates are set on the
/// prometheus-net registry and per-camera series are written straight after it.
/// </summary>
internal sealed partial class FleetMetrics : IDisposable
{
    private static readonly (string Window, TimeSpan Length)[] AvailabilityWindows =
        [("24h", TimeSpan.FromHours(24)), ("7d", TimeSpan.FromDays(7)), ("30d", TimeSpan.FromDays(30))];

    private readonly CollectorRegistry _registry;
    private readonly FleetSources _sources;
    private readonly MetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FleetGauges _gauges;
    private readonly SemaphoreSlim _scrape = new(1, 1);
    private volatile RegistryData? _data;
    private volatile AvailabilitySums _availability = AvailabilitySums.Empty;

    public FleetMetrics(CollectorRegistry registry, FleetSources sources, IOptions<MetricsOptions> options, TimeProvider time, ILogger<FleetMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _sources = sources;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _gauges = new FleetGauges(registry, _options);
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public async Task RefreshRegistryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var cameras = await _sources.Cameras(cancellationToken);
            var grids = await _sources.Grids(cancellationToken);
            _data = new RegistryData(
                cameras,
                grids,
                cameras.ToDictionary(c => c.DeviceId.Value, StringComparer.Ordinal),
                _options.PerCamera ? [.. cameras.Select(CameraSeriesText.Render)] : []);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(_logger, "registry", ex);
        }
    }

    public async Task RefreshAvailabilityAsync(CancellationToken cancellationToken)
    {
        if (_sources.Availability is not { } reader || _data is not { } data)
        {
            return;
        }

        try
        {
            var now = _time.GetUtcNow();
            var cells = new Dictionary<(string, string, string), CameraStateSeconds>();
            foreach (var (window, length) in AvailabilityWindows)
            {
                var seconds = await reader.ReadAsync(now - length, now, cancellationToken);
                FleetSnapshot.AddAvailability(cells, window, data.ById, seconds);
            }

            _availability = new AvailabilitySums(cells);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(_logger, "availability", ex);
        }
    }

    /// <summary>One scrape: snapshot, aggregates, prometheus-net text, per-camera text.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        if (_data is null)
        {
            await RefreshRegistryAsync(cancellationToken);
        }

        await _scrape.WaitAsync(cancellationToken);
        try
        {
            var data = _data ?? RegistryData.Empty;
            var snapshot = TakeSnapshot(data);
            _gauges.Update(snapshot);
            await _registry.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText, cancellationToken);
            if (_options.PerCamera)
            {
                await PerCameraExposition.WriteAsync(output, snapshot, data.Texts, cancellationToken);
            }
        }
        finally
        {
            _scrape.Release();
        }
    }

    internal FleetSnapshot TakeSnapshot() => TakeSnapshot(_data ?? RegistryData.Empty);

    private FleetSnapshot TakeSnapshot(RegistryData data)
    {
        return FleetSnapshot.Build(
            data.Cameras,
            _sources.Health?.Snapshot() ?? [],
            data.Grids,
            _sources.Health?.OpenIncidents() ?? [],
            _availability);
    }

    public void Dispose() => _scrape.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: refreshing the {What} cache failed; keeping the previous one")]
    private static partial void LogRefreshFailed(ILogger logger, string what, Exception exception);

    /// <summary>The cached registry; <see cref="Texts"/> holds each camera's label text, rendered once per refresh (in camera order).</summary>
    private sealed record RegistryData(IReadOnlyList<Camera> Cameras, IReadOnlyList<Grid> Grids, IReadOnlyDictionary<string, Camera> ById, IReadOnlyList<CameraSeriesText> Texts)
    {
        public static RegistryData Empty { get; } = new([], [], new Dictionary<string, Camera>(), []);
    }
}
