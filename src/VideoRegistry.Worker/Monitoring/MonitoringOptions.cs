using System.ComponentModel.DataAnnotations;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Monitoring;

/// <summary>Section "Monitoring": cadences, concurrency, hysteresis, incident thresholds, canaries, retention.</summary>
public sealed class MonitoringOptions : IValidatableObject
{
    public const string Section = "Monitoring";

    /// <summary>Run the probe schedule (off: the host serves API and metrics from the store only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Run L2 stream probes (sweeps and follow-ups on L1 changes) when an L2 prober is registered.</summary>
    public bool StreamEnabled { get; set; } = true;

    /// <summary>Run the daily L3 picture sweep when an L3 prober is registered.</summary>
    public bool PictureEnabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReachInterval { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StreamIntervalClassI { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StreamIntervalClassII { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StreamIntervalClassIII { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>L3 picture sweep period (daily), spread over the daylight hours below when they differ.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PictureInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Daylight window for L3 in <see cref="TimeZone"/> (black/too-dark at night is not a fault). Equal hours: spread over the whole interval.</summary>
    [Range(0, 23)]
    public int PictureStartHour { get; set; } = 8;

    [Range(0, 24)]
    public int PictureEndHour { get; set; } = 18;

    [Required]
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Share of an interval over which a sweep spreads its cameras (the rest is slack for the last probes).</summary>
    [Range(0.1, 1.0)]
    public double Spread { get; set; } = 0.9;

    [Range(1, 4096)]
    public int ReachConcurrency { get; set; } = 256;

    [Range(1, 256)]
    public int StreamConcurrency { get; set; } = 6;

    /// <summary>
    /// L3 probes at once. 2: one L3 probe (5 s sample) takes ~7 s wall but only ~0.85 CPU s (0.12 cores while it
    /// runs), so the daily sweep is bound by wall time: 1 covers ~5,000 cameras in a 10-hour window, 2 covers the
    /// 7,071-camera demo county, at ~0.25 cores during daylight only (L3Benchmark).
    /// </summary>
    [Range(1, 64)]
    public int PictureConcurrency { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ReachDeadline { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan StreamDeadline { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PictureDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>N: consecutive failures to offline.</summary>
    [Range(1, 100)]
    public int FailuresToOffline { get; set; } = 3;

    /// <summary>M: consecutive successes back online.</summary>
    [Range(1, 100)]
    public int SuccessesToOnline { get; set; } = 2;

    /// <summary>T: failure run longer than this is offline even before N failures.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FailingLongerThan { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>K: more up/down changes than this within <see cref="FlapWindow"/> is flapping.</summary>
    [Range(1, 1000)]
    public int FlapChanges { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FlapWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>X: share of an upstream's (or township's) cameras failing with network reasons that opens an incident.</summary>
    [Range(0.01, 1.0)]
    public double IncidentShare { get; set; } = 0.8;

    /// <summary>Y: and at least this many cameras.</summary>
    [Range(1, 100000)]
    public int IncidentMinCameras { get; set; } = 20;

    /// <summary>Targets that must always answer (e.g. the platform gateway); all failing = the monitor's own network is down.</summary>
    public List<string> Canaries { get; set; } = [];

    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 400;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RegistryReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool TierEnabled(Core.Probing.ProbeTier tier) => tier switch
    {
        Core.Probing.ProbeTier.Stream => StreamEnabled,
        Core.Probing.ProbeTier.Picture => PictureEnabled,
        _ => true,
    };

    /// <summary>True when <paramref name="now"/> falls in the L3 hours (<see cref="PictureStartHour"/> to <see cref="PictureEndHour"/> in <see cref="TimeZone"/>); equal hours mean all day.</summary>
    public bool InPictureHours(DateTimeOffset now)
    {
        if (PictureEndHour <= PictureStartHour)
        {
            return true;
        }

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return true;
        }

        var hour = TimeZoneInfo.ConvertTime(now, zone).Hour;
        return hour >= PictureStartHour && hour < PictureEndHour;
    }

    public HealthPolicy ToHealthPolicy() => new(FailuresToOffline, SuccessesToOnline, FailingLongerThan, FlapChanges, FlapWindow);

    /// <summary>A failure counts towards an incident while younger than one L1 sweep plus slack.</summary>
    public IncidentPolicy ToIncidentPolicy() => new(IncidentShare, IncidentMinCameras, ReachInterval * 1.5);

    public TimeSpan StreamInterval(CameraClass cameraClass) => cameraClass switch
    {
        CameraClass.I => StreamIntervalClassI,
        CameraClass.II => StreamIntervalClassII,
        _ => StreamIntervalClassIII,
    };

    public TimeSpan Deadline(Core.Probing.ProbeTier tier) => tier switch
    {
        Core.Probing.ProbeTier.Reach => ReachDeadline,
        Core.Probing.ProbeTier.Stream => StreamDeadline,
        _ => PictureDeadline,
    };

    public int Concurrency(Core.Probing.ProbeTier tier) => tier switch
    {
        Core.Probing.ProbeTier.Reach => ReachConcurrency,
        Core.Probing.ProbeTier.Stream => StreamConcurrency,
        _ => PictureConcurrency,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReachDeadline >= ReachInterval * Spread && ReachInterval >= TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult(
                "Monitoring:ReachDeadline 必须小于 L1 间隔 / must be shorter than the L1 interval", [nameof(ReachDeadline)]);
        }

        foreach (var canary in Canaries)
        {
            if (!StreamEndpoint.TryParse(canary, null, null).Ok)
            {
                yield return new ValidationResult($"Monitoring:Canaries 地址无效 / invalid canary URL '{canary}'", [nameof(Canaries)]);
            }
        }

        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
        }
        catch (InvalidTimeZoneException)
        {
        }

        if (zone is null)
        {
            yield return new ValidationResult($"Monitoring:TimeZone 未知时区 / unknown time zone '{TimeZone}'", [nameof(TimeZone)]);
        }

        if (PictureEndHour < PictureStartHour)
        {
            yield return new ValidationResult("Monitoring:PictureEndHour 必须不早于 PictureStartHour / must not be before PictureStartHour", [nameof(PictureEndHour)]);
        }
    }
}
