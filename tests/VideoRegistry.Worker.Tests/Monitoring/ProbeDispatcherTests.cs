using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Worker.Monitoring;

namespace VideoRegistry.Worker.Tests.Monitoring;

public sealed class ProbeDispatcherTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(20);

    private static ProbeResult Ok(ProbeTier tier) => ProbeResult.Success(tier, TimeSpan.FromMilliseconds(1));

    [Fact]
    public async Task SweepAsync_OneProberCrash_SweepGoesOnAndOthersApplied()
    {
        var cameras = Enumerable.Range(1, 10).Select(n => MonitorTestBed.Camera(n, n == 3 ? "boom/3" : $"ok/{n}")).ToList();
        var prober = new ScriptedProber(ProbeTier.Reach, e => e.Uri.AbsolutePath.StartsWith("/boom", StringComparison.Ordinal) ? throw new InvalidOperationException("bug") : Ok(ProbeTier.Reach), Fast);
        await using var bed = await MonitorTestBed.StartAsync(cameras, new MonitoringOptions(), prober);

        var stats = await bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), default);

        Assert.Equal(10, stats.Cameras);
        Assert.Equal(1, stats.Crashed);
        Assert.Equal(9, bed.Monitor.Snapshot().Count(h => h.State == HealthState.Online));
        Assert.Equal(HealthState.Unknown, bed.Monitor.Get(cameras[2].DeviceId)!.State);
        Assert.Equal(10, bed.Telemetry.Started);
        Assert.Equal(10, bed.Telemetry.Finished);
    }

    [Fact]
    public async Task SweepAsync_ConcurrencyBoundedAndLagMeasured()
    {
        var cameras = Enumerable.Range(1, 12).Select(n => MonitorTestBed.Camera(n, $"ok/{n}")).ToList();
        var prober = new ScriptedProber(ProbeTier.Stream, _ => Ok(ProbeTier.Stream), TimeSpan.FromMilliseconds(100));
        await using var bed = await MonitorTestBed.StartAsync(cameras, new MonitoringOptions { StreamConcurrency = 2 }, prober);

        // All 12 planned at once with 2 slots of 100 ms: the last starts ~500 ms late.
        var stats = await bed.Dispatcher.SweepAsync(ProbeTier.Stream, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5), TimeSpan.Zero, default);

        Assert.Equal(2, prober.MaxInFlight);
        Assert.InRange(stats.MaxLag, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
        Assert.Equal(12, bed.Telemetry.Lags.Count);
    }

    [Fact]
    public async Task SweepAsync_Spread_EachCameraStartsNearItsSlot_NeverMoreThanOneTickEarly()
    {
        var cameras = Enumerable.Range(1, 40).Select(n => MonitorTestBed.Camera(n, $"ok/{n}")).ToList();
        var started = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>();
        var prober = new ScriptedProber(ProbeTier.Reach, e =>
        {
            started[e.Uri.AbsolutePath] = DateTimeOffset.UtcNow;
            return Ok(ProbeTier.Reach);
        }, TimeSpan.FromMilliseconds(1));
        await using var bed = await MonitorTestBed.StartAsync(cameras, new MonitoringOptions(), prober);
        var spread = TimeSpan.FromSeconds(2);
        var plannedStart = DateTimeOffset.UtcNow.AddMilliseconds(100);

        var stats = await bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, plannedStart, TimeSpan.FromSeconds(3), spread, default);

        Assert.Equal(40, stats.Cameras);
        foreach (var slot in SweepPlan.Build(cameras, spread))
        {
            var at = started[slot.Camera.Stream!.Uri.AbsolutePath] - (plannedStart + slot.Offset);
            Assert.True(at >= -ProbeDispatcher.DispatchTick - TimeSpan.FromMilliseconds(15), $"{slot.Camera.DeviceId} started {at.TotalMilliseconds:F0} ms from its slot");
            Assert.True(at < TimeSpan.FromSeconds(1), $"{slot.Camera.DeviceId} started {at.TotalMilliseconds:F0} ms late");
        }

        // Spread, not stampeded: the starts cover most of the window.
        Assert.True(started.Values.Max() - started.Values.Min() > spread * 0.7);
    }

    [Fact]
    public async Task Apply_ReachStateChange_TriggersImmediateStreamProbe()
    {
        var cameras = new[] { MonitorTestBed.Camera(1, "ok/1") };
        var failing = false;
        var reach = new ScriptedProber(ProbeTier.Reach, _ => failing ? ProbeResult.Failure(ProbeTier.Reach, ProbeReason.Refused, null, TimeSpan.Zero) : Ok(ProbeTier.Reach), Fast);
        var stream = new ScriptedProber(ProbeTier.Stream, _ => ProbeResult.Failure(ProbeTier.Stream, ProbeReason.Refused, null, TimeSpan.Zero), Fast);
        await using var bed = await MonitorTestBed.StartAsync(cameras, new MonitoringOptions { FailuresToOffline = 1 }, reach, stream);

        await bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.Zero, default);
        Assert.Empty(stream.Probed);
        failing = true;
        await bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.Zero, default);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (stream.Probed.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Single(stream.Probed);
        Assert.Equal(HealthState.Offline, bed.Monitor.Get(cameras[0].DeviceId)!.State);
    }

    [Fact]
    public async Task ProbeNowAsync_RegisteredCamera_ProbedAndApplied()
    {
        var cameras = new[] { MonitorTestBed.Camera(1, "ok/1") };
        var reach = new ScriptedProber(ProbeTier.Reach, _ => Ok(ProbeTier.Reach), Fast);
        await using var bed = await MonitorTestBed.StartAsync(cameras, new MonitoringOptions(), reach);

        var result = await bed.Dispatcher.ProbeNowAsync(cameras[0].DeviceId, ProbeTier.Reach, default);
        var none = await bed.Dispatcher.ProbeNowAsync(cameras[0].DeviceId, ProbeTier.Picture, default);
        await bed.Monitor.FlushAsync(default);

        Assert.True(result!.Ok);
        Assert.Null(none);
        Assert.Equal(HealthState.Online, bed.Monitor.Get(cameras[0].DeviceId)!.State);
        Assert.Equal(HealthState.Online, Assert.Single(await bed.Store.LoadStatesAsync(default)).State);
        Assert.Single(await bed.Store.LatestProbesAsync(cameras[0].DeviceId, default));
    }

    [Fact]
    public async Task Apply_UpstreamDown_OneIncidentAndNoOfflineCameras()
    {
        var cameras = Enumerable.Range(1, 25).Select(n => MonitorTestBed.Camera(n, $"ok/{n}", "黄羊川镇")).ToList();
        var down = false;
        var reach = new ScriptedProber(ProbeTier.Reach, _ => down ? ProbeResult.Failure(ProbeTier.Reach, ProbeReason.Refused, null, TimeSpan.Zero) : Ok(ProbeTier.Reach), Fast);
        await using var bed = await MonitorTestBed.StartAsync(cameras, new MonitoringOptions(), reach);

        await bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.Zero, default);
        down = true;
        for (var i = 0; i < 4; i++)
        {
            await bed.Dispatcher.SweepAsync(ProbeTier.Reach, "t", cameras, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.Zero, default);
        }

        await bed.Monitor.FlushAsync(default);

        var incident = Assert.Single(bed.Monitor.OpenIncidents());
        Assert.Equal("township", incident.Kind);
        Assert.DoesNotContain(bed.Monitor.Snapshot(), h => h.State == HealthState.Offline);
        Assert.Single(await bed.Store.IncidentsAsync(includeClosed: false, default));
    }
}
