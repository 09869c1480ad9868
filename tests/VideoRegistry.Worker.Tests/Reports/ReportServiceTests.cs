using VideoRegistry.Core.Health;
using VideoRegistry.Core.Reports;
using VideoRegistry.Storage.Health;
using VideoRegistry.Storage.Registry;
using VideoRegistry.Worker.Reports;
using static VideoRegistry.Worker.Tests.Reports.StoredHistory;

namespace VideoRegistry.Worker.Tests.Reports;

/// <summary>Report figures from the store (rollups + transitions) against the hand-computed day of the Core tests.</summary>
public sealed class ReportServiceTests(StoredHistory history) : IClassFixture<StoredHistory>
{
    private ReportService Service()
    {
        var db = history.Database;
        return new ReportService(new SqliteCameraRepository(db, history.Clock), new SqliteGridRepository(db, history.Clock), new HealthStore(db), new AvailabilityStore(db, history.Clock), history.Clock);
    }

    [Fact]
    public async Task Uptime_DayByTownship_MatchesHandComputedFigures()
    {
        var report = await Service().UptimeAsync(Day, Day.AddDays(1), UptimeGrouping.Township, default);

        var jia = report.Groups.Single(g => g.Group == "甲镇");
        Assert.Equal(2, jia.Cameras);
        Assert.Equal(129_600, jia.OnlineSeconds, 3);
        Assert.Equal(21_600, jia.OfflineSeconds, 3);
        Assert.Equal(7_200, jia.UnknownSeconds, 3);
        Assert.Equal(14_400, jia.MaintenanceSeconds, 3);
        Assert.Equal(129_600.0 / 158_400, jia.OnlineRate!.Value, 9);
        Assert.Equal(129_600.0 / 151_200, jia.Availability!.Value, 9);
        Assert.Equal((1, 1), (jia.Outages, jia.Repairs));
        Assert.Equal(14_400, jia.MeanTimeToRepairSeconds!.Value, 3);   // the outage began the evening before

        var yi = report.Groups.Single(g => g.Group == "乙镇");
        Assert.Equal(2, yi.Cameras);                                     // E decommissioned, D never seen
        Assert.Equal(64_800, yi.OnlineSeconds, 3);
        Assert.Equal(14_400, yi.DegradedSeconds, 3);
        Assert.Equal(3_600, yi.OfflineSeconds, 3);
        Assert.Equal(90_000, yi.UnknownSeconds, 3);
        Assert.Equal(64_800.0 / 172_800, yi.IntactRate!.Value, 9);
        Assert.Equal(3_600, yi.MeanTimeToRepairSeconds!.Value, 3);

        Assert.Equal(4, report.Total.Cameras);
        Assert.Equal(208_800.0 / 331_200, report.Total.OnlineRate!.Value, 9);
        Assert.Equal(9_000, report.Total.MeanTimeToRepairSeconds!.Value, 3);
    }

    [Fact]
    public async Task Uptime_PartialHoursAtBothEnds_CameraA()
    {
        // 01:30 → 20:30: offline 01:30–02:00, online 02–06 and 07–20, unknown 06–07 (monitor down), offline 20:00–20:30.
        var report = await Service().UptimeAsync(At(1.5), At(20.5), UptimeGrouping.Camera, default);

        var a = report.Groups.Single(g => g.Group == Id('A').Value);
        Assert.Equal(61_200, a.OnlineSeconds, 3);
        Assert.Equal(3_600, a.OfflineSeconds, 3);
        Assert.Equal(3_600, a.UnknownSeconds, 3);
        Assert.Equal(1, a.Outages);                                       // 20:00; the 22:00 outage began before the period
        Assert.Equal(14_400, a.MeanTimeToRepairSeconds!.Value, 3);
        var b = report.Groups.Single(g => g.Group == Id('B').Value);
        Assert.Equal(14_400, b.MaintenanceSeconds, 3);
        Assert.Equal(50_400.0 / 54_000, b.OnlineRate!.Value, 9);               // 19 h − 4 h maintenance; the gap hour counts against
    }

    [Fact]
    public async Task Dead_FromStoredStates_OfflineCameraOnly()
    {
        var report = await Service().DeadAsync(default);

        var row = Assert.Single(report.Cameras);
        Assert.Equal((Id('A').Value, "offline", "refused"), (row.Id, row.State, row.Reason));
        Assert.Equal(6 * 3600, row.DurationSeconds, 3);
        Assert.Equal($"/api/cameras/{Id('A').Value}/snapshot", row.Snapshot);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("2026-11-01", "2026-11-02", null)]
    [InlineData("2026-11-01T08:00:00+08:00", null, null)]
    [InlineData("11/01/2026 x", null, "'11/01/2026 x'")]
    [InlineData("2026-11-02", "2026-11-01", "must be before")]
    [InlineData("2025-01-01", "2026-11-01", "longer than 400 days")]
    public void ResolvePeriod_ValidatesAndNamesTheValue(string? from, string? to, string? problem)
    {
        var now = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

        var message = ReportService.ResolvePeriod(from, to, now, out var start, out var end);

        if (problem is null)
        {
            Assert.Null(message);
            Assert.True(start < end);
            if (to is null)
            {
                Assert.Equal(now, end);
            }

            if (from is not null)
            {
                Assert.Equal(0, start.Hour + start.Minute);   // both dates given here are midnight UTC (08:00+08:00 too)
            }
        }
        else
        {
            Assert.Contains(problem, message, StringComparison.Ordinal);
        }
    }
}
