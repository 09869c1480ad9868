using System.Diagnostics;
using System.Globalization;
using VideoRegistry.Probing.Processes;

namespace VideoRegistry.Probing.Benchmarks;

/// <summary>
/// Not a test. How exact and how cheap <see cref="ChildProcessRunner"/> is: (1) its CPU figure against the child's own
/// kernel accounting (a Python child that burns CPU itself and in a grandchild, then prints getrusage of itself and
/// of its reaped children); (2) wall and CPU per run of <c>/bin/true</c> through the runner versus a bare
/// <see cref="Process"/>. Arguments: [--runs 20].
/// </summary>
public static class RunnerBenchmark
{
    private const string Python = "/usr/bin/python3";

    private const string BusyChild =
        "import resource, subprocess, sys\n" +
        "x = 0\n" +
        "for i in range(int(sys.argv[1])): x += i * i\n" +
        "subprocess.run([sys.executable, '-c', 'x = sum(i * i for i in range(' + sys.argv[1] + '))'])\n" +
        "s = resource.getrusage(resource.RUSAGE_SELF); c = resource.getrusage(resource.RUSAGE_CHILDREN)\n" +
        "print(s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime)\n";

    public static async Task RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--runs");
        var runs = at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 20;

        Console.WriteLine("CPU accuracy: runner figure vs the child's own getrusage (self + reaped children)");
        Console.WriteLine($"{"loop",10} {"child says s",13} {"runner says s",14} {"diff ms",8}");
        foreach (var loop in new[] { 1_000_000, 3_000_000, 6_000_000 })
        {
            var result = await ChildProcessRunner.RunAsync(Python, ["-c", BusyChild, loop.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(2), CancellationToken.None);
            var own = double.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
            Console.WriteLine($"{loop,10} {own,13:F3} {result.CpuSeconds,14:F3} {(result.CpuSeconds!.Value - own) * 1000,8:F0}");
        }

        var self = Process.GetCurrentProcess();
        var (runnerWall, runnerChildCpu, runnerOwnCpu) = await MeasureAsync(self, runs, async () =>
            (await ChildProcessRunner.RunAsync("/bin/true", [], TimeSpan.FromSeconds(10), CancellationToken.None)).CpuSeconds ?? 0);
        var (bareWall, _, bareOwnCpu) = await MeasureAsync(self, runs, async () =>
        {
            using var p = Process.Start(new ProcessStartInfo("/bin/true") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await p.StandardOutput.ReadToEndAsync();
            await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return 0;
        });
        var (shWall, _, shOwnCpu) = await MeasureAsync(self, runs, async () =>
        {
            var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-c", "\"$@\"; rc=$?; times >&2; exit $rc", "sh", "/bin/true" })
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info)!;
            await p.StandardOutput.ReadToEndAsync();
            await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return 0;
        });
        Console.WriteLine();
        Console.WriteLine($"per run of /bin/true ({runs} runs)      wall ms   our CPU ms");
        Console.WriteLine($"ChildProcessRunner              {runnerWall,8:F1} {runnerOwnCpu,12:F1}");
        Console.WriteLine($"bare Process                    {bareWall,8:F1} {bareOwnCpu,12:F1}");
        Console.WriteLine($"bare Process, sh times wrapper  {shWall,8:F1} {shOwnCpu,12:F1}");
    }

    private static async Task<(double WallMs, double ChildCpuMs, double OwnCpuMs)> MeasureAsync(Process self, int runs, Func<Task<double>> run)
    {
        await run();
        self.Refresh();
        var cpu0 = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var child = 0.0;
        for (var i = 0; i < runs; i++)
        {
            child += await run();
        }

        self.Refresh();
        return (clock.Elapsed.TotalMilliseconds / runs, child * 1000 / runs, (self.TotalProcessorTime - cpu0).TotalMilliseconds / runs);
    }
}
