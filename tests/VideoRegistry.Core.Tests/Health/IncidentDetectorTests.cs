using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using static VideoRegistry.Core.Tests.Health.HealthTestData;

namespace VideoRegistry.Core.Tests.Health;

public sealed class IncidentDetectorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly IncidentDetector _detector;

    public IncidentDetectorTests()
    {
        _detector = new IncidentDetector(IncidentPolicy.Default, _time);
        var cameras = new List<Camera>();
        for (var i = 0; i < 25; i++)
        {
            cameras.Add(Camera(i, "黄羊川镇", UpstreamId(1)));
        }

        for (var i = 100; i < 130; i++)
        {
            cameras.Add(Camera(i, "古浪镇"));
        }

        _detector.SetCameras(cameras);
    }

    [Fact]
    public void Observe_UpstreamMostlyFailingWithNetworkReasons_OpensOneIncident()
    {
        var opened = new List<IncidentChange>();
        for (var i = 0; i < 25; i++)
        {
            opened.AddRange(_detector.Observe(Id(i), Fail(ProbeReason.Refused)));
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        var incident = Assert.Single(opened);
        Assert.True(incident.Opened);
        Assert.Equal(IncidentDetector.KindUpstream, incident.Incident.Kind);
        Assert.Equal(UpstreamId(1).Value, incident.Incident.Scope);
        Assert.Equal(20, incident.Incident.Cameras);
        Assert.Equal(ProbeReason.Refused, incident.Incident.Reason);
        Assert.True(_detector.Covers(Id(3), ProbeReason.Refused));
        Assert.False(_detector.Covers(Id(3), ProbeReason.NotFound));
        Assert.False(_detector.Covers(Id(100), ProbeReason.Refused));
    }

    [Fact]
    public void Observe_FailuresNotNetwork_NoIncident()
    {
        for (var i = 0; i < 25; i++)
        {
            Assert.Empty(_detector.Observe(Id(i), Fail(ProbeReason.NotFound)));
        }

        Assert.Empty(_detector.Open());
    }

    [Fact]
    public void Observe_BelowShare_NoIncident()
    {
        for (var i = 100; i < 130; i++)
        {
            _detector.Observe(Id(i), i < 122 ? Fail(ProbeReason.Timeout) : Ok());
        }

        // 22 of 30 = 73% < 80%.
        Assert.Empty(_detector.Open());
    }

    [Fact]
    public void Observe_FailuresSpreadOverMoreThanOneSweep_NoIncident()
    {
        for (var i = 100; i < 130; i++)
        {
            _detector.Observe(Id(i), Fail(ProbeReason.Timeout));
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Empty(_detector.Open());
    }

    [Fact]
    public void Observe_Recovery_ClosesIncident()
    {
        for (var i = 0; i < 25; i++)
        {
            _detector.Observe(Id(i), Fail(ProbeReason.Refused));
        }

        var closed = new List<IncidentChange>();
        for (var i = 0; i < 25; i++)
        {
            closed.AddRange(_detector.Observe(Id(i), Ok()));
        }

        var change = Assert.Single(closed);
        Assert.False(change.Opened);
        Assert.Empty(_detector.Open());
    }

    [Fact]
    public void Observe_FailuresAgeOutWithoutRecoveries_IncidentClosesWithinASixthOfTheWindow()
    {
        for (var i = 0; i < 25; i++)
        {
            _detector.Observe(Id(i), Fail(ProbeReason.Refused));
        }

        Assert.Single(_detector.Open());

        // 13 cameras recover (12 of 25 still failing = 48 %: stays open) and keep reporting the same success; the
        // other 12 are not heard from again. Once their failures are older than the window, a re-count (at most a
        // sixth of the window after the last one, with no outcome changing) closes the incident.
        var closedAt = (DateTimeOffset?)null;
        for (var step = 0; step < 40 && closedAt is null; step++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            for (var i = 0; i < 13 && closedAt is null; i++)
            {
                if (_detector.Observe(Id(i), Ok()).Any(c => !c.Opened))
                {
                    closedAt = _time.GetUtcNow();
                }
            }
        }

        Assert.NotNull(closedAt);
        var opened = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.InRange(closedAt.Value - opened, IncidentPolicy.Default.Window, IncidentPolicy.Default.Window + (IncidentPolicy.Default.Window / 6) + TimeSpan.FromSeconds(5));
        Assert.Empty(_detector.Open());
    }

    [Fact]
    public void Observe_IncidentRestoredAfterRestart_NotClosedBeforeHalfTheGroupIsHeardFrom()
    {
        _detector.Restore(new MonitorIncident(7, IncidentDetector.KindUpstream, UpstreamId(1).Value, _time.GetUtcNow().AddHours(-1), 25, ProbeReason.Refused), 8);

        // The new sweep reaches the upstream's cameras one by one; still down, but the first ones alone are 1, 2, …
        // of 25 failing. Nothing closes, and the incident is still the restored one when the sweep is through.
        var changes = new List<IncidentChange>();
        for (var i = 0; i < 25; i++)
        {
            changes.AddRange(_detector.Observe(Id(i), Fail(ProbeReason.Refused)));
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Empty(changes);
        Assert.Equal(7, Assert.Single(_detector.Open()).Id);
    }

    [Fact]
    public void Observe_SameOutcomeRepeated_DoesNotOpenTwiceAndStillOpensOnTheFlipThatCrossesTheShare()
    {
        // 19 failing of 25 (76 %): below the share; repeating those outcomes changes nothing.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 25; i++)
            {
                Assert.Empty(_detector.Observe(Id(i), i < 19 ? Fail(ProbeReason.Timeout) : Ok()));
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // The 20th camera failing crosses 80 %: opened by that very observation.
        var change = Assert.Single(_detector.Observe(Id(19), Fail(ProbeReason.Timeout)));
        Assert.True(change.Opened);
        Assert.Equal(20, change.Incident.Cameras);
    }

    [Fact]
    public void Observe_TownshipFailingWithoutUpstream_OpensTownshipIncident()
    {
        for (var i = 100; i < 130; i++)
        {
            _detector.Observe(Id(i), Fail(ProbeReason.Unreachable));
        }

        var incident = Assert.Single(_detector.Open());
        Assert.Equal(IncidentDetector.KindTownship, incident.Kind);
        Assert.Equal("古浪镇", incident.Scope);
    }

    [Fact]
    public void ObserveCanary_Failing_CoversEveryCameraUntilItRecovers()
    {
        var opened = _detector.ObserveCanary("gateway", ok: false, ProbeReason.Timeout);

        Assert.True(Assert.Single(opened).Opened);
        Assert.True(_detector.Covers(Id(100), ProbeReason.Timeout));

        var closed = _detector.ObserveCanary("gateway", ok: true, ProbeReason.None);

        Assert.False(Assert.Single(closed).Opened);
        Assert.False(_detector.Covers(Id(100), ProbeReason.Timeout));
    }

    [Fact]
    public void IncidentSuppression_TrackerKeepsCamerasUnknown()
    {
        var tracker = new HealthTracker(HealthPolicy.Default, _time);
        for (var i = 0; i < 25; i++)
        {
            tracker.Observe(Id(i), Ok());
        }

        for (var sweep = 0; sweep < 4; sweep++)
        {
            for (var i = 0; i < 25; i++)
            {
                var result = Fail(ProbeReason.Refused);
                _detector.Observe(Id(i), result);
                if (_detector.Covers(Id(i), result.Reason))
                {
                    tracker.ObserveSuppressed(Id(i), result.Reason);
                }
                else
                {
                    tracker.Observe(Id(i), result);
                }
            }

            _time.Advance(TimeSpan.FromSeconds(60));
        }

        var states = Enumerable.Range(0, 25).Select(i => tracker.Get(Id(i))!.State).ToList();
        Assert.DoesNotContain(HealthState.Offline, states);
        Assert.Equal(25, states.Count(s => s == HealthState.Unknown));
    }
}
