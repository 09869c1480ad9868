using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Storage.Tests;

/// <summary>A real SQLite file in its own temp directory, deleted on dispose.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Directory = Path.Combine(Path.GetTempPath(), "vr-storage-" + Guid.NewGuid().ToString("N"));
        Database = new SqliteDatabase(Path.Combine(Directory, "registry.db"));
        Cameras = new SqliteCameraRepository(Database, Time);
        Grids = new SqliteGridRepository(Database, Time);
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public SqliteDatabase Database { get; }

    public SqliteCameraRepository Cameras { get; }

    public SqliteGridRepository Grids { get; }

    public static async Task<TempStore> CreateAsync()
    {
        var store = new TempStore();
        await store.Database.MigrateAsync();
        return store;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
