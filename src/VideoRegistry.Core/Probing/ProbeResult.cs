namespace VideoRegistry.Core.Probing;

/// <summary>What a stream turned out to carry.</summary>
public sealed record StreamFacts
{
    public string? Codec { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public double? Fps { get; init; }

    public long? BitRate { get; init; }

    /// <summary>True when decoded frames (or packets) really arrived, not just a session description.</summary>
    public bool FramesArrived { get; init; }
}

/// <summary>Measured picture values of an L3 probe (signalstats and detector outputs).</summary>
public sealed record PictureMeasures
{
    public double? Brightness { get; init; }

    public double? Saturation { get; init; }

    public double? ColorCast { get; init; }

    public double? BlackSeconds { get; init; }

    public double? FrozenSeconds { get; init; }

    public double? Blur { get; init; }

    public double? Noise { get; init; }

    /// <summary>Mean spread of luma between the 10th and 90th percentile (signalstats YHIGH − YLOW), in code values.</summary>
    public double? Contrast { get; init; }

    public double SampledSeconds { get; init; }
}

/// <summary>
/// Outcome of one probe of one stream. <see cref="Reason"/> is <see cref="ProbeReason.None"/> when <see cref="Ok"/>.
/// For L3, a reachable stream with picture faults has <see cref="Ok"/> true and non-empty <see cref="Faults"/>.
/// </summary>
public sealed record ProbeResult
{
    public required ProbeTier Tier { get; init; }

    public required bool Ok { get; init; }

    public ProbeReason Reason { get; init; }

    /// <summary>Human detail (never contains credentials).</summary>
    public string? Detail { get; init; }

    public TimeSpan Duration { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public StreamFacts? Stream { get; init; }

    public IReadOnlyList<ProbeReason> Faults { get; init; } = [];

    public PictureMeasures? Picture { get; init; }

    public string? SnapshotPath { get; init; }

    /// <summary>CPU seconds spent by child processes (L2/L3), for cost accounting.</summary>
    public double? CpuSeconds { get; init; }

    public static ProbeResult Success(ProbeTier tier, TimeSpan duration, StreamFacts? stream = null, string? detail = null) =>
        new() { Tier = tier, Ok = true, Reason = ProbeReason.None, Duration = duration, Stream = stream, Detail = detail };

    public static ProbeResult Failure(ProbeTier tier, ProbeReason reason, string? detail, TimeSpan duration) =>
        new() { Tier = tier, Ok = false, Reason = reason, Detail = detail, Duration = duration };
}
