using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Processes;
using VideoRegistry.Probing.Reach;
using VideoRegistry.TestSupport;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Probing.Benchmarks;

/// <summary>
/// Not a test. Against the real camera simulator, in one run: our L1 prober (native RTSP OPTIONS+DESCRIBE, bounded
/// concurrency) versus a naive sequential <c>ffprobe -v error -show_streams URL</c> process per camera. Reports
/// probes/s, wall per probe and CPU seconds per probe (our process CPU for L1, the children's CPU through
/// <see cref="ChildProcessRunner"/> for ffprobe) and the simulator's own CPU per probe, with the ratios.
/// Arguments: [--probes 3000] [--seconds 30] [--concurrency 64] [--ffprobe-probes 20] [--ffprobe-seconds 60].
/// </summary>
public static class L1Benchmark
{
    public static async Task RunAsync(string[] args)
    {
        var probes = Option(args, "--probes", 3000);
        var seconds = Option(args, "--seconds", 30);
        var concurrency = Option(args, "--concurrency", 64);
        var ffprobeProbes = Option(args, "--ffprobe-probes", 20);
        var ffprobeSeconds = Option(args, "--ffprobe-seconds", 60);

        await using var simulator = await CameraSimulatorProcess.StartAsync(TimeSpan.FromSeconds(30));
        Console.WriteLine($"camera simulator on 127.0.0.1:{simulator.Port}; {Environment.ProcessorCount} cores; load {LoadAverage()}");

        using var prober = new RtspReachProber(Options.Create(new ReachProbeOptions()));
        var ours = await RunL1Async(prober, simulator, probes, TimeSpan.FromSeconds(seconds), concurrency);
        var naive = await RunFfprobeAsync(simulator, ffprobeProbes, TimeSpan.FromSeconds(ffprobeSeconds));

        // The same prober against the lightweight in-process RTSP responder (loopback, bounded, self-stopping): the
        // prober's own ceiling, not the GStreamer server's. Its CPU column includes the responder (same process).
        await using var responder = RtspResponder.Start(new RtspResponderOptions { Lifetime = TimeSpan.FromSeconds(seconds + 60) });
        var inProcess = await RunL1Async(prober, n => responder.Url($"/ok/{n}"), () => 0, Math.Max(probes, 5000), TimeSpan.FromSeconds(seconds), concurrency);

        Console.WriteLine();
        Console.WriteLine($"{"L1 基准 benchmark",-28} {"probes",7} {"ok",7} {"wall s",8} {"probes/s",9} {"latency ms",14} {"CPU s/probe",12} {"sim CPU s/probe",16}");
        Print($"L1 prober (concurrency {concurrency})", ours);
        Print("naive ffprobe (sequential)", naive);
        Print($"L1 vs in-process responder", inProcess);
        Console.WriteLine(
            $"{"ratio ffprobe / L1",-28} {string.Empty,7} {string.Empty,7} {string.Empty,8} " +
            $"{Ratio(ours.PerSecond, naive.PerSecond),9} {Ratio(naive.WallPerProbeMs, ours.WallPerProbeMs),14} " +
            $"{Ratio(naive.CpuPerProbe, ours.CpuPerProbe),12} {Ratio(naive.SimulatorCpuPerProbe, ours.SimulatorCpuPerProbe),16}");
        Console.WriteLine($"load after: {LoadAverage()}");
    }

    private static Task<Row> RunL1Async(RtspReachProber prober, CameraSimulatorProcess simulator, int probes, TimeSpan limit, int concurrency) =>
        RunL1Async(prober, n => simulator.Url($"/ok/{n}"), simulator.CpuSeconds, probes, limit, concurrency);

    private static async Task<Row> RunL1Async(RtspReachProber prober, Func<int, string> url, Func<double> serverCpu, int probes, TimeSpan limit, int concurrency)
    {
        // Warm-up: JIT, the simulator's shared media prepared.
        for (var i = 0; i < 20; i++)
        {
            await prober.ProbeAsync(StreamEndpoint.Parse(url(i)), TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpu0 = self.TotalProcessorTime;
        var sim0 = serverCpu();
        var clock = Stopwatch.StartNew();
        var ok = 0;
        var done = 0;
        var probeWallMs = 0L;
        using var stop = new CancellationTokenSource(limit);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(1, probes),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token },
                async (n, _) =>
                {
                    var result = await prober.ProbeAsync(StreamEndpoint.Parse(url(n)), TimeSpan.FromSeconds(10), CancellationToken.None);
                    Interlocked.Increment(ref done);
                    Interlocked.Add(ref probeWallMs, (long)result.Duration.TotalMilliseconds);
                    if (result.Ok)
                    {
                        Interlocked.Increment(ref ok);
                    }
                });
        }
        catch (OperationCanceledException)
        {
            // The time limit came first: the probes done so far count.
        }

        var wall = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
        return new Row(done, ok, wall, (double)probeWallMs / Math.Max(1, done), cpu / Math.Max(1, done), (serverCpu() - sim0) / Math.Max(1, done));
    }

    private static async Task<Row> RunFfprobeAsync(CameraSimulatorProcess simulator, int probes, TimeSpan limit)
    {
        var sim0 = simulator.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var ok = 0;
        var done = 0;
        var cpu = 0.0;
        var probeWall = 0.0;
        for (var n = 1; n <= probes && clock.Elapsed < limit; n++)
        {
            var result = await ChildProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_streams", simulator.Url($"/ok/{n}")], TimeSpan.FromSeconds(30), CancellationToken.None);
            done++;
            cpu += result.CpuSeconds ?? 0;
            probeWall += result.Elapsed.TotalSeconds;
            if (result.ExitCode == 0 && result.StandardOutput.Contains("codec_name=h264", StringComparison.Ordinal))
            {
                ok++;
            }
        }

        var wall = clock.Elapsed.TotalSeconds;
        return new Row(done, ok, wall, probeWall * 1000 / Math.Max(1, done), cpu / Math.Max(1, done), (simulator.CpuSeconds() - sim0) / Math.Max(1, done));
    }

    private static void Print(string name, Row row) =>
        Console.WriteLine(
            $"{name,-28} {row.Probes,7} {row.Ok,7} {F(row.WallSeconds, "0.0"),8} {F(row.PerSecond, "0.0"),9} " +
            $"{F(row.WallPerProbeMs, "0.0"),14} {F(row.CpuPerProbe, "0.00000"),12} {F(row.SimulatorCpuPerProbe, "0.00000"),16}");

    private static string Ratio(double a, double b) => b > 0 ? F(a / b, "0.0") + "x" : "-";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Row(int Probes, int Ok, double WallSeconds, double WallPerProbeMs, double CpuPerProbe, double SimulatorCpuPerProbe)
    {
        public double PerSecond => Probes / WallSeconds;
    }
}
