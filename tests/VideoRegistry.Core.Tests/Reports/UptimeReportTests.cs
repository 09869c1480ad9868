using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Reports;
using static VideoRegistry.Core.Tests.Reports.ReportFixture;

namespace VideoRegistry.Core.Tests.Reports;

/// <summary>
/// One assessment day, 2026-11-01 00:00 → 2026-11-02 00:00 (86,400 s), the monitor down 06:00–07:00 for everyone.
/// A (甲镇, I, G1): offline since 10-31 22:00 (before the period), back 02:00, offline again 20:00 past the end.
///   online 02–20 minus the gap = 61,200; offline 0–2 + 20–24 = 21,600; unknown 3,600; 1 outage in the period
///   (20:00); 1 repair (02:00, began 10-31 22:00 → 4 h = 14,400 s).
/// B (甲镇, II, G1): online, maintenance 10:00–14:00. online 86,400 − 14,400 − 3,600 = 68,400; maintenance 14,400; unknown 3,600.
/// C (乙镇, I, G2): online, black picture 08–12, offline 12–13, online again. online 8 h + 11 h − 1 h gap = 64,800;
///   degraded 14,400; offline 3,600; unknown 3,600; 1 outage, repaired after 3,600 s.
/// D (乙镇, III, no grid): registered, no history at all → unknown the whole 86,400 s.
/// </summary>
public sealed class UptimeReportTests
{
    private static readonly TimeWindow Period = new(Day, Day.AddDays(1));

    private static (List<Camera> Cameras, List<CameraStateSeconds> Seconds, List<HealthTransition> Transitions) History()
    {
        // The history is written by a clock that moves the way the monitor's would.
        var clock = new FakeTimeProvider(Day.AddHours(-2));
        var transitions = new List<HealthTransition>();
        void Move(GbDeviceId id, HealthState from, HealthState to, string reason) => transitions.Add(new HealthTransition(id, clock.GetUtcNow(), from, to, reason));

        Move(Id(1), HealthState.Online, HealthState.Offline, "timeout");          // 10-31 22:00
        clock.Advance(TimeSpan.FromHours(4));
        Move(Id(1), HealthState.Offline, HealthState.Online, TransitionReasons.Recovered); // 02:00
        clock.Advance(TimeSpan.FromHours(6));
        Move(Id(3), HealthState.Online, HealthState.Degraded, "black");          // 08:00
        clock.Advance(TimeSpan.FromHours(2));
        Move(Id(2), HealthState.Online, HealthState.Maintenance, TransitionReasons.Maintenance); // 10:00
        clock.Advance(TimeSpan.FromHours(2));
        Move(Id(3), HealthState.Degraded, HealthState.Offline, "refused");        // 12:00
        clock.Advance(TimeSpan.FromHours(1));
        Move(Id(3), HealthState.Offline, HealthState.Online, TransitionReasons.Recovered); // 13:00
        clock.Advance(TimeSpan.FromHours(1));
        Move(Id(2), HealthState.Maintenance, HealthState.Online, TransitionReasons.MaintenanceEnded); // 14:00
        clock.Advance(TimeSpan.FromHours(6));
        Move(Id(1), HealthState.Online, HealthState.Offline, "timeout");          // 20:00
        clock.Advance(TimeSpan.FromHours(5));
        Move(Id(1), HealthState.Offline, HealthState.Online, TransitionReasons.Recovered); // 11-02 01:00, after the period

        var gap = new[] { new TimeWindow(At(6), At(7)) };
        var seconds = new[] { 1, 2, 3 }
            .Select(n => AvailabilityMath.SecondsPerState(Id(n), HealthState.Online, transitions.Where(t => t.DeviceId == Id(n)), Period, gap))
            .ToList();
        var cameras = new List<Camera>
        {
            Camera(1, CameraClass.I, "甲镇", "G1"),
            Camera(2, CameraClass.II, "甲镇", "G1"),
            Camera(3, CameraClass.I, "乙镇", "G2"),
            Camera(4, CameraClass.III, "乙镇"),
            Camera(5, CameraClass.I, "乙镇", "G2", lifecycle: CameraLifecycle.Decommissioned),
        };
        return (cameras, seconds, transitions);
    }

    [Fact]
    public void Build_ByTownship_MatchesHandComputedFigures()
    {
        var (cameras, seconds, transitions) = History();

        var report = UptimeReport.Build(cameras.Select(CameraSummary.From), seconds, transitions, Period, UptimeGrouping.Township);

        Assert.Equal(["乙镇", "甲镇"], report.Groups.Select(g => g.Group).OrderBy(g => g, StringComparer.Ordinal));
        var jia = report.Groups.Single(g => g.Group == "甲镇");
        Assert.Equal(2, jia.Cameras);
        Assert.Equal(129_600, jia.OnlineSeconds, 6);
        Assert.Equal(21_600, jia.OfflineSeconds, 6);
        Assert.Equal(7_200, jia.UnknownSeconds, 6);
        Assert.Equal(14_400, jia.MaintenanceSeconds, 6);
        Assert.Equal(129_600.0 / 158_400, jia.OnlineRate!.Value, 9);    // 81.82 %
        Assert.Equal(129_600.0 / 158_400, jia.IntactRate!.Value, 9);    // no degraded time
        Assert.Equal(129_600.0 / 151_200, jia.Availability!.Value, 9);  // 85.71 %: unknown leaves both sides
        Assert.Equal(1, jia.Outages);
        Assert.Equal(1, jia.Repairs);
        Assert.Equal(14_400, jia.MeanTimeToRepairSeconds!.Value, 6);    // began before the period
        Assert.Equal([Id(1).Value, Id(2).Value], jia.WorstCameras.Select(w => w.Id));
        Assert.Equal(61_200.0 / 86_400, jia.WorstCameras[0].OnlineRate!.Value, 9);

        var yi = report.Groups.Single(g => g.Group == "乙镇");
        Assert.Equal(2, yi.Cameras);                                    // the decommissioned camera has no time
        Assert.Equal(64_800, yi.OnlineSeconds, 6);
        Assert.Equal(14_400, yi.DegradedSeconds, 6);
        Assert.Equal(3_600, yi.OfflineSeconds, 6);
        Assert.Equal(90_000, yi.UnknownSeconds, 6);                     // C's gap hour + D's whole day
        Assert.Equal(79_200.0 / 172_800, yi.OnlineRate!.Value, 9);      // 45.83 %
        Assert.Equal(64_800.0 / 172_800, yi.IntactRate!.Value, 9);      // 37.50 %
        Assert.Equal(79_200.0 / 82_800, yi.Availability!.Value, 9);     // 95.65 %
        Assert.Equal(3_600, yi.MeanTimeToRepairSeconds!.Value, 6);
        Assert.Equal([Id(4).Value, Id(3).Value], yi.WorstCameras.Select(w => w.Id));

        Assert.Equal(4, report.Total.Cameras);
        Assert.Equal(208_800.0 / 331_200, report.Total.OnlineRate!.Value, 9);   // 63.04 %
        Assert.Equal(208_800.0 / 234_000, report.Total.Availability!.Value, 9); // 89.23 %
        Assert.Equal(2, report.Total.Outages);
        Assert.Equal(9_000, report.Total.MeanTimeToRepairSeconds!.Value, 6);    // (14,400 + 3,600) ÷ 2
    }

    [Fact]
    public void Build_ByClass_OrdersClassesAndSumsSeconds()
    {
        var (cameras, seconds, transitions) = History();

        var report = UptimeReport.Build(cameras.Select(CameraSummary.From), seconds, transitions, Period, UptimeGrouping.Class);

        Assert.Equal(["I", "II", "III"], report.Groups.Select(g => g.Group));
        var classI = report.Groups[0];
        Assert.Equal(2, classI.Cameras);                                         // A and C
        Assert.Equal(140_400.0 / 172_800, classI.OnlineRate!.Value, 9);          // (126,000 + 14,400) ÷ (… + 25,200 + 7,200) = 81.25 %
        Assert.Equal(0.0, report.Groups[2].OnlineRate!.Value, 9);                // D: unknown all day
    }

    [Fact]
    public void Build_HistoryStartingInsideThePeriod_TimeBeforeCountsAsUnknown_ExceptForDecommissioned()
    {
        var (cameras, _, _) = History();
        var late = new CameraStateSeconds { DeviceId = Id(4), Online = 21_600 };     // first seen at 18:00
        var retired = cameras[0] with { Lifecycle = CameraLifecycle.Decommissioned };
        var retiredSeconds = new CameraStateSeconds { DeviceId = retired.DeviceId, Online = 3_600 };

        var report = UptimeReport.Build(
            [CameraSummary.From(cameras[3]), CameraSummary.From(retired)], [late, retiredSeconds], [], Period, UptimeGrouping.Camera);

        var d = report.Groups.Single(g => g.Group == Id(4).Value);
        Assert.Equal(64_800, d.UnknownSeconds, 6);
        Assert.Equal(0.25, d.OnlineRate!.Value, 9);
        var a = report.Groups.Single(g => g.Group == retired.DeviceId.Value);
        Assert.Equal(0, a.UnknownSeconds);
        Assert.Equal(1.0, a.OnlineRate!.Value, 9);
    }

    [Fact]
    public void ToTables_Csv_HasBilingualHeadersAndPercentages()
    {
        var (cameras, seconds, transitions) = History();
        var report = UptimeReport.Build(cameras.Select(CameraSummary.From), seconds, transitions, Period, UptimeGrouping.Township);

        var csv = ReportCsv.ToText(report.ToTables());

        Assert.Contains("在线率 Online rate", csv, StringComparison.Ordinal);
        Assert.Contains("甲镇,2,81.82%,81.82%,85.71%,36.00,0.00,6.00,2.00,4.00,1,1,04:00:00", csv, StringComparison.Ordinal);
        Assert.Contains("合计 Total,4,63.04%", csv, StringComparison.Ordinal);
    }
}
