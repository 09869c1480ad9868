using VideoRegistry.Storage;
using VideoRegistry.Storage.Export;
using VideoRegistry.Storage.Import;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Worker.Cli;

/// <summary>The registry store the import, export and demo verbs work on, without building the service host.</summary>
internal sealed class RegistryStore
{
    private RegistryStore(SqliteDatabase database)
    {
        Database = database;
        Cameras = new SqliteCameraRepository(database, TimeProvider.System);
        Grids = new SqliteGridRepository(database, TimeProvider.System);
    }

    public SqliteDatabase Database { get; }

    public SqliteCameraRepository Cameras { get; }

    public SqliteGridRepository Grids { get; }

    public RegistryImporter Importer => new(Cameras, Grids);

    public RegistryExporter Exporter => new(Cameras, Grids);

    /// <summary><c>--db</c> if given, else Storage:Path from appsettings.json / environment, else var/videoregistry.db.</summary>
    public static string ResolvePath(string? db)
    {
        if (!string.IsNullOrWhiteSpace(db))
        {
            return Path.GetFullPath(db);
        }

        var config = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return Path.GetFullPath(config["Storage:Path"] ?? "var/videoregistry.db");
    }

    /// <summary>The store at <paramref name="path"/>; its schema is brought up to date when <paramref name="migrate"/>.</summary>
    public static async Task<RegistryStore> OpenAsync(string path, bool migrate, CancellationToken cancellationToken)
    {
        var store = new RegistryStore(new SqliteDatabase(path));
        if (migrate)
        {
            await store.Database.MigrateAsync(cancellationToken);
        }

        return store;
    }
}
