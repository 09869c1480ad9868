using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Processes;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Benchmarks;

/// <summary>
/// L2 prober vs a naive <c>ffprobe -show_streams URL</c> against the camera simulator's /ok paths, side by side in one
/// run, at concurrency 1 and 4: wall per probe, CPU seconds per probe (child tree, exact), probes/s, and the ratios.
/// Both go through <see cref="ChildProcessRunner"/> so CPU is measured the same way. Not a test.
/// Usage: l2 [probesPerBatch=16]
/// </summary>
public static class L2Benchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string[] args)
    {
        var probes = args.Length > 0 ? int.Parse(args[0], Inv) : 16;
        var root = FindRoot();
        var port = FreePort();
        var hung = FreePort();
        using var simulator = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { Path.Combine(root, "tests/fixtures/camera-simulator/camera_simulator.py"), "--port", port.ToString(Inv), "--hung-port", hung.ToString(Inv), "--bind", "127.0.0.1" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string? line;
            while ((line = await simulator.StandardOutput.ReadLineAsync(ready.Token)) is not null && !line.StartsWith("READY", StringComparison.Ordinal))
            {
            }

            var prober = new FfprobeStreamProber(Options.Create(new StreamProbeOptions()));
            string Url(int i) => $"rtsp://127.0.0.1:{port}/ok/{i % 50}";
            Console.WriteLine($"L2 benchmark: {probes} probes per batch, simulator on {port}, ffprobe {prober.FfprobePath}, {Environment.ProcessorCount} cores");

            // Warm-up (page cache, simulator encoders).
            await Naive(Url(0));
            await Ours(prober, Url(0));

            Console.WriteLine("mode    conc  ok/n   wall/probe  p95 wall   child CPU/probe  host CPU/probe  probes/s");
            foreach (var concurrency in new[] { 1, 4 })
            {
                var naive = await Measure(probes, concurrency, i => Naive(Url(i)));
                var ours = await Measure(probes, concurrency, i => Ours(prober, Url(i + 7)));
                Print("naive", concurrency, naive);
                Print("L2", concurrency, ours);
                Console.WriteLine(string.Create(Inv,
                    $"  ratio L2/naive @{concurrency}: wall {ours.WallPerProbe / naive.WallPerProbe:0.00}x, child CPU {ours.CpuPerProbe / naive.CpuPerProbe:0.00}x, throughput {ours.PerSecond / naive.PerSecond:0.00}x"));
            }
        }
        finally
        {
            simulator.Kill(entireProcessTree: true);
            await simulator.WaitForExitAsync();
        }
    }

    private static async Task<(bool Ok, double Cpu)> Naive(string url)
    {
        var run = await ChildProcessRunner.RunAsync("ffprobe", ["-show_streams", url], TimeSpan.FromSeconds(60), CancellationToken.None);
        return (run.ExitCode == 0 && run.StandardOutput.Contains("codec_type=video", StringComparison.Ordinal), run.CpuSeconds ?? double.NaN);
    }

    private static async Task<(bool Ok, double Cpu)> Ours(FfprobeStreamProber prober, string url)
    {
        var result = await prober.ProbeAsync(StreamEndpoint.Parse(url), TimeSpan.FromSeconds(15), CancellationToken.None);
        return (result.Ok && result.Stream?.FramesArrived == true, result.CpuSeconds ?? double.NaN);
    }

    private sealed record Batch(int Ok, int Count, double WallPerProbe, double P95Wall, double CpuPerProbe, double HostCpuPerProbe, double PerSecond);

    private static async Task<Batch> Measure(int count, int concurrency, Func<int, Task<(bool Ok, double Cpu)>> probe)
    {
        var walls = new double[count];
        var cpus = new double[count];
        var oks = new bool[count];
        var next = -1;
        var host = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var one = Stopwatch.StartNew();
                var (ok, cpu) = await probe(i);
                walls[i] = one.Elapsed.TotalSeconds;
                cpus[i] = cpu;
                oks[i] = ok;
            }
        }));
        var total = clock.Elapsed.TotalSeconds;
        var hostCpu = (Process.GetCurrentProcess().TotalProcessorTime - host).TotalSeconds;
        var sorted = walls.Order().ToArray();
        return new Batch(oks.Count(o => o), count, walls.Average(), sorted[(int)Math.Ceiling(0.95 * count) - 1], cpus.Average(), hostCpu / count, count / total);
    }

    private static void Print(string mode, int concurrency, Batch b) => Console.WriteLine(string.Create(Inv,
        $"{mode,-7} {concurrency,4}  {b.Ok,2}/{b.Count,-3} {b.WallPerProbe * 1000,8:0} ms {b.P95Wall * 1000,7:0} ms {b.CpuPerProbe,12:0.000} s {b.HostCpuPerProbe,12:0.0000} s {b.PerSecond,9:0.00}"));

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VideoRegistry.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("VideoRegistry.sln not found above " + AppContext.BaseDirectory);
    }
}
