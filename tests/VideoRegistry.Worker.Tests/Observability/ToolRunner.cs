using System.Diagnostics;

namespace VideoRegistry.Worker.Tests.Observability;

/// <summary>Runs promtool / prometheus / amtool with a deadline; fails clearly when the Debian package is missing.</summary>
internal static class ToolRunner
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Require(string name)
    {
        var path = Path.Combine("/usr/bin", name);
        Assert.True(File.Exists(path), $"{path} is missing: install the Debian package (config/scripts/install-deps.sh installs prometheus and promtool)");
        return path;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, int timeoutSeconds = 60)
    {
        var psi = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', psi.ArgumentList)} ran past {timeoutSeconds}s");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VideoRegistry.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("VideoRegistry.sln not found above " + AppContext.BaseDirectory);
    }
}
