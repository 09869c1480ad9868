using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Reports;
using static VideoRegistry.Core.Tests.Reports.ReportFixture;

namespace VideoRegistry.Core.Tests.Reports;

public sealed class CoverageReportTests
{
    [Fact]
    public void Build_Catalogue_FindsEveryKindOfGap()
    {
        var grids = new[]
        {
            Grid("G1", "甲镇", required: 2),   // 2 cameras, 1 up → below required
            Grid("G2", "甲镇"),                // cameras, none up
            Grid("G3", "乙镇"),                // no camera at all
            Grid("G4", "乙镇"),                // 1 up: covered
        };
        var cameras = new List<Camera>
        {
            Camera(1, CameraClass.I, "甲镇", "G1", "重点集镇"),
            Camera(2, CameraClass.I, "甲镇", "G1", "主要路段"),
            Camera(3, CameraClass.II, "甲镇", "G2", "学校"),
            Camera(4, CameraClass.III, "乙镇", "G4", "居民小区"),
            Camera(5, CameraClass.III, "乙镇", "G3", "医院", lifecycle: CameraLifecycle.Decommissioned),
        };
        var health = new[]
        {
            new CameraHealth { DeviceId = Id(1), State = HealthState.Online },
            new CameraHealth { DeviceId = Id(2), State = HealthState.Offline },
            new CameraHealth { DeviceId = Id(3), State = HealthState.Unknown },
            new CameraHealth { DeviceId = Id(4), State = HealthState.Degraded },
            new CameraHealth { DeviceId = Id(5), State = HealthState.Online },
        };

        var report = CoverageReport.Build(cameras, grids, health, At(0));

        Assert.Equal(
            [("G3", "no_camera"), ("G2", "none_online"), ("G1", "below_required")],
            report.GridGaps.Select(g => (g.Grid, g.Status)));
        Assert.Equal((2, 1, (int?)2), (report.GridGaps[2].Registered, report.GridGaps[2].Working, report.GridGaps[2].Required));

        var jia = report.Townships.Single(t => t.Township == "甲镇");
        Assert.Equal((2, 1, 0.5), (jia.Grids, jia.CoveredGrids, jia.CoverageRatio!.Value));
        var yi = report.Townships.Single(t => t.Township == "乙镇");
        Assert.Equal((2, 1, 1, 1), (yi.Grids, yi.CoveredGrids, yi.Cameras, yi.WorkingCameras));

        // 甲镇: 主要路段 is registered but down, 学校 is registered but unknown; 居民小区 and 医院 have none.
        Assert.Contains(new KeySiteGapRow("甲镇", "主要路段", "none_working", 1, 0), report.KeySiteGaps);
        Assert.Contains(new KeySiteGapRow("甲镇", "学校", "none_working", 1, 0), report.KeySiteGaps);
        Assert.Contains(new KeySiteGapRow("甲镇", "医院", "none_registered", 0, 0), report.KeySiteGaps);
        Assert.DoesNotContain(report.KeySiteGaps, k => k.Township == "甲镇" && k.SiteType == "重点集镇");
        Assert.DoesNotContain(report.KeySiteGaps, k => k.Township == "乙镇" && k.SiteType == "居民小区"); // degraded still covers
        Assert.Contains(new KeySiteGapRow("乙镇", "医院", "none_registered", 0, 0), report.KeySiteGaps);   // decommissioned does not count
        Assert.True(report.HasFindings);
    }
}
