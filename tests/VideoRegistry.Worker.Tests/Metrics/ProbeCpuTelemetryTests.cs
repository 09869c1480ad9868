using System.Text;
using VideoRegistry.Core.Probing;
using VideoRegistry.Worker.Metrics;

namespace VideoRegistry.Worker.Tests.Metrics;

public sealed class ProbeCpuTelemetryTests
{
    private static async Task<List<Sample>> ScrapeAsync(Prometheus.CollectorRegistry registry)
    {
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer);
        return ExpositionParser.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public async Task ProbeFinished_ChildCpuSeconds_CountedPerTier()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var telemetry = new ProbeTelemetry(registry);

        telemetry.ProbeStarted(ProbeTier.Picture);
        telemetry.ProbeFinished(new ProbeResult { Tier = ProbeTier.Picture, Ok = true, Faults = [ProbeReason.Black], CpuSeconds = 0.75, Duration = TimeSpan.FromSeconds(6) });
        telemetry.ProbeStarted(ProbeTier.Picture);
        telemetry.ProbeFinished(ProbeResult.Failure(ProbeTier.Picture, ProbeReason.Timeout, null, TimeSpan.FromSeconds(60)) with { CpuSeconds = 0.25 });
        telemetry.ProbeStarted(ProbeTier.Reach);
        telemetry.ProbeFinished(ProbeResult.Success(ProbeTier.Reach, TimeSpan.FromMilliseconds(3)));

        var cpu = (await ScrapeAsync(registry)).Named("videoregistry_probe_cpu_seconds_total").ToDictionary(s => s.Labels["tier"], s => s.Value);
        Assert.Equal(1.0, cpu["picture"], 6);
        Assert.Equal(0, cpu["reach"]);
        Assert.Equal(0, cpu["stream"]);
    }
}
