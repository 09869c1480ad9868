namespace VideoRegistry.Storage.Tests;

public class MigrationTests
{
    [Fact]
    public async Task MigrateAsync_FreshFile_AppliesAllAndCreatesTables()
    {
        using var store = new TempStore();
        var applied = await store.Database.MigrateAsync();
        Assert.Equal(MigrationRunner.Embedded.Count, applied.Count);
        Assert.Contains("0001_registry", applied);
        Assert.Contains("0002_import_audit", applied);
        foreach (var table in new[] { "cameras", "grids", "camera_credentials", "import_runs", "import_changes" })
        {
            Assert.Equal(1, await store.ScalarAsync($"SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='{table}'"));
        }
    }

    [Fact]
    public async Task MigrateAsync_ExistingFile_AppliesNothingAndKeepsData()
    {
        using var store = await TempStore.CreateAsync();
        await store.Cameras.UpsertAsync(Registry.SampleCameras.Many(5), null, default);

        var reopened = new SqliteDatabase(store.Database.Path);
        var applied = await reopened.MigrateAsync();

        Assert.Empty(applied);
        Assert.Equal(5, await store.ScalarAsync("SELECT COUNT(*) FROM cameras"));
        Assert.Equal(MigrationRunner.Embedded.Count, await store.ScalarAsync("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task OpenAsync_UsesWalAndForeignKeys()
    {
        using var store = await TempStore.CreateAsync();
        await using var connection = await store.Database.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, (long?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Embedded_RegistryMigrationsStayInTheirRange()
    {
        var registry = MigrationRunner.Embedded.Where(m => m.Name.StartsWith("registry", StringComparison.Ordinal) || m.Name.StartsWith("import", StringComparison.Ordinal));
        Assert.All(registry, m => Assert.InRange(m.Version, 1, 9));
    }
}
