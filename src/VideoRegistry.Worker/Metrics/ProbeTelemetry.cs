using Prometheus;
using VideoRegistry.Core.Probing;

namespace VideoRegistry.Worker.Metrics;

/// <summary>
/// <see cref="IMonitorTelemetry"/> on prometheus-net instruments: two counters (probes, child-process CPU seconds), a
/// histogram and two gauges updated in place
/// on each call (no allocation beyond the first call per label set).
/// </summary>
public sealed class ProbeTelemetry : IMonitorTelemetry
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

    private readonly Counter _probes;
    private readonly Counter _cpu;
    private readonly Histogram _duration;
    private readonly Gauge _lag;
    private readonly Gauge _inFlight;

    public ProbeTelemetry(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _probes = factory.CreateCounter("videoregistry_probes_total", "Finished probes by tier, result (success|failure) and failure reason.", "tier", "result", "reason");
        _cpu = factory.CreateCounter("videoregistry_probe_cpu_seconds_total", "CPU seconds (user+system) spent by probe child processes (ffprobe, ffmpeg) by tier.", "tier");
        _duration = factory.CreateHistogram("videoregistry_probe_duration_seconds", "Probe wall time, deadline included.", new HistogramConfiguration { LabelNames = ["tier"], Buckets = DurationBuckets });
        _lag = factory.CreateGauge("videoregistry_sweep_lag_seconds", "How late the last sweep of a tier was against its plan (0 when on time).", "tier");
        _inFlight = factory.CreateGauge("videoregistry_probes_in_flight", "Probes running now.", "tier");
        foreach (var tier in Enum.GetValues<ProbeTier>())
        {
            // Present from the start, so dashboards and the stalled-sweep alert have series before the first probe.
            _lag.WithLabels(TierLabel(tier)).Set(0);
            _inFlight.WithLabels(TierLabel(tier)).Set(0);
            _duration.WithLabels(TierLabel(tier));
            _cpu.WithLabels(TierLabel(tier));
            _probes.WithLabels(TierLabel(tier), "success", ProbeReason.None.ToLabel());
        }
    }

    public static string TierLabel(ProbeTier tier) => tier switch
    {
        ProbeTier.Reach => "reach",
        ProbeTier.Stream => "stream",
        _ => "picture",
    };

    public void ProbeStarted(ProbeTier tier) => _inFlight.WithLabels(TierLabel(tier)).Inc();

    public void ProbeFinished(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tier = TierLabel(result.Tier);
        _inFlight.WithLabels(tier).Dec();
        _probes.WithLabels(tier, result.Ok ? "success" : "failure", result.Ok ? ProbeReason.None.ToLabel() : result.Reason.ToLabel()).Inc();
        _duration.WithLabels(tier).Observe(Math.Max(0, result.Duration.TotalSeconds));
        if (result.CpuSeconds is { } cpu && double.IsFinite(cpu) && cpu > 0)
        {
            _cpu.WithLabels(tier).Inc(cpu);
        }
    }

    public void SweepLag(ProbeTier tier, TimeSpan lag) => _lag.WithLabels(TierLabel(tier)).Set(Math.Max(0, lag.TotalSeconds));
}
