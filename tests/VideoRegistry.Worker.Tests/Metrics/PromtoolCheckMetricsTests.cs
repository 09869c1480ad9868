using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Worker.Tests.Observability;

namespace VideoRegistry.Worker.Tests.Metrics;

public sealed class PromtoolCheckMetricsTests
{
    [Fact]
    public async Task Scrape_EveryStateAndIncident_PromtoolCheckMetricsClean()
    {
        using var f = new FleetFixture();
        var states = Enum.GetValues<HealthState>();
        for (var i = 1; i <= 60; i++)
        {
            var state = states[i % states.Length];
            f.Add(i, state, cls: (CameraClass)(1 + (i % 3)), reason: state == HealthState.Offline ? ProbeReason.Timeout : state == HealthState.Degraded ? ProbeReason.Frozen : ProbeReason.None, upstream: 900 + (i % 2));
            f.Availability.Cameras.Add(FleetFixture.Id(i));
        }

        f.Cameras.Add(FleetFixture.Camera(99) with { Name = "带\"引号\\和\n换行", Location = null, Grid = null, Village = null, SiteType = null });
        f.Health.Incidents.Add(new MonitorIncident(1, "upstream", FleetFixture.Id(900, 118).Value, FleetFixture.Now, 20, ProbeReason.Refused));
        f.Telemetry.ProbeStarted(ProbeTier.Stream);
        f.Telemetry.ProbeFinished(ProbeResult.Failure(ProbeTier.Stream, ProbeReason.NoVideo, null, TimeSpan.FromSeconds(1.5)));
        var text = await f.ScrapeAsync();

        var (exit, output) = await ToolRunner.RunAsync("promtool", ["check", "metrics"], stdin: text);

        Assert.True(exit == 0 && output.Trim().Length == 0, $"promtool check metrics (exit {exit}):\n{output}");
        Assert.Contains("videoregistry_camera_up{", text, StringComparison.Ordinal);
        Assert.Contains("videoregistry_monitor_incident{", text, StringComparison.Ordinal);
    }
}
