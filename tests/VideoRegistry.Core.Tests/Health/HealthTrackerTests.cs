using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using static VideoRegistry.Core.Tests.Health.HealthTestData;

namespace VideoRegistry.Core.Tests.Health;

public sealed class HealthTrackerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly HealthTracker _tracker;

    public HealthTrackerTests() => _tracker = new HealthTracker(HealthPolicy.Default, _time);

    [Fact]
    public void Observe_UnknownFirstSuccess_GoesOnline()
    {
        var t = _tracker.Observe(Id(1), Ok());

        Assert.NotNull(t);
        Assert.Equal(HealthState.Unknown, t.From);
        Assert.Equal(HealthState.Online, t.To);
        Assert.Equal(_time.GetUtcNow(), t.At);
        Assert.Equal(HealthState.Online, _tracker.Get(Id(1))!.State);
    }

    [Fact]
    public void Observe_UnknownFailures_OfflineOnlyAfterN()
    {
        Assert.Null(_tracker.Observe(Id(1), Fail(ProbeReason.NotFound)));
        Assert.Null(_tracker.Observe(Id(1), Fail(ProbeReason.NotFound)));
        var t = _tracker.Observe(Id(1), Fail(ProbeReason.NotFound));

        Assert.NotNull(t);
        Assert.Equal(HealthState.Offline, t.To);
        Assert.Equal("not_found", t.Reason);
    }

    [Fact]
    public void Observe_OnlineTwoFailuresThenSuccess_StaysOnline()
    {
        _tracker.Observe(Id(1), Ok());
        Assert.Null(_tracker.Observe(Id(1), Fail(ProbeReason.Timeout)));
        Assert.Null(_tracker.Observe(Id(1), Fail(ProbeReason.Timeout)));
        Assert.Null(_tracker.Observe(Id(1), Ok()));
        Assert.Null(_tracker.Observe(Id(1), Fail(ProbeReason.Timeout)));

        Assert.Equal(HealthState.Online, _tracker.Get(Id(1))!.State);
    }

    [Fact]
    public void Observe_OnlineThreeFailures_OfflineWithLastReason()
    {
        _tracker.Observe(Id(1), Ok());
        _tracker.Observe(Id(1), Fail(ProbeReason.Timeout));
        _tracker.Observe(Id(1), Fail(ProbeReason.Timeout));
        var t = _tracker.Observe(Id(1), Fail(ProbeReason.Refused));

        Assert.Equal(HealthState.Offline, t!.To);
        Assert.Equal("refused", t.Reason);
        Assert.Equal(ProbeReason.Refused, _tracker.Get(Id(1))!.Reason);
    }

    [Fact]
    public void Observe_OfflineKeepsLatestFailureReason()
    {
        for (var i = 0; i < 3; i++)
        {
            _tracker.Observe(Id(1), Fail(ProbeReason.Timeout));
        }

        _tracker.Observe(Id(1), Fail(ProbeReason.Auth));

        Assert.Equal(ProbeReason.Auth, _tracker.Get(Id(1))!.Reason);
    }

    [Fact]
    public void Observe_FailingLongerThanT_OfflineBeforeN()
    {
        var tracker = new HealthTracker(HealthPolicy.Default with { FailuresToOffline = 10, FailingLongerThan = TimeSpan.FromMinutes(5) }, _time);
        tracker.Observe(Id(1), Ok());
        Assert.Null(tracker.Observe(Id(1), Fail(ProbeReason.Timeout)));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(tracker.Observe(Id(1), Fail(ProbeReason.Timeout)));
        _time.Advance(TimeSpan.FromMinutes(1));
        var t = tracker.Observe(Id(1), Fail(ProbeReason.Timeout));

        Assert.Equal(HealthState.Offline, t!.To);
    }

    [Fact]
    public void Observe_OfflineNeedsMSuccesses_HysteresisBack()
    {
        for (var i = 0; i < 3; i++)
        {
            _tracker.Observe(Id(1), Fail(ProbeReason.Timeout));
        }

        Assert.Null(_tracker.Observe(Id(1), Ok()));
        Assert.Null(_tracker.Observe(Id(1), Fail(ProbeReason.Timeout)));
        Assert.Null(_tracker.Observe(Id(1), Ok()));
        var t = _tracker.Observe(Id(1), Ok());

        Assert.Equal(HealthState.Offline, t!.From);
        Assert.Equal(HealthState.Online, t.To);
        Assert.Equal(TransitionReasons.Recovered, t.Reason);
        Assert.Equal(ProbeReason.None, _tracker.Get(Id(1))!.Reason);
    }

    [Fact]
    public void Observe_PictureFault_DegradedAndClearedByCleanPicture()
    {
        _tracker.Observe(Id(1), Ok());
        var degraded = _tracker.Observe(Id(1), Picture(ProbeReason.Black));
        Assert.Equal(HealthState.Degraded, degraded!.To);
        Assert.Equal("black", degraded.Reason);
        Assert.Null(_tracker.Observe(Id(1), Ok()));
        Assert.Equal([ProbeReason.Black], _tracker.Get(Id(1))!.Faults);

        var cleared = _tracker.Observe(Id(1), Picture());

        Assert.Equal(HealthState.Online, cleared!.To);
        Assert.Empty(_tracker.Get(Id(1))!.Faults);
    }

    [Fact]
    public void Observe_BelowRegisteredResolution_Degraded()
    {
        var t = _tracker.Observe(Id(1), Ok(ProbeTier.Stream), belowRegisteredResolution: true);

        Assert.Equal(HealthState.Degraded, t!.To);
        Assert.Equal("low_resolution", t.Reason);
    }

    [Fact]
    public void Observe_ManyChangesInWindow_FlaggedFlapping()
    {
        var tracker = new HealthTracker(HealthPolicy.Default with { FailuresToOffline = 1, SuccessesToOnline = 1, FlapChanges = 3 }, _time);
        tracker.Observe(Id(1), Ok());
        for (var i = 0; i < 2; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            tracker.Observe(Id(1), Fail(ProbeReason.Timeout));
            _time.Advance(TimeSpan.FromMinutes(1));
            tracker.Observe(Id(1), Ok());
        }

        Assert.True(tracker.Get(Id(1))!.Flapping);

        _time.Advance(TimeSpan.FromHours(2));
        tracker.Observe(Id(1), Fail(ProbeReason.Timeout));

        Assert.False(tracker.Get(Id(1))!.Flapping);
    }

    [Fact]
    public void Observe_FewChanges_NotFlapping()
    {
        var tracker = new HealthTracker(HealthPolicy.Default with { FailuresToOffline = 1, SuccessesToOnline = 1, FlapChanges = 3 }, _time);
        tracker.Observe(Id(1), Ok());
        tracker.Observe(Id(1), Fail(ProbeReason.Timeout));
        tracker.Observe(Id(1), Ok());

        Assert.False(tracker.Get(Id(1))!.Flapping);
    }

    [Fact]
    public void ObserveSuppressed_OnlineCamera_BecomesUnknownNotOffline()
    {
        _tracker.Observe(Id(1), Ok());
        var t = _tracker.ObserveSuppressed(Id(1), ProbeReason.Refused);
        for (var i = 0; i < 5; i++)
        {
            _tracker.ObserveSuppressed(Id(1), ProbeReason.Refused);
        }

        Assert.Equal(HealthState.Unknown, t!.To);
        Assert.Equal(TransitionReasons.Incident, t.Reason);
        Assert.Equal(HealthState.Unknown, _tracker.Get(Id(1))!.State);
    }

    [Fact]
    public void SetMaintenance_IgnoresProbesAndReturnsToUnknown()
    {
        _tracker.Observe(Id(1), Ok());
        var enter = _tracker.SetMaintenance(Id(1), true);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(_tracker.Observe(Id(1), Fail(ProbeReason.Timeout)));
        }

        var leave = _tracker.SetMaintenance(Id(1), false);

        Assert.Equal(HealthState.Maintenance, enter!.To);
        Assert.Equal(HealthState.Maintenance, leave!.From);
        Assert.Equal(HealthState.Unknown, leave.To);
    }

    [Fact]
    public void Restore_ResumesState()
    {
        _tracker.Restore(new CameraHealth { DeviceId = Id(1), State = HealthState.Offline, Reason = ProbeReason.Timeout });

        Assert.Null(_tracker.Observe(Id(1), Ok()));
        Assert.Equal(HealthState.Online, _tracker.Observe(Id(1), Ok())!.To);
    }
}

public sealed class HealthTrackerStreamFaultTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Observe_NoFramesAtL2ButL1Answers_OfflineAfterNWithNoVideo()
    {
        var tracker = new HealthTracker(HealthPolicy.Default, _time);
        tracker.Observe(Id(1), Ok());
        Assert.Null(tracker.Observe(Id(1), Fail(ProbeReason.NoVideo, ProbeTier.Stream)));
        Assert.Null(tracker.Observe(Id(1), Ok()));
        var t = tracker.Observe(Id(1), Ok());

        Assert.Equal(HealthState.Offline, t!.To);
        Assert.Equal("no_video", t.Reason);
        Assert.Equal(ProbeReason.NoVideo, tracker.StreamFault(Id(1)));
    }

    [Fact]
    public void Observe_FramesBackAtL2_L1SuccessesCountAgain()
    {
        var tracker = new HealthTracker(HealthPolicy.Default, _time);
        tracker.Observe(Id(1), Fail(ProbeReason.NoVideo, ProbeTier.Stream));
        tracker.Observe(Id(1), Ok());
        tracker.Observe(Id(1), Ok());
        Assert.Equal(HealthState.Offline, tracker.Get(Id(1))!.State);

        tracker.Observe(Id(1), Ok(ProbeTier.Stream));
        var t = tracker.Observe(Id(1), Ok());

        Assert.Equal(HealthState.Online, t!.To);
        Assert.Equal(ProbeReason.None, tracker.StreamFault(Id(1)));
    }

    [Fact]
    public void Observe_L2NetworkFailure_NotSticky()
    {
        var tracker = new HealthTracker(HealthPolicy.Default, _time);
        tracker.Observe(Id(1), Ok());
        tracker.Observe(Id(1), Fail(ProbeReason.Timeout, ProbeTier.Stream));
        tracker.Observe(Id(1), Ok());
        tracker.Observe(Id(1), Ok());

        Assert.Equal(HealthState.Online, tracker.Get(Id(1))!.State);
    }
}
