using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Worker.Metrics;

namespace VideoRegistry.Worker.Benchmarks;

/// <summary>/metrics scrape time and size for synthetic registries, per-camera series on. Arguments: sizes (default 10000 100000).</summary>
internal static class ScrapeBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
        var now = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        foreach (var n in sizes)
        {
            var cameras = new List<Camera>(n);
            var health = new List<CameraHealth>(n);
            for (var i = 0; i < n; i++)
            {
                var township = $"乡镇{i % 20:00}";
                var id = GbDeviceId.Parse($"6206220000{(i % 2 == 0 ? 131 : 132)}0{i:000000}");
                cameras.Add(new Camera
                {
                    DeviceId = id,
                    Name = $"{township}人民路{i}号卡口",
                    Class = (CameraClass)(1 + (i % 3)),
                    Township = township,
                    Village = $"村{i % 300:000}",
                    Grid = $"620622-{i % 690:0000}",
                    Location = GeoPoint.FromWgs84(102.6 + (i % 1400) * 0.001, 37.0 + (i % 900) * 0.001).Value,
                    SiteType = (i % 4) switch { 0 => "主要路段", 1 => "居民小区", 2 => "学校", _ => "重点集镇" },
                    Upstream = GbDeviceId.Parse($"6206220000118{0}{i / 64:000000}"),
                });
                var state = (i % 50) switch { 0 => HealthState.Offline, 1 => HealthState.Degraded, 2 => HealthState.Maintenance, _ => HealthState.Online };
                health.Add(new CameraHealth
                {
                    DeviceId = id,
                    State = state,
                    Since = now.AddHours(-i % 48),
                    Reason = state == HealthState.Offline ? ProbeReason.Timeout : state == HealthState.Degraded ? ProbeReason.Black : ProbeReason.None,
                    LastSuccess = now.AddSeconds(-(i % 600)),
                    LastProbe = now.AddSeconds(-(i % 60)),
                });
            }

            using var metrics = new FleetMetrics(
                Prometheus.Metrics.NewCustomRegistry(),
                new FleetSources(_ => Task.FromResult<IReadOnlyList<Camera>>(cameras), _ => Task.FromResult<IReadOnlyList<Grid>>([]), new StaticHealth(health), null),
                Options.Create(new MetricsOptions { PerCamera = true }),
                new FakeTimeProvider(now),
                NullLogger<FleetMetrics>.Instance);
            await metrics.RefreshRegistryAsync(CancellationToken.None);

            long bytes = 0;
            var times = new List<double>();
            var cpu = new List<double>();
            using var process = Process.GetCurrentProcess();
            for (var run = 0; run < 6; run++)
            {
                using var buffer = new MemoryStream();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                await metrics.WriteAsync(buffer, CancellationToken.None);
                sw.Stop();
                process.Refresh();
                bytes = buffer.Length;
                if (run > 0)
                {
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                }
            }

            times.Sort();
            cpu.Sort();
            // CPU time next to wall time: on a shared machine the wall time includes waiting for a core.
            Console.WriteLine($"{n,7} cameras: scrape median {times[times.Count / 2],7:0} ms wall ({cpu[cpu.Count / 2],7:0} ms CPU), max {times[^1],7:0} ms, size {bytes / 1024.0 / 1024.0,6:0.0} MiB ({bytes} bytes)");
        }
    }
}

internal sealed class StaticHealth(IReadOnlyList<CameraHealth> health) : IHealthView
{
    public IReadOnlyList<CameraHealth> Snapshot() => health;

    public CameraHealth? Get(GbDeviceId deviceId) => health.FirstOrDefault(h => h.DeviceId == deviceId);

    public IReadOnlyList<MonitorIncident> OpenIncidents() => [];
}
