using Microsoft.Extensions.Options;

namespace VideoRegistry.Worker.Metrics;

/// <summary>Keeps the /metrics caches warm: camera list and grids every RegistryRefresh, availability every AvailabilityRefresh.</summary>
internal sealed class MetricsRefreshService(FleetMetrics metrics, IOptions<MetricsOptions> options, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        LoopAsync(options.Value.RegistryRefresh, metrics.RefreshRegistryAsync, stoppingToken),
        LoopAsync(options.Value.AvailabilityRefresh, metrics.RefreshAvailabilityAsync, stoppingToken));

    private async Task LoopAsync(TimeSpan period, Func<CancellationToken, Task> refresh, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(period, time);
            do
            {
                await refresh(ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
