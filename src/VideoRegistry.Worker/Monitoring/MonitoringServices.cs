namespace VideoRegistry.Worker.Monitoring;

public static class MonitoringServices
{
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder) => builder;
}
