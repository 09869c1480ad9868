using VideoRegistry.Core.Health;

namespace VideoRegistry.Worker.Metrics;

/// <summary>
/// Interim adapter with the same definitions as the monitor's Core/Health AvailabilityMath (DESIGN.md "Definitions"):
/// 在线率 = (online + degraded) ÷ (registered − maintenance), 完好率 = online ÷ (registered − maintenance),
/// availability = up seconds ÷ (up + offline seconds). Replaced by AvailabilityMath once it is on main.
/// </summary>
internal static class HealthRatios
{
    public static double? OnlineRate(StateCounts c) => Ratio(c.Online + c.Degraded, c.ShouldBeOnline);

    public static double? IntactRate(StateCounts c) => Ratio(c.Online, c.ShouldBeOnline);

    public static double? Availability(CameraStateSeconds s) => Ratio(s.Online + s.Degraded, s.Online + s.Degraded + s.Offline);

    private static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;
}

/// <summary>Cameras per state in one (class, township) cell.</summary>
internal sealed class StateCounts
{
    private readonly int[] _byState = new int[Enum.GetValues<HealthState>().Length];

    public int this[HealthState state] => _byState[(int)state];

    public int Online => this[HealthState.Online];

    public int Degraded => this[HealthState.Degraded];

    /// <summary>Registered (not decommissioned) minus maintenance.</summary>
    public int ShouldBeOnline => _byState.Sum() - this[HealthState.Decommissioned] - this[HealthState.Maintenance];

    public void Add(HealthState state) => _byState[(int)state]++;
}
