using VideoRegistry.Core.Health;
using static VideoRegistry.Core.Tests.Health.HealthTestData;

namespace VideoRegistry.Core.Tests.Health;

public sealed class MaintenanceWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void InMaintenance_ByScope_MatchesOnlyCoveredCameras()
    {
        MaintenanceWindow[] windows =
        [
            new(1, MaintenanceScope.Upstream, UpstreamId(1).Value, T0, T0.AddHours(2), "NVR 更换"),
            new(2, MaintenanceScope.Township, "土门镇", T0, null, "线路改造"),
            new(3, MaintenanceScope.Camera, Id(9).Value, T0, T0.AddHours(1), "镜头"),
        ];

        Assert.True(MaintenanceWindow.InMaintenance(Camera(1, upstream: UpstreamId(1)), windows, T0.AddHours(1)));
        Assert.False(MaintenanceWindow.InMaintenance(Camera(1, upstream: UpstreamId(1)), windows, T0.AddHours(2)));
        Assert.True(MaintenanceWindow.InMaintenance(Camera(2, "土门镇"), windows, T0.AddDays(30)));
        Assert.True(MaintenanceWindow.InMaintenance(Camera(9), windows, T0));
        Assert.False(MaintenanceWindow.InMaintenance(Camera(9), windows, T0.AddMinutes(-1)));
        Assert.False(MaintenanceWindow.InMaintenance(Camera(3), windows, T0.AddMinutes(30)));
    }
}
