using Microsoft.Extensions.Options;
using VideoRegistry.Storage;
using VideoRegistry.Worker.Api;
using VideoRegistry.Worker.Metrics;
using VideoRegistry.Worker.Monitoring;
using VideoRegistry.Worker.Probing;
using VideoRegistry.Worker.Registry;

namespace VideoRegistry.Worker.Hosting;

/// <summary>Builds the worker host: store, probing, scheduler, HTTP API and /metrics.</summary>
public static class ServiceHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = HostBuilderFactory.Create(args);
        builder.AddStorage();
        builder.AddRegistry();
        builder.AddProbing();
        builder.AddMonitoring();
        builder.AddMetrics();
        builder.AddApi();
        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapMetrics();
        app.MapApi();
        return app;
    }

    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Path));
        builder.Services.AddSingleton<MigrationService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MigrationService>());
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", (MigrationService migrations) => migrations.Ready
            ? Results.Ok(new { status = "ready" })
            : Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
