using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Probing.Processes;
using VideoRegistry.Probing.Reach;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Probing.Benchmarks;

/// <summary>
/// Wall and CPU seconds per L3 picture probe against the real simulator, sequential and two at a time, beside the
/// CPU of an L1 reach probe and of an L2-style ffprobe run; then the L3 probes per day this machine sustains while the
/// demo county's L1/L2 sweeps keep their schedule. Arguments: [rounds=3] [sampleSeconds=5].
/// The simulator's own encoding CPU is the cameras' work and is reported apart, not charged to the probes.
/// </summary>
internal static class L3Benchmark
{
    // The demo county (DOMAIN.md): class I 5 min, class II 15 min, class III 30 min L2 cadence; L1 every 60 s.
    private const int ClassI = 1_932;
    private const int ClassII = 1_159;
    private const int ClassIII = 3_980;

    /// <summary>Share of the machine's CPU the probes may use; the rest is the worker, storage, metrics and slack.</summary>
    private const double UsableShare = 0.7;

    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var sample = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5);
        var cores = Environment.ProcessorCount;
        var root = Path.Combine(Path.GetTempPath(), "vr-l3-bench-" + Guid.NewGuid().ToString("N"));
        await using var sim = await CameraSimulatorProcess.StartAsync(TimeSpan.FromSeconds(30));
        try
        {
            var options = Options.Create(new PictureDiagnosisOptions { SampleDuration = sample, SnapshotDirectory = root });
            var prober = new FfmpegPictureProber(options, new SnapshotStore(options));
            var kinds = new[] { "/ok/1", "/black", "/frozen", "/noise", "/blur", "/dark", "/bright", "/colorcast" };
            Console.WriteLine(Invariant($"L3 benchmark: {cores} cores, sample {sample.TotalSeconds:0.#} s, {rounds} rounds over {kinds.Length} simulator kinds (640x360 H.264 10 fps)"));

            // Warm-up: the simulator's shared media and ffmpeg's page cache.
            await prober.ProbeAsync(StreamEndpoint.Parse(sim.Url("/ok/9")), TimeSpan.FromSeconds(60), CancellationToken.None);

            var simCpu0 = sim.CpuSeconds();
            var sequential = new List<ProbeResult>();
            var seqClock = Stopwatch.StartNew();
            for (var r = 0; r < rounds; r++)
            {
                foreach (var kind in kinds)
                {
                    sequential.Add(await prober.ProbeAsync(StreamEndpoint.Parse(sim.Url(kind)), TimeSpan.FromSeconds(60), CancellationToken.None));
                }
            }

            seqClock.Stop();
            var simCpuSeq = sim.CpuSeconds() - simCpu0;
            Report("sequential (PictureConcurrency 1)", sequential, seqClock.Elapsed);
            foreach (var group in sequential.Zip(Enumerable.Range(0, sequential.Count), (p, i) => (Kind: kinds[i % kinds.Length], p)).GroupBy(x => x.Kind))
            {
                var faults = string.Join(",", group.First().p.Faults.Select(f => f.ToLabel()));
                Console.WriteLine(Invariant($"  {group.Key,-11} wall {group.Average(x => x.p.Duration.TotalSeconds):0.00} s  cpu {group.Average(x => x.p.CpuSeconds ?? 0):0.000} s  faults [{faults}]"));
            }

            var pairs = new List<ProbeResult>();
            var pairClock = Stopwatch.StartNew();
            for (var r = 0; r < rounds * kinds.Length / 2; r++)
            {
                var a = prober.ProbeAsync(StreamEndpoint.Parse(sim.Url(kinds[(2 * r) % kinds.Length])), TimeSpan.FromSeconds(60), CancellationToken.None);
                var b = prober.ProbeAsync(StreamEndpoint.Parse(sim.Url(kinds[(2 * r + 1) % kinds.Length])), TimeSpan.FromSeconds(60), CancellationToken.None);
                pairs.AddRange(await Task.WhenAll(a, b));
            }

            pairClock.Stop();
            Report("two at a time (PictureConcurrency 2)", pairs, pairClock.Elapsed);

            var l2 = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                var run = await ChildProcessRunner.RunAsync(
                    "ffprobe",
                    ["-v", "error", "-rtsp_transport", "tcp", "-timeout", "5000000", "-protocol_whitelist", "rtsp,tcp", "-probesize", "500000", "-analyzeduration", "1000000", "-show_streams", "-of", "json", sim.Url($"/ok/{i + 1}")],
                    TimeSpan.FromSeconds(20),
                    CancellationToken.None);
                l2.Add(run.CpuSeconds ?? 0);
            }

            var reach = new RtspReachProber(Options.Create(new ReachProbeOptions()));
            var self = Process.GetCurrentProcess();
            var cpu0 = self.TotalProcessorTime;
            const int ReachProbes = 500;
            var reachTasks = Enumerable.Range(0, ReachProbes).Select(i => reach.ProbeAsync(StreamEndpoint.Parse(sim.Url($"/ok/{i}")), TimeSpan.FromSeconds(10), CancellationToken.None));
            var reachResults = await Task.WhenAll(reachTasks);
            self.Refresh();
            var l1Cpu = (self.TotalProcessorTime - cpu0).TotalSeconds / ReachProbes;
            reach.Dispose();

            var l3Cpu = sequential.Average(p => p.CpuSeconds ?? 0);
            var l3Wall = sequential.Average(p => p.Duration.TotalSeconds);
            var l2Cpu = l2.Average();
            var l2PerDay = (ClassI * 288.0) + (ClassII * 96.0) + (ClassIII * 48.0);
            var l1PerDay = (ClassI + ClassII + ClassIII) * 1440.0;
            var budget = cores * 86_400 * UsableShare;
            Console.WriteLine(Invariant($"L2-style ffprobe: cpu {l2Cpu:0.000} s per probe (10 runs); L1 reach: cpu {l1Cpu * 1000:0.00} ms per probe ({reachResults.Count(r => r.Ok)}/{ReachProbes} ok, in-process)"));
            Console.WriteLine(Invariant($"simulator CPU during the sequential run: {simCpuSeq:0.0} s (the cameras' encoding, not charged to probes)"));
            Console.WriteLine(Invariant($"demo county {ClassI + ClassII + ClassIII} cameras: L1 {l1PerDay:N0}/day = {l1PerDay * l1Cpu / 86_400:0.000} cores; L2 {l2PerDay:N0}/day; CPU budget {UsableShare:P0} of {cores} cores = {budget / 86_400:0.00} cores"));
            foreach (var l2Cost in new[] { l2Cpu, 0.15, 0.10 })
            {
                var l1l2 = (l1PerDay * l1Cpu) + (l2PerDay * l2Cost);
                var left = Math.Max(0, budget - l1l2);
                var cpuBound = left / l3Cpu;
                var line = Invariant($"  L2 at {l2Cost:0.000} CPU s: L1+L2 {l1l2 / 86_400:0.00} cores, left for L3 {left / 86_400:0.00} cores = {cpuBound:N0} L3/day CPU-bound");
                foreach (var concurrency in new[] { 1, 2 })
                {
                    var daylight = concurrency * 10 * 3600 / l3Wall;
                    line += Invariant($"; concurrency {concurrency}: {Math.Min(daylight, cpuBound):N0} in 08–18 ({Math.Min(concurrency * 86_400 / l3Wall, cpuBound):N0} over 24 h)");
                }

                Console.WriteLine(line);
            }

            Console.WriteLine(Invariant($"L3 load while running: {l3Cpu / l3Wall:0.00} cores per concurrent probe (wall {l3Wall:0.00} s, cpu {l3Cpu:0.000} s)"));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void Report(string name, List<ProbeResult> results, TimeSpan elapsed)
    {
        var walls = results.Select(r => r.Duration.TotalSeconds).Order().ToList();
        var cpus = results.Select(r => r.CpuSeconds ?? 0).Order().ToList();
        Console.WriteLine(Invariant(
            $"{name}: {results.Count} probes in {elapsed.TotalSeconds:0.0} s ({results.Count / elapsed.TotalSeconds * 3600:N0}/h), ok {results.Count(r => r.Ok)}; wall mean {walls.Average():0.00} s (p50 {walls[walls.Count / 2]:0.00}, max {walls[^1]:0.00}); cpu mean {cpus.Average():0.000} s (p50 {cpus[cpus.Count / 2]:0.000}, max {cpus[^1]:0.000})"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
