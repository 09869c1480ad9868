using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Health;

/// <summary>
/// One stored change of a camera's state. <see cref="Reason"/> is a low-cardinality label: a
/// <see cref="Probing.ProbeReason"/> label, or one of <see cref="TransitionReasons"/>.
/// </summary>
public sealed record HealthTransition(GbDeviceId DeviceId, DateTimeOffset At, HealthState From, HealthState To, string Reason);

/// <summary>Reasons of transitions that are not a probe outcome.</summary>
public static class TransitionReasons
{
    /// <summary>The camera answered again (or for the first time).</summary>
    public const string Recovered = "recovered";

    /// <summary>The monitor itself was not running (gap between the last heartbeat and a restart).</summary>
    public const string MonitorDown = "monitor_down";

    /// <summary>The monitor resumed the state it had before a restart.</summary>
    public const string Resumed = "resumed";

    /// <summary>A monitor-side or upstream incident hides the camera's real state.</summary>
    public const string Incident = "incident";

    public const string Maintenance = "maintenance";

    public const string MaintenanceEnded = "maintenance_ended";

    public const string Decommissioned = "decommissioned";

    /// <summary>Picture fault cleared by a clean L3 probe.</summary>
    public const string PictureCleared = "picture_ok";
}
