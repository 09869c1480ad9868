using Microsoft.Extensions.Options;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Worker.Monitoring;

namespace VideoRegistry.Worker.Tests.Monitoring;

/// <summary>How the monitor uses L3 results: evidence kept, picture fault → degraded, L3 after a camera returns.</summary>
public sealed class PictureMonitoringTests : IDisposable
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(20);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-picmon-" + Guid.NewGuid().ToString("N"));
    private readonly SnapshotStore _store;

    public PictureMonitoringTests() => _store = new SnapshotStore(Options.Create(new PictureDiagnosisOptions { SnapshotDirectory = _dir }));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>An L3 prober that writes a fake snapshot into the store's incoming folder, like the real one.</summary>
    private ScriptedProber Picture(params ProbeReason[] faults) => new(ProbeTier.Picture, _ => PictureResult(faults), Fast);

    private ProbeResult PictureResult(params ProbeReason[] faults)
    {
        var incoming = _store.NewIncomingPath(".jpg");
        File.WriteAllBytes(incoming, [0xFF, 0xD8, 0xFF, 0xD9]);
        return new ProbeResult
        {
            Tier = ProbeTier.Picture,
            Ok = true,
            Faults = faults,
            Picture = new PictureMeasures { Brightness = 16, BlackSeconds = 3, SampledSeconds = 3 },
            SnapshotPath = incoming,
            CpuSeconds = 0.4,
        };
    }

    private static MonitoringOptions AllDay() => new() { PictureStartHour = 0, PictureEndHour = 0, FailuresToOffline = 1, SuccessesToOnline = 1 };

    [Fact]
    public async Task ProbeNow_PictureFault_SnapshotKeptAndCameraDegraded()
    {
        var cameras = new[] { MonitorTestBed.Camera(1, "black") };
        await using var bed = await MonitorTestBed.StartAsync(cameras, AllDay(), _store, Picture(ProbeReason.Black));

        var result = await bed.Dispatcher.ProbeNowAsync(cameras[0].DeviceId, ProbeTier.Picture, default);

        Assert.NotNull(result?.SnapshotPath);
        Assert.Equal(_store.Latest(cameras[0].DeviceId), result.SnapshotPath);
        Assert.EndsWith("-fault.jpg", result.SnapshotPath, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_store.IncomingDirectory));
        var health = bed.Monitor.Get(cameras[0].DeviceId)!;
        Assert.Equal(HealthState.Degraded, health.State);
        Assert.Equal([ProbeReason.Black], health.Faults);
    }

    [Fact]
    public async Task ProbeNow_CleanPictureAfterFault_OnlineAgainAndFaultEvidenceKept()
    {
        var cameras = new[] { MonitorTestBed.Camera(1, "ok/1") };
        var faulty = true;
        var prober = new ScriptedProber(ProbeTier.Picture, _ => faulty ? PictureResult(ProbeReason.Frozen) : PictureResult(), Fast);
        await using var bed = await MonitorTestBed.StartAsync(cameras, AllDay(), _store, prober);

        await bed.Dispatcher.ProbeNowAsync(cameras[0].DeviceId, ProbeTier.Picture, default);
        faulty = false;
        for (var i = 0; i < 4; i++)
        {
            await bed.Dispatcher.ProbeNowAsync(cameras[0].DeviceId, ProbeTier.Picture, default);
        }

        Assert.Equal(HealthState.Online, bed.Monitor.Get(cameras[0].DeviceId)!.State);
        var kept = _store.List(cameras[0].DeviceId);
        Assert.Equal(4, kept.Count);
        Assert.Single(kept, f => f.EndsWith("-fault.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_CameraBackFromOffline_L3Queued()
    {
        var cameras = new[] { MonitorTestBed.Camera(1, "ok/1") };
        var failing = false;
        var reach = new ScriptedProber(ProbeTier.Reach, _ => failing ? ProbeResult.Failure(ProbeTier.Reach, ProbeReason.Refused, null, TimeSpan.Zero) : ProbeResult.Success(ProbeTier.Reach, TimeSpan.Zero), Fast);
        var picture = Picture();
        await using var bed = await MonitorTestBed.StartAsync(cameras, AllDay(), _store, reach, picture);
        var sweep = () => bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.Zero, default);

        await sweep();
        Assert.Empty(picture.Probed);
        failing = true;
        await sweep();
        Assert.Equal(HealthState.Offline, bed.Monitor.Get(cameras[0].DeviceId)!.State);
        failing = false;
        await sweep();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (picture.Probed.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Single(picture.Probed);
        Assert.True(SpinWait.SpinUntil(() => _store.Latest(cameras[0].DeviceId) is not null, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Apply_BackFromOfflineOutsideL3Hours_NoL3()
    {
        var cameras = new[] { MonitorTestBed.Camera(1, "ok/1") };
        var failing = true;
        var reach = new ScriptedProber(ProbeTier.Reach, _ => failing ? ProbeResult.Failure(ProbeTier.Reach, ProbeReason.Refused, null, TimeSpan.Zero) : ProbeResult.Success(ProbeTier.Reach, TimeSpan.Zero), Fast);
        var picture = Picture();
        var hour = DateTimeOffset.UtcNow.Hour;
        var options = AllDay();
        options.TimeZone = "UTC";
        // A one-hour window that is never "now".
        options.PictureStartHour = (hour + 2) % 23;
        options.PictureEndHour = options.PictureStartHour + 1;
        await using var bed = await MonitorTestBed.StartAsync(cameras, options, _store, reach, picture);
        var sweep = () => bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.Zero, default);

        await sweep();
        await sweep();
        failing = false;
        await sweep();
        await Task.Delay(300);

        Assert.Equal(HealthState.Online, bed.Monitor.Get(cameras[0].DeviceId)!.State);
        Assert.Empty(picture.Probed);
    }

    [Fact]
    public async Task SweepAsync_PictureOutsideL3Hours_StopsWithoutProbing()
    {
        var cameras = Enumerable.Range(1, 3).Select(n => MonitorTestBed.Camera(n, $"ok/{n}")).ToList();
        var picture = Picture();
        var options = AllDay();
        options.TimeZone = "UTC";
        options.PictureStartHour = (DateTimeOffset.UtcNow.Hour + 2) % 23;
        options.PictureEndHour = options.PictureStartHour + 1;
        await using var bed = await MonitorTestBed.StartAsync(cameras, options, _store, picture);

        var stats = await bed.Dispatcher.SweepAsync(ProbeTier.Picture, "sweep-l3", cameras, DateTimeOffset.UtcNow, TimeSpan.FromDays(1), TimeSpan.Zero, default);

        Assert.Equal(0, stats.Cameras);
        Assert.Empty(picture.Probed);
    }

    [Fact]
    public async Task SweepAsync_PictureInL3Hours_EveryCameraProbedAtBoundedConcurrency()
    {
        var cameras = Enumerable.Range(1, 4).Select(n => MonitorTestBed.Camera(n, $"ok/{n}")).ToList();
        var picture = Picture();
        await using var bed = await MonitorTestBed.StartAsync(cameras, AllDay(), _store, picture);

        var stats = await bed.Dispatcher.SweepAsync(ProbeTier.Picture, "sweep-l3", cameras, DateTimeOffset.UtcNow, TimeSpan.FromDays(1), TimeSpan.Zero, default);

        Assert.Equal(4, stats.Cameras);
        Assert.Equal(4, picture.Probed.Count);
        Assert.InRange(picture.MaxInFlight, 1, new MonitoringOptions().PictureConcurrency);
    }

    [Theory]
    [InlineData(8, 18, "2026-11-29T00:30:00Z", true)] // 08:30 in Shanghai
    [InlineData(8, 18, "2026-11-29T10:00:00Z", false)] // 18:00 in Shanghai
    [InlineData(8, 8, "2026-11-29T20:00:00Z", true)] // equal hours: all day
    public void InPictureHours_ShanghaiWindow(int start, int end, string utc, bool inside)
    {
        var options = new MonitoringOptions { PictureStartHour = start, PictureEndHour = end, TimeZone = "Asia/Shanghai" };

        Assert.Equal(inside, options.InPictureHours(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
