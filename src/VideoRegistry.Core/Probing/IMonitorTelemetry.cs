namespace VideoRegistry.Core.Probing;

/// <summary>
/// Hooks the monitor calls as it works; the metrics layer implements them (prometheus-net counters, histograms, gauges).
/// Implementations must be cheap and thread-safe: they are called on every probe.
/// </summary>
public interface IMonitorTelemetry
{
    void ProbeStarted(ProbeTier tier);

    /// <summary>Called once per finished probe, success or failure (also when cancelled by a deadline).</summary>
    void ProbeFinished(ProbeResult result);

    /// <summary>How late the sweep for <paramref name="tier"/> is against its plan (0 when on time).</summary>
    void SweepLag(ProbeTier tier, TimeSpan lag);
}

/// <summary>Telemetry that records nothing (CLI one-shot probes, unit tests).</summary>
public sealed class NullMonitorTelemetry : IMonitorTelemetry
{
    public static NullMonitorTelemetry Instance { get; } = new();

    public void ProbeStarted(ProbeTier tier)
    {
    }

    public void ProbeFinished(ProbeResult result)
    {
    }

    public void SweepLag(ProbeTier tier, TimeSpan lag)
    {
    }
}
