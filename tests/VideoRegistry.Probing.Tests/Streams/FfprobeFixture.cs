using System.Globalization;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Tests.Streams;

/// <summary>One saved real ffprobe run from tests/fixtures/ffprobe (see generate.sh there).</summary>
internal sealed record FfprobeFixture(string Name, string StandardOutput, string StandardError, int ExitCode, TimeSpan Elapsed, TimeSpan IoTimeout)
{
    public static string Directory { get; } = Locate();

    public static bool Exists(string name) => File.Exists(Path.Combine(Directory, name + ".meta"));

    public static FfprobeFixture Load(string name)
    {
        var meta = File.ReadAllText(Path.Combine(Directory, name + ".meta")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        return new FfprobeFixture(
            name,
            File.ReadAllText(Path.Combine(Directory, name + ".stdout.json")),
            File.ReadAllText(Path.Combine(Directory, name + ".stderr.txt")),
            meta["exit"],
            TimeSpan.FromMilliseconds(meta["elapsed_ms"]),
            TimeSpan.FromMilliseconds(meta["io_timeout_ms"]));
    }

    /// <summary>As the prober would see it, with a deadline well beyond the socket timeout that did not fire.</summary>
    public FfprobeRun Run() => new(ExitCode, StandardError, Elapsed, DeadlineFired: false, Deadline: TimeSpan.FromSeconds(10), IoTimeout);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "ffprobe");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/fixtures/ffprobe not found above " + AppContext.BaseDirectory);
    }
}
