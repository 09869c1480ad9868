using VideoRegistry.Core.Health;
using static VideoRegistry.Core.Tests.Health.HealthTestData;

namespace VideoRegistry.Core.Tests.Health;

public sealed class AvailabilityMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    private static HealthTransition Tr(double minutes, HealthState from, HealthState to) => new(Id(1), At(minutes), from, to, "x");

    [Fact]
    public void OnlineRate_DegradedCountsOnline_MaintenanceExcluded()
    {
        HealthState[] states =
        [
            HealthState.Online, HealthState.Online, HealthState.Online, HealthState.Online, HealthState.Online,
            HealthState.Degraded, HealthState.Offline, HealthState.Unknown, HealthState.Maintenance, HealthState.Decommissioned,
        ];

        var counts = AvailabilityMath.Count(states);

        Assert.Equal(9, counts.Registered);
        Assert.Equal(8, counts.ShouldBeOnline);
        Assert.Equal(6.0 / 8, AvailabilityMath.OnlineRate(counts));
        Assert.Equal(5.0 / 8, AvailabilityMath.IntactRate(counts));
    }

    [Fact]
    public void OnlineRate_NothingToAssess_Null()
    {
        var counts = AvailabilityMath.Count([HealthState.Maintenance, HealthState.Decommissioned]);

        Assert.Null(AvailabilityMath.OnlineRate(counts));
        Assert.Null(AvailabilityMath.IntactRate(counts));
    }

    [Fact]
    public void SecondsPerState_WindowCutsThroughTransitions_HandComputed()
    {
        // online 00:00, offline 00:30, online 01:30, degraded 02:10; window 01:00–02:30.
        HealthTransition[] transitions =
        [
            Tr(0, HealthState.Unknown, HealthState.Online),
            Tr(30, HealthState.Online, HealthState.Offline),
            Tr(90, HealthState.Offline, HealthState.Online),
            Tr(130, HealthState.Online, HealthState.Degraded),
        ];

        var s = AvailabilityMath.SecondsPerState(Id(1), HealthState.Unknown, transitions, new TimeWindow(At(60), At(150)));

        Assert.Equal(30 * 60, s.Offline);
        Assert.Equal(40 * 60, s.Online);
        Assert.Equal(20 * 60, s.Degraded);
        Assert.Equal(0, s.Unknown);
        Assert.Equal(0, s.Outages);
        Assert.Equal(60.0 / 90, AvailabilityMath.Availability(s)!.Value, 9);
        Assert.Equal(40.0 / 90, AvailabilityMath.IntactAvailability(s)!.Value, 9);
    }

    [Fact]
    public void SecondsPerState_AdjacentWindows_AddUpToTheWhole_OutageAtTheBoundaryCountedOnce()
    {
        HealthTransition[] transitions =
        [
            Tr(60, HealthState.Online, HealthState.Offline),
            Tr(90, HealthState.Offline, HealthState.Online),
            Tr(120, HealthState.Online, HealthState.Offline),
        ];

        var whole = AvailabilityMath.SecondsPerState(Id(1), HealthState.Online, transitions, new TimeWindow(At(0), At(180)));
        var before = AvailabilityMath.SecondsPerState(Id(1), HealthState.Online, transitions, new TimeWindow(At(0), At(60)));
        var after = AvailabilityMath.SecondsPerState(Id(1), HealthState.Online, transitions, new TimeWindow(At(60), At(180)));

        Assert.Equal(2, whole.Outages);
        Assert.Equal(0, before.Outages);
        Assert.Equal(2, after.Outages);
        Assert.Equal(whole.Online, before.Online + after.Online);
        Assert.Equal(whole.Offline, before.Offline + after.Offline);
        Assert.Equal(90 * 60, whole.Offline);
    }

    [Fact]
    public void SecondsPerState_MonitorDownGap_CountsUnknownNotOffline()
    {
        HealthTransition[] transitions = [Tr(10, HealthState.Online, HealthState.Offline)];
        TimeWindow[] down = [new(At(20), At(40))];

        var s = AvailabilityMath.SecondsPerState(Id(1), HealthState.Online, transitions, new TimeWindow(At(0), At(60)), down);

        Assert.Equal(10 * 60, s.Online);
        Assert.Equal(30 * 60, s.Offline);
        Assert.Equal(20 * 60, s.Unknown);
        Assert.Equal(1, s.Outages);
        // 10 up ÷ (60 − 20 unknown) = 0.25; unknown never counts as downtime.
        Assert.Equal(0.25, AvailabilityMath.Availability(s));
        Assert.Equal(10.0 / 60, AvailabilityMath.TimeWeightedOnlineRate(s)!.Value, 9);
    }

    [Fact]
    public void Availability_MaintenanceExcludedFromDenominator()
    {
        HealthTransition[] transitions =
        [
            Tr(30, HealthState.Online, HealthState.Maintenance),
            Tr(50, HealthState.Maintenance, HealthState.Unknown),
            Tr(51, HealthState.Unknown, HealthState.Offline),
        ];

        var s = AvailabilityMath.SecondsPerState(Id(1), HealthState.Online, transitions, new TimeWindow(At(0), At(60)));

        Assert.Equal(20 * 60, s.Maintenance);
        Assert.Equal(30.0 / 39, AvailabilityMath.Availability(s)!.Value, 9);
        Assert.Equal(30.0 / 40, AvailabilityMath.TimeWeightedOnlineRate(s)!.Value, 9);
    }

    [Fact]
    public void Sum_AddsCameras()
    {
        var a = new CameraStateSeconds { DeviceId = Id(1), Online = 90, Offline = 10, Outages = 1 };
        var b = new CameraStateSeconds { DeviceId = Id(2), Online = 50, Offline = 50, Outages = 2 };

        var sum = AvailabilityMath.Sum(Id(0), [a, b]);

        Assert.Equal(0.7, AvailabilityMath.Availability(sum));
        Assert.Equal(3, sum.Outages);
    }
}
