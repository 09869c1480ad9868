using System.CommandLine;
using Dapper;
using Microsoft.Data.Sqlite;
using VideoRegistry.Storage;
using VideoRegistry.Worker.Cli;

namespace VideoRegistry.Worker.Tests.Cli;

/// <summary>Runs `videoregistry` verbs in-process through the real parser, capturing stdout and stderr.</summary>
internal static class RegistryCli
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    public static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var connection = await new SqliteDatabase(db).OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VideoRegistry.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static string NewTempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void DeleteTempDir(string dir)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The demo county seeded once (with its CSVs written) for the tests that only read it.</summary>
public sealed class DemoStoreFixture : IAsyncLifetime
{
    public string Dir { get; } = RegistryCli.NewTempDir("vr-demo-");

    public string Db => Path.Combine(Dir, "demo.db");

    public string CsvDir => Path.Combine(Dir, "csv");

    public string Output { get; private set; } = string.Empty;

    public string Error { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var (exit, output, error) = await RegistryCli.RunAsync("demo", "--db", Db, "--write-csv", CsvDir);
        if (exit != 0)
        {
            throw new InvalidOperationException($"demo exited {exit}: {error}");
        }

        Output = output;
        Error = error;
    }

    public Task DisposeAsync()
    {
        RegistryCli.DeleteTempDir(Dir);
        return Task.CompletedTask;
    }
}
