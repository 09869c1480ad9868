using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Worker.Metrics;

public static class MetricsServices
{
    /// <summary>
    /// /metrics: a private prometheus-net registry (only videoregistry_* families, so the output stays lint-clean),
    /// the probe telemetry the monitor calls, and the fleet snapshot with its cache refresher.
    /// </summary>
    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The registry the monitor and /metrics read; TryAdd so the API's registration (same type) wins when present.
        services.TryAddSingleton<ICameraRepository, SqliteCameraRepository>();
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton(sp => new ProbeTelemetry(sp.GetRequiredService<CollectorRegistry>()));
        services.RemoveAll<IMonitorTelemetry>();
        services.AddSingleton<IMonitorTelemetry>(sp => sp.GetRequiredService<ProbeTelemetry>());
        services.AddSingleton(sp => new SqliteGridCatalog(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton(sp =>
        {
            var grids = sp.GetRequiredService<SqliteGridCatalog>();
            var sources = new FleetSources(
                ct => sp.GetService<ICameraRepository>() is { } repo ? repo.ListAllAsync(ct) : Task.FromResult<IReadOnlyList<Camera>>([]),
                grids.ListAsync,
                sp.GetService<IHealthView>(),
                sp.GetService<IAvailabilityReader>());
            return new FleetMetrics(
                sp.GetRequiredService<CollectorRegistry>(),
                sources,
                sp.GetRequiredService<IOptions<MetricsOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FleetMetrics>>());
        });
        services.AddHostedService<MetricsRefreshService>();
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/metrics", async (HttpContext context, FleetMetrics metrics) =>
        {
            context.Response.ContentType = FleetMetrics.ContentType;
            // Serialise into memory first: a failed snapshot then answers 500 instead of a truncated 200.
            using var buffer = new MemoryStream();
            await metrics.WriteAsync(buffer, context.RequestAborted);
            buffer.Position = 0;
            await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
        }).ExcludeFromDescription();
        return app;
    }
}
