using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Reports;
using static VideoRegistry.Core.Tests.Reports.ReportFixture;

namespace VideoRegistry.Core.Tests.Reports;

public sealed class DeadCameraReportTests
{
    private static readonly DateTimeOffset Now = At(24);

    private static CameraHealth Health(int serial, HealthState state, double sinceHours, ProbeReason reason = ProbeReason.None, params ProbeReason[] faults) => new()
    {
        DeviceId = Id(serial),
        State = state,
        Since = At(sinceHours),
        Reason = reason,
        Faults = faults,
        LastSuccess = state == HealthState.Online ? null : At(sinceHours - 0.1),
    };

    [Fact]
    public void Build_MixedStates_ListsDeadSortedByClassThenDurationAndGroupsUpstreamIncident()
    {
        var cameras = new List<Camera>
        {
            Camera(1, CameraClass.II, "甲镇", "G1"),                                   // degraded 10 h
            Camera(2, CameraClass.I, "甲镇", "G1"),                                    // offline 4 h
            Camera(3, CameraClass.I, "乙镇", "G2"),                                    // offline 20 h
            Camera(4, CameraClass.I, "乙镇", "G2"),                                    // online
            Camera(5, CameraClass.III, "乙镇", upstream: Nvr(7)),                      // behind the NVR that is down
            Camera(6, CameraClass.III, "乙镇", upstream: Nvr(7)),
            Camera(7, CameraClass.III, "乙镇", upstream: Nvr(7)),                      // behind it but up
            Camera(8, CameraClass.I, "乙镇", lifecycle: CameraLifecycle.Maintenance),  // offline but in maintenance
            Camera(9, CameraClass.I, "乙镇", lifecycle: CameraLifecycle.Decommissioned),
        };
        var health = new[]
        {
            Health(1, HealthState.Degraded, 14, ProbeReason.None, ProbeReason.Black),
            Health(2, HealthState.Offline, 20, ProbeReason.Timeout),
            Health(3, HealthState.Offline, 4, ProbeReason.Refused),
            Health(4, HealthState.Online, 1),
            Health(5, HealthState.Unknown, 22),
            Health(6, HealthState.Offline, 21.5, ProbeReason.Timeout),
            Health(7, HealthState.Online, 1),
            Health(8, HealthState.Offline, 2, ProbeReason.Timeout),
            Health(9, HealthState.Offline, 2, ProbeReason.Timeout),
        };
        var incident = new MonitorIncident(1, "upstream", Nvr(7).Value, At(22), 2, ProbeReason.Timeout);

        var report = DeadCameraReport.Build(cameras, health, [incident], Now);

        Assert.Equal([Id(3).Value, Id(2).Value, Id(1).Value], report.Cameras.Select(c => c.Id));
        Assert.Equal(20 * 3600, report.Cameras[0].DurationSeconds, 6);
        Assert.Equal("refused", report.Cameras[0].Reason);
        Assert.Equal("black", report.Cameras[2].Reason);
        Assert.Equal("degraded", report.Cameras[2].State);
        var group = Assert.Single(report.Groups);
        Assert.Equal(Nvr(7).Value, group.Scope);
        Assert.Equal(2 * 3600, group.DurationSeconds, 6);
        Assert.Equal([Id(5).Value, Id(6).Value], group.Cameras.Select(c => c.Id));
        Assert.Equal(3, report.Offline);   // 2, 3 and 6 (5 is unknown under the incident)
        Assert.Equal(1, report.Degraded);
        Assert.True(report.HasFindings);
    }

    [Fact]
    public void Build_AllOnline_HasNoFindings()
    {
        var report = DeadCameraReport.Build([Camera(1, CameraClass.I, "甲镇")], [Health(1, HealthState.Online, 1)], [], Now);

        Assert.Empty(report.Cameras);
        Assert.False(report.HasFindings);
        Assert.Contains("（无 none）", TerminalTable.Render(report.ToTables()), StringComparison.Ordinal);
    }
}
