using VideoRegistry.Storage;

namespace VideoRegistry.Worker.Hosting;

/// <summary>Brings the store's schema up to date before anything else runs.</summary>
public sealed partial class MigrationService(SqliteDatabase database, ILogger<MigrationService> logger) : IHostedService
{
    public bool Ready { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await database.MigrateAsync(cancellationToken);
        LogMigrated(logger, database.Path, applied.Count);
        Ready = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {Path} ready, {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, string path, int count);
}
