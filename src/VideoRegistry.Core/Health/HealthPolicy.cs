namespace VideoRegistry.Core.Health;

/// <summary>Hysteresis and flapping thresholds of the health state machine.</summary>
/// <param name="FailuresToOffline">N: consecutive failures that take an up (or unknown) camera offline.</param>
/// <param name="SuccessesToOnline">M: consecutive successes that bring an offline camera back.</param>
/// <param name="FailingLongerThan">T: a failure run older than this takes the camera offline even before N failures.</param>
/// <param name="FlapChanges">K: more than this many up/down changes within <paramref name="FlapWindow"/> flags flapping.</param>
public sealed record HealthPolicy(
    int FailuresToOffline,
    int SuccessesToOnline,
    TimeSpan FailingLongerThan,
    int FlapChanges,
    TimeSpan FlapWindow)
{
    public static HealthPolicy Default { get; } = new(3, 2, TimeSpan.FromMinutes(5), 4, TimeSpan.FromHours(1));
}
