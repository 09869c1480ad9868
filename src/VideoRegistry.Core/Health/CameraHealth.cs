using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Health;

/// <summary>The current measured health of one camera, as the monitor holds it.</summary>
public sealed record CameraHealth
{
    public required GbDeviceId DeviceId { get; init; }

    public required HealthState State { get; init; }

    /// <summary>Since when the camera has been in <see cref="State"/>.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Last failure reason (offline) or main picture fault (degraded); None when online.</summary>
    public ProbeReason Reason { get; init; }

    public IReadOnlyList<ProbeReason> Faults { get; init; } = [];

    public DateTimeOffset? LastSuccess { get; init; }

    public DateTimeOffset? LastProbe { get; init; }

    public bool Flapping { get; init; }
}

/// <summary>Read side of the monitor's in-memory health state, for metrics, API and reports.</summary>
public interface IHealthView
{
    IReadOnlyList<CameraHealth> Snapshot();

    CameraHealth? Get(GbDeviceId deviceId);

    IReadOnlyList<MonitorIncident> OpenIncidents();
}

/// <summary>Seconds a camera spent in each state over a period (from transitions and hourly rollups).</summary>
public sealed record CameraStateSeconds
{
    public required GbDeviceId DeviceId { get; init; }

    public double Online { get; init; }

    public double Degraded { get; init; }

    public double Offline { get; init; }

    public double Unknown { get; init; }

    public double Maintenance { get; init; }

    public int Outages { get; init; }
}

/// <summary>Reads time-in-state over a window; implemented by the store.</summary>
public interface IAvailabilityReader
{
    Task<IReadOnlyList<CameraStateSeconds>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
