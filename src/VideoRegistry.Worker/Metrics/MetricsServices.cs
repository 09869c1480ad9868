namespace VideoRegistry.Worker.Metrics;

public static class MetricsServices
{
    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapMetrics(this WebApplication app) => app;
}
