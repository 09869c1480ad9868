using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Export;
using VideoRegistry.Storage.Import;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Worker.Registry;

public static class RegistryServices
{
    /// <summary>The camera registry and grid catalogue on the SQLite store, with their importer and exporter.</summary>
    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICameraRepository, SqliteCameraRepository>();
        services.TryAddSingleton<IGridRepository, SqliteGridRepository>();
        services.TryAddSingleton<RegistryImporter>();
        services.TryAddSingleton<RegistryExporter>();
        return builder;
    }
}
