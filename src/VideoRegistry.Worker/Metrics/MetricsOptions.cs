using System.ComponentModel.DataAnnotations;

namespace VideoRegistry.Worker.Metrics;

/// <summary>The /metrics endpoint: per-camera series switch, cache refresh periods and the county's targets.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Per-camera series (camera_up, camera_info, ...). Switch off for very large registries: aggregates stay.</summary>
    public bool PerCamera { get; set; } = true;

    /// <summary>How often the camera list and grid catalogue are re-read (removed cameras leave /metrics within this).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RegistryRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the 24h/7d/30d availability is re-read from the store (expensive for big registries).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AvailabilityRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>在线率/完好率 target of class I cameras (发改高技〔2015〕996号: key public areas ≥ 98%).</summary>
    [Range(0.0, 1.0)]
    public double TargetClassI { get; set; } = 0.98;

    /// <summary>Target of class II cameras (key industries ≥ 95%).</summary>
    [Range(0.0, 1.0)]
    public double TargetClassII { get; set; } = 0.95;

    /// <summary>Target of class III cameras.</summary>
    [Range(0.0, 1.0)]
    public double TargetClassIII { get; set; } = 0.95;
}
