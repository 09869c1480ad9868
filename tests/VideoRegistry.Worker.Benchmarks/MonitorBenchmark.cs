using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Worker.Benchmarks;

/// <summary>
/// The monitor at work on the demo county: the real camera simulator, a fresh <c>videoregistry demo</c> registry
/// pointed at it, and <c>videoregistry serve</c> with L1 only (L2/L3 off), all built as shipped. After a warm-up the
/// worker's and the simulator's CPU (user + system from /proc) and the worker's memory are sampled over a window, with
/// the L1 sweep the worker logged, and probes finished per tier (from /metrics). With <c>l2</c> as the fourth
/// argument L2 runs too, at the shipped cadence and concurrency: L2 throughput and the CPU of its ffprobe children.
/// Arguments: [window seconds = 60] [warm-up seconds = 75] [rounds = 1] [l1|l2 = l1].
/// </summary>
internal static partial class MonitorBenchmark
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string[] args)
    {
        var window = TimeSpan.FromSeconds(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60);
        var warmUp = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 75);
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var withStream = args.Length > 3 && args[3] == "l2";
        var dir = Directory.CreateTempSubdirectory("vr-monitor-bench-").FullName;
        var worker = Path.Combine(AppContext.BaseDirectory, "videoregistry.dll");
        var port = DemoPorts();
        try
        {
            await using var simulator = await CameraSimulatorProcess.StartAsync(port, port + 1, TimeSpan.FromSeconds(30));
            var db = Path.Combine(dir, "demo.db");
            using (var demo = new ChildProcess("dotnet", [worker, "demo", "--db", db, "--simulator", $"127.0.0.1:{port}"], dir))
            {
                if (await demo.WaitForExitAsync(Deadline) != 0)
                {
                    throw new InvalidOperationException($"videoregistry demo exited {demo.ExitCode}:\n{demo.Output}");
                }

                Console.WriteLine($"demo registry on simulator port {port}: {demo.Lines.FirstOrDefault(l => l.Contains("Cameras imported", StringComparison.Ordinal))?.Trim()}");
            }

            for (var round = 1; round <= rounds; round++)
            {
                await MeasureAsync(worker, db, dir, simulator, window, warmUp, round, withStream);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task MeasureAsync(string worker, string db, string dir, CameraSimulatorProcess simulator, TimeSpan window, TimeSpan warmUp, int round, bool withStream)
    {
        var http = ChildProcess.FreeTcpPort();
        string[] args =
        [
            worker, "serve", "--db", db, "--urls", $"http://127.0.0.1:{http}",
            $"--Monitoring:StreamEnabled={(withStream ? "true" : "false")}", "--Monitoring:PictureEnabled=false",
            "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Microsoft=Warning", "--Logging:LogLevel:Quartz=Warning",
        ];
        using var serve = new ChildProcess("dotnet", args, dir);
        await Task.Delay(warmUp);
        if (serve.HasExited)
        {
            throw new InvalidOperationException("serve exited during the warm-up:\n" + serve.Output);
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var probes0 = await ProbeCountsAsync(client, http);
        var cpu0 = serve.CpuSeconds();
        var sim0 = simulator.CpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var cpu = serve.CpuSeconds() - cpu0;
        var sim = simulator.CpuSeconds() - sim0;
        var probes1 = await ProbeCountsAsync(client, http);
        var rates = string.Join(", ", probes1.Select(p => Rate(p.Key, p.Value, probes0.GetValueOrDefault(p.Key), clock.Elapsed.TotalSeconds)));
        var seconds = clock.Elapsed.TotalSeconds;
        var rss = RssMegabytes(serve.Id);
        var sweep = serve.Lines.LastOrDefault(l => l.Contains("Sweep sweep-l1", StringComparison.Ordinal)) is { } line ? SweepText().Match(line).Value : "(no L1 sweep logged)";
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"round {round}: worker CPU {cpu:F2} s in {seconds:F1} s = {100 * cpu / seconds:F1} % of one core (children not included); RSS {rss:F0} MB; simulator {100 * sim / seconds:F1} %; load {load}; {rates}; {sweep}"));
    }

    /// <summary>A port P with P − 1 … P + 3 free (refused, simulator, hung, spare, NVR down), as the demo registry expects.</summary>
    private static int DemoPorts()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = 20_000 + Random.Shared.Next(0, 20_000);
            if (Enumerable.Range(candidate - 1, 5).All(Free))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no five consecutive free loopback ports found in 200 tries");
    }

    private static string Rate(string tier, (double Probes, double ChildCpu) end, (double Probes, double ChildCpu) start, double seconds)
    {
        var probes = (end.Probes - start.Probes) / seconds;
        var child = 100 * (end.ChildCpu - start.ChildCpu) / seconds;
        return end.ChildCpu > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{tier} {probes:F2} probes/s (child CPU {child:F0} % of one core)")
            : string.Create(CultureInfo.InvariantCulture, $"{tier} {probes:F2} probes/s");
    }

    /// <summary>Finished probes and child-process CPU seconds per tier, from the worker's /metrics.</summary>
    private static async Task<Dictionary<string, (double Probes, double ChildCpu)>> ProbeCountsAsync(HttpClient client, int port)
    {
        var text = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var result = new Dictionary<string, (double Probes, double ChildCpu)>(StringComparer.Ordinal);
        foreach (Match m in MetricLine().Matches(text))
        {
            var tier = m.Groups["tier"].Value;
            var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            var (probes, cpu) = result.GetValueOrDefault(tier);
            result[tier] = m.Groups["name"].Value == "videoregistry_probes_total" ? (probes + value, cpu) : (probes, cpu + value);
        }

        return result;
    }

    private static bool Free(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static double RssMegabytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0)
            .FirstOrDefault();

    [GeneratedRegex(@"^(?<name>videoregistry_probes_total|videoregistry_probe_cpu_seconds_total)\{[^}]*tier=""(?<tier>[a-z]+)""[^}]*\} (?<value>[0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    [GeneratedRegex(@"Sweep sweep-l1: .*")]
    private static partial Regex SweepText();
}
