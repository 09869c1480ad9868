using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoRegistry.Core.Health;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;
using VideoRegistry.Storage.Import;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Worker.Reports;

public static class ReportServices
{
    /// <summary>
    /// Registry repositories, health stores and <see cref="ReportService"/>. TryAdd throughout: the monitor and the
    /// registry register the same services when they are in the host, and theirs win.
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICameraRepository, SqliteCameraRepository>();
        services.TryAddSingleton<IGridRepository, SqliteGridRepository>();
        services.TryAddSingleton<RegistryImporter>();
        services.TryAddSingleton<HealthStore>();
        services.TryAddSingleton<MaintenanceStore>();
        services.TryAddSingleton<AvailabilityStore>();
        services.TryAddSingleton<IAvailabilityReader>(sp => sp.GetRequiredService<AvailabilityStore>());
        services.TryAddSingleton(sp => new ReportService(
            sp.GetRequiredService<ICameraRepository>(), sp.GetRequiredService<IGridRepository>(), sp.GetRequiredService<HealthStore>(),
            sp.GetRequiredService<IAvailabilityReader>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IHealthView>())
        {
            Snapshots = sp.GetService<SnapshotStore>(),
        });
        return services;
    }
}
