using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Tests.Metrics;

public sealed class FleetMetricsTests
{
    [Fact]
    public async Task Scrape_CameraUpPerState_PresentOnlyForOnlineDegradedOffline()
    {
        using var f = new FleetFixture();
        f.Add(1, HealthState.Online);
        f.Add(2, HealthState.Degraded, reason: ProbeReason.Black);
        f.Add(3, HealthState.Offline, reason: ProbeReason.Timeout);
        f.Add(4, HealthState.Unknown);
        f.Add(5, null);
        f.Add(6, HealthState.Online, lifecycle: CameraLifecycle.Maintenance);
        f.Add(7, HealthState.Online, lifecycle: CameraLifecycle.Decommissioned);

        var samples = ExpositionParser.Parse(await f.ScrapeAsync());

        var up = samples.Named("videoregistry_camera_up").ToDictionary(s => s.Labels["camera_id"], s => s.Value);
        Assert.Equal(3, up.Count);
        Assert.Equal(1, up[FleetFixture.Id(1).Value]);
        Assert.Equal(1, up[FleetFixture.Id(2).Value]);
        Assert.Equal(0, up[FleetFixture.Id(3).Value]);
        var info = samples.Named("videoregistry_camera_info").Select(s => s.Labels["camera_id"]).ToHashSet();
        Assert.Equal(6, info.Count);
        Assert.DoesNotContain(FleetFixture.Id(7).Value, info);
        var offlineSince = Assert.Single(samples.Named("videoregistry_camera_offline_since_timestamp_seconds"));
        Assert.Equal(FleetFixture.Now.AddMinutes(-30).ToUnixTimeSeconds(), offlineSince.Value);
        var faults = samples.Named("videoregistry_camera_fault_since_timestamp_seconds").ToDictionary(s => s.Labels["camera_id"], s => (s.Labels["state"], s.Labels["reason"]));
        Assert.Equal(("degraded", "black"), faults[FleetFixture.Id(2).Value]);
        Assert.Equal(("offline", "timeout"), faults[FleetFixture.Id(3).Value]);
        Assert.Equal(2, faults.Count);
    }

    [Fact]
    public async Task Scrape_Aggregates_CountsAndRatiosPerClassAndTownship()
    {
        using var f = new FleetFixture();
        const string town = "古浪镇";
        f.Add(1, HealthState.Online, township: town);
        f.Add(2, HealthState.Degraded, reason: ProbeReason.Frozen, township: town);
        f.Add(3, HealthState.Offline, reason: ProbeReason.Refused, township: town);
        f.Add(4, HealthState.Unknown, township: town);
        f.Add(5, HealthState.Online, lifecycle: CameraLifecycle.Maintenance, township: town);
        f.Add(6, HealthState.Online, cls: CameraClass.III, township: town);

        var samples = ExpositionParser.Parse(await f.ScrapeAsync());

        double Get(string name, params (string K, string V)[] labels) => Assert.Single(
            samples.Named(name),
            s => labels.All(l => s.Labels.TryGetValue(l.K, out var v) && v == l.V)).Value;

        Assert.Equal(1, Get("videoregistry_cameras", ("class", "I"), ("township", town), ("status", "offline")));
        Assert.Equal(1, Get("videoregistry_cameras", ("class", "I"), ("township", town), ("status", "maintenance")));
        Assert.Equal(0, Get("videoregistry_cameras", ("class", "I"), ("township", town), ("status", "decommissioned")));
        // 在线率 = (online + degraded) / (registered - maintenance) = 2/4; 完好率 = 1/4.
        Assert.Equal(0.5, Get("videoregistry_online_ratio", ("class", "I"), ("township", town)));
        Assert.Equal(0.25, Get("videoregistry_intact_ratio", ("class", "I"), ("township", town)));
        Assert.Equal(1, Get("videoregistry_online_ratio", ("class", "III"), ("township", town)));
        Assert.Equal(0.98, Get("videoregistry_target_ratio", ("class", "I")));
        Assert.Equal(0.95, Get("videoregistry_target_ratio", ("class", "II")));
    }

    [Fact]
    public async Task Scrape_AvailabilityWindows_SummedPerClassAndTownship()
    {
        using var f = new FleetFixture();
        var camera = f.Add(1, HealthState.Online, township: "土门镇");
        f.Availability.Cameras.Add(camera.DeviceId);

        var samples = ExpositionParser.Parse(await f.ScrapeAsync());

        var windows = samples.Named("videoregistry_availability_ratio").Where(s => s.Labels["township"] == "土门镇").ToDictionary(s => s.Labels["window"], s => s.Value);
        Assert.Equal(["24h", "30d", "7d"], windows.Keys.Order(StringComparer.Ordinal));
        Assert.All(windows.Values, v => Assert.Equal(0.9, v, 6));
    }

    [Fact]
    public async Task Scrape_CameraEditedInRegistry_PreRenderedLabelsFollowTheEdit()
    {
        using var f = new FleetFixture();
        var camera = f.Add(1, HealthState.Online, township: "古浪镇");
        var before = ExpositionParser.Parse(await f.ScrapeAsync());
        Assert.Equal("古浪镇", before.Named("videoregistry_camera_up").Single().Labels["township"]);

        f.Cameras[0] = camera with { Name = "新名称 \"东门\"", Township = "土门镇", Class = CameraClass.II };
        var after = ExpositionParser.Parse(await f.ScrapeAsync());

        var up = after.Named("videoregistry_camera_up").Single();
        Assert.Equal(("土门镇", "II"), (up.Labels["township"], up.Labels["class"]));
        var info = after.Named("videoregistry_camera_info").Single();
        Assert.Equal(("新名称 \"东门\"", "土门镇", "II"), (info.Labels["name"], info.Labels["township"], info.Labels["class"]));
    }

    [Fact]
    public async Task Scrape_CameraRemovedFromRegistry_ItsSeriesAndEmptiedLabelsDisappear()
    {
        using var f = new FleetFixture();
        f.Add(1, HealthState.Online, township: "古浪镇");
        var removed = f.Add(2, HealthState.Offline, reason: ProbeReason.Timeout, township: "大靖镇", upstream: 900);
        var before = await f.ScrapeAsync();
        Assert.Contains(removed.DeviceId.Value, before, StringComparison.Ordinal);
        Assert.Contains("大靖镇", before, StringComparison.Ordinal);

        f.Cameras.Remove(removed);
        var after = await f.ScrapeAsync();

        Assert.DoesNotContain(removed.DeviceId.Value, after, StringComparison.Ordinal);
        Assert.DoesNotContain("大靖镇", after, StringComparison.Ordinal);
        Assert.DoesNotContain(FleetFixture.Id(900, 118).Value, after, StringComparison.Ordinal);
        Assert.Contains(FleetFixture.Id(1).Value, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_AnyLabel_HasNoUrlCredentialOrControlCharacter()
    {
        using var f = new FleetFixture();
        f.Add(1, HealthState.Offline, reason: ProbeReason.Auth);
        f.Cameras.Add(FleetFixture.Camera(2) with { Name = "evil\"name\\with\nnewline\tand\u0007bell", Village = "村\r\n" });
        f.Health.Incidents.Add(new MonitorIncident(1, "upstream", FleetFixture.Id(900, 118).Value, FleetFixture.Now, 12, ProbeReason.Timeout));

        var text = await f.ScrapeAsync();
        var samples = ExpositionParser.Parse(text);

        Assert.DoesNotContain("s3cret-pw", text, StringComparison.Ordinal);
        Assert.DoesNotContain("rtsp:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", text, StringComparison.Ordinal);
        Assert.All(samples.SelectMany(s => s.Labels.Values), v => Assert.DoesNotContain(v, char.IsControl));
        var name = Assert.Single(samples.Named("videoregistry_camera_info"), s => s.Labels["camera_id"] == FleetFixture.Id(2).Value).Labels["name"];
        Assert.Equal("evil\"name\\with newline and bell", name);
        Assert.Equal(12, Assert.Single(samples.Named("videoregistry_monitor_incident")).Value);
    }

    [Fact]
    public async Task Scrape_PerCameraOff_OnlyAggregates()
    {
        using var f = new FleetFixture(perCamera: false);
        f.Add(1, HealthState.Offline, reason: ProbeReason.Timeout);

        var samples = ExpositionParser.Parse(await f.ScrapeAsync());

        Assert.DoesNotContain(samples, s => s.Name.StartsWith("videoregistry_camera_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name == "videoregistry_cameras" && s.Labels["status"] == "offline" && s.Value == 1);
    }

    [Fact]
    public async Task Scrape_GridsAndSites_CoveredWhenAWorkingCameraIsThere()
    {
        using var f = new FleetFixture();
        f.Grids.Add(new Grid { Code = "G-EMPTY", Name = "空网格", Township = "古浪镇" });
        f.Cameras.Add(FleetFixture.Camera(1, township: "古浪镇", grid: "G-A") with { SiteType = "学校" });
        f.Cameras.Add(FleetFixture.Camera(2, township: "古浪镇", grid: "G-B") with { SiteType = "学校", Village = "另一村" });
        f.Health.Set(new CameraHealth { DeviceId = FleetFixture.Id(1), State = HealthState.Degraded });
        f.Health.Set(new CameraHealth { DeviceId = FleetFixture.Id(2), State = HealthState.Offline });

        var samples = ExpositionParser.Parse(await f.ScrapeAsync());

        var grids = samples.Named("videoregistry_grids").ToDictionary(s => s.Labels["covered"], s => s.Value);
        Assert.Equal(1, grids["true"]);
        Assert.Equal(2, grids["false"]);
        Assert.Equal(0.5, Assert.Single(samples.Named("videoregistry_coverage_ratio"), s => s.Labels["site_type"] == "学校").Value);
    }

    [Fact]
    public async Task Scrape_UpstreamDown_CountsOfflineBehindIt()
    {
        using var f = new FleetFixture();
        for (var i = 1; i <= 4; i++)
        {
            f.Add(i, i == 4 ? HealthState.Online : HealthState.Offline, reason: ProbeReason.Refused, upstream: 900);
        }

        var samples = ExpositionParser.Parse(await f.ScrapeAsync());

        var upstream = FleetFixture.Id(900, 118).Value;
        Assert.Equal(4, Assert.Single(samples.Named("videoregistry_upstream_cameras")).Value);
        var down = Assert.Single(samples.Named("videoregistry_upstream_cameras_down"));
        Assert.Equal(3, down.Value);
        Assert.Equal(upstream, down.Labels["upstream"]);
        Assert.All(samples.Named("videoregistry_camera_info"), s => Assert.Equal(upstream, s.Labels["upstream"]));
    }

    [Fact]
    public async Task Telemetry_ProbeCalls_CountersHistogramAndGauges()
    {
        using var f = new FleetFixture();
        f.Telemetry.ProbeStarted(ProbeTier.Reach);
        f.Telemetry.ProbeStarted(ProbeTier.Reach);
        f.Telemetry.ProbeFinished(ProbeResult.Failure(ProbeTier.Reach, ProbeReason.Timeout, null, TimeSpan.FromSeconds(3)));
        f.Telemetry.SweepLag(ProbeTier.Stream, TimeSpan.FromSeconds(42));

        var samples = ExpositionParser.Parse(await f.ScrapeAsync());

        Assert.Equal(1, Assert.Single(samples.Named("videoregistry_probes_total"), s => s.Labels["reason"] == "timeout" && s.Labels["result"] == "failure" && s.Labels["tier"] == "reach").Value);
        Assert.Equal(1, Assert.Single(samples.Named("videoregistry_probes_in_flight"), s => s.Labels["tier"] == "reach").Value);
        Assert.Equal(42, Assert.Single(samples.Named("videoregistry_sweep_lag_seconds"), s => s.Labels["tier"] == "stream").Value);
        Assert.Equal(1, Assert.Single(samples.Named("videoregistry_probe_duration_seconds_count"), s => s.Labels["tier"] == "reach").Value);
        Assert.Equal(3, Assert.Single(samples.Named("videoregistry_probe_duration_seconds_sum"), s => s.Labels["tier"] == "reach").Value);
    }
}
