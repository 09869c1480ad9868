using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using VideoRegistry.Worker.Probing;
using VideoRegistry.Worker.Reports;

namespace VideoRegistry.Worker.Api;

/// <summary>
/// The HTTP API under /api (minimal APIs): cameras, maintenance windows and reports, with problem+json errors, an
/// OpenAPI document at /openapi/v1.json, <c>X-Api-Key</c> on writes (and on reads when configured) and body limits.
/// </summary>
public static class ApiServices
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddReports();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        // Kestrel's own cap is the upload limit; each endpoint enforces its smaller limit itself (ApiBodies).
        var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(api.MaxUploadBytes, api.MaxBodyBytes));
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();

        var api = app.MapGroup("/api");
        var reads = api.MapGroup(string.Empty).AddEndpointFilter(new ApiKeyFilter(write: false)).WithTags("read");
        var writes = api.MapGroup(string.Empty).AddEndpointFilter(new ApiKeyFilter(write: true)).WithTags("write");
        CameraEndpoints.Map(reads, writes);
        MaintenanceEndpoints.Map(reads, writes);
        ReportEndpoints.Map(reads);
        reads.MapSnapshotEndpoint(prefix: string.Empty);

        if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.Keys.All(string.IsNullOrEmpty))
        {
            app.Logger.LogWarning("No API keys configured (Api:Keys): every write through the HTTP API is refused");
        }

        return app;
    }
}
