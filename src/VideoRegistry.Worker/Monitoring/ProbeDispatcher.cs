using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Monitoring;

/// <summary>What one sweep did: how many cameras, how long it took against its interval, how late it ran.</summary>
public sealed record SweepStats(ProbeTier Tier, string Name, int Cameras, TimeSpan Duration, TimeSpan Interval, TimeSpan MaxLag, int Failed, int Crashed);

/// <summary>
/// Runs probes with bounded concurrency per tier: sweeps dispatch their cameras at planned offsets and wait for a
/// slot; an L1 state change queues an immediate L2 probe (served before the next sweep item), a camera back from
/// offline an L3 probe (in L3 hours, through the L3 slots); on-demand probes skip the queue. L3 snapshots are kept as
/// evidence before the result is applied. A crashing prober is caught per camera, logged and counted: it never stops a sweep.
/// </summary>
public sealed partial class ProbeDispatcher : IOnDemandProber, IAsyncDisposable
{
    /// <summary>How far ahead of its slot a sweep item may start when it is dispatched with the one before.</summary>
    public static readonly TimeSpan DispatchTick = TimeSpan.FromMilliseconds(100);

    private readonly CameraMonitor _monitor;
    private readonly IMonitorTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly MonitoringOptions _options;
    private readonly ILogger<ProbeDispatcher> _logger;
    private readonly Dictionary<ProbeTier, IStreamProber> _probers;
    private readonly Dictionary<ProbeTier, SemaphoreSlim> _slots;
    private readonly Channel<Camera> _urgentStream = Channel.CreateUnbounded<Camera>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<GbDeviceId, byte> _urgentQueued = new();
    private readonly Channel<Camera> _urgentPicture = Channel.CreateUnbounded<Camera>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<GbDeviceId, byte> _urgentPictureQueued = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ProbeTier, SweepStats> _lastSweeps = new();
    private Task? _urgentLoop;
    private Task? _urgentPictureLoop;
    private long _crashed;
    private int _disposed;

    public ProbeDispatcher(
        CameraMonitor monitor,
        IEnumerable<IStreamProber> probers,
        IMonitorTelemetry telemetry,
        TimeProvider time,
        IOptions<MonitoringOptions> options,
        ILogger<ProbeDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _monitor = monitor;
        _telemetry = telemetry;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _probers = [];
        foreach (var prober in probers)
        {
            if (_options.TierEnabled(prober.Tier))
            {
                _probers.TryAdd(prober.Tier, prober);
            }
        }

        _slots = Enum.GetValues<ProbeTier>().ToDictionary(t => t, t => new SemaphoreSlim(_options.Concurrency(t)));
        _monitor.StreamProbeWanted += camera =>
        {
            if (_probers.ContainsKey(ProbeTier.Stream) && _urgentQueued.TryAdd(camera.DeviceId, 0))
            {
                _urgentStream.Writer.TryWrite(camera);
            }
        };
        // Back from offline: check the picture it came back with, through the L3 slots and only in L3 hours
        // (a camera without IR is black at night; the daily sweep covers the rest).
        _monitor.PictureProbeWanted += camera =>
        {
            if (_probers.ContainsKey(ProbeTier.Picture) && _options.InPictureHours(_time.GetUtcNow()) && _urgentPictureQueued.TryAdd(camera.DeviceId, 0))
            {
                _urgentPicture.Writer.TryWrite(camera);
            }
        };
    }

    /// <summary>Probes that threw (a prober bug, not a camera fault) since start.</summary>
    public long Crashed => Interlocked.Read(ref _crashed);

    public bool Serves(ProbeTier tier) => _probers.ContainsKey(tier);

    public IReadOnlyDictionary<ProbeTier, SweepStats> LastSweeps => _lastSweeps;

    public void Start()
    {
        _urgentLoop ??= Task.Run(() => UrgentLoopAsync(ProbeTier.Stream, _urgentStream, _urgentQueued, _stopping.Token));
        _urgentPictureLoop ??= Task.Run(() => UrgentLoopAsync(ProbeTier.Picture, _urgentPicture, _urgentPictureQueued, _stopping.Token));
    }

    /// <summary>
    /// One sweep: every camera gets its stable slot within <paramref name="spread"/> from <paramref name="plannedStart"/>,
    /// waits for a free slot of the tier, and is probed. Returns when every probe of the sweep finished.
    /// </summary>
    public async Task<SweepStats> SweepAsync(
        ProbeTier tier,
        string name,
        IReadOnlyCollection<Camera> cameras,
        DateTimeOffset plannedStart,
        TimeSpan interval,
        TimeSpan spread,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        if (!_probers.TryGetValue(tier, out var prober))
        {
            return new SweepStats(tier, name, 0, TimeSpan.Zero, interval, TimeSpan.Zero, 0, 0);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var ct = linked.Token;
        var plan = SweepPlan.Build(cameras, spread);
        var started = Stopwatch.GetTimestamp();
        var slots = _slots[tier];
        var running = new List<Task<bool>>(plan.Count);
        var maxLag = TimeSpan.Zero;
        var crashedBefore = Crashed;
        try
        {
            var batchEnd = DateTimeOffset.MinValue;
            foreach (var item in plan)
            {
                // Cameras due within one tick of a wake-up go together: a few timer wake-ups a second instead of one
                // per camera (each a thread hand-off), at most a tick early.
                var due = plannedStart + item.Offset;
                if (due > batchEnd)
                {
                    var wait = due - _time.GetUtcNow();
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, _time, ct);
                    }

                    batchEnd = _time.GetUtcNow() + DispatchTick;
                }

                await slots.WaitAsync(ct);
                if (tier == ProbeTier.Picture && !_options.InPictureHours(_time.GetUtcNow()))
                {
                    // An L3 sweep that overran its daylight window stops: a camera without IR is black at night,
                    // and that is not a fault. The rest wait for tomorrow's sweep.
                    slots.Release();
                    LogPictureWindowClosed(_logger, name, plan.Count - running.Count);
                    break;
                }

                var lag = _time.GetUtcNow() - due;
                if (lag < TimeSpan.Zero)
                {
                    lag = TimeSpan.Zero;
                }

                if (lag > maxLag)
                {
                    maxLag = lag;
                }

                _telemetry.SweepLag(tier, lag);
                running.Add(RunHeldAsync(prober, item.Camera, slots, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown: in-flight probes are cancelled through the same token; collect them below.
        }

        var results = await Task.WhenAll(running);
        var stats = new SweepStats(
            tier,
            name,
            running.Count,
            Stopwatch.GetElapsedTime(started),
            interval,
            maxLag,
            results.Count(ok => !ok),
            (int)(Crashed - crashedBefore));
        _lastSweeps[tier] = stats;
        LogSweep(_logger, name, stats.Cameras, stats.Duration.TotalSeconds, interval.TotalSeconds, maxLag.TotalSeconds, stats.Failed, stats.Crashed);
        return stats;
    }

    public async Task<ProbeResult?> ProbeNowAsync(GbDeviceId deviceId, ProbeTier tier, CancellationToken cancellationToken)
    {
        if (_monitor.Find(deviceId) is not { Camera.Stream: not null } monitored || !_probers.TryGetValue(tier, out var prober))
        {
            return null;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        return await ProbeOneAsync(prober, monitored.Camera, linked.Token);
    }

    /// <summary>Checks the configured canary targets with the reach prober (monitor-side incident detection).</summary>
    public async Task CheckCanariesAsync(CancellationToken cancellationToken)
    {
        if (_options.Canaries.Count == 0 || !_probers.TryGetValue(ProbeTier.Reach, out var prober))
        {
            return;
        }

        foreach (var url in _options.Canaries)
        {
            var endpoint = StreamEndpoint.TryParse(url);
            if (!endpoint.Ok)
            {
                continue;
            }

            ProbeResult result;
            try
            {
                result = await prober.ProbeAsync(endpoint.Value!, _options.ReachDeadline, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = ProbeResult.Failure(ProbeTier.Reach, ProbeReason.Unreachable, ex.GetType().Name, TimeSpan.Zero);
            }

            _monitor.ApplyCanary(endpoint.Value!.Redacted, result);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // DI disposes this instance once per registration that hands it out (ProbeDispatcher and IOnDemandProber).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _urgentStream.Writer.TryComplete();
        _urgentPicture.Writer.TryComplete();
        foreach (var loop in new[] { _urgentLoop, _urgentPictureLoop })
        {
            if (loop is null)
            {
                continue;
            }

            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
        foreach (var slot in _slots.Values)
        {
            slot.Dispose();
        }
    }

    /// <summary>Cancels in-flight probes (graceful shutdown); their results are not applied.</summary>
    public Task StopAsync() => Volatile.Read(ref _disposed) != 0 ? Task.CompletedTask : _stopping.CancelAsync();

    private async Task UrgentLoopAsync(ProbeTier tier, Channel<Camera> queue, ConcurrentDictionary<GbDeviceId, byte> queued, CancellationToken ct)
    {
        var prober = _probers.GetValueOrDefault(tier);
        var slots = _slots[tier];
        await foreach (var camera in queue.Reader.ReadAllAsync(ct))
        {
            queued.TryRemove(camera.DeviceId, out _);
            if (prober is null)
            {
                continue;
            }

            await slots.WaitAsync(ct);
            _ = RunHeldAsync(prober, camera, slots, ct);
        }
    }

    private async Task<bool> RunHeldAsync(IStreamProber prober, Camera camera, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            var result = await ProbeOneAsync(prober, camera, ct);
            return result?.Ok ?? true;
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<ProbeResult?> ProbeOneAsync(IStreamProber prober, Camera camera, CancellationToken ct)
    {
        if (camera.Stream is null)
        {
            return null;
        }

        var startedAt = _time.GetUtcNow();
        _telemetry.ProbeStarted(prober.Tier);
        ProbeResult result;
        try
        {
            result = await prober.ProbeAsync(camera.Stream, _options.Deadline(prober.Tier), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _telemetry.ProbeFinished(ProbeResult.Failure(prober.Tier, ProbeReason.Timeout, "cancelled", _time.GetUtcNow() - startedAt));
            return null;
        }
        catch (Exception ex)
        {
            // A prober bug must not stop the sweep nor count as the camera's fault.
            Interlocked.Increment(ref _crashed);
            LogProbeCrashed(_logger, ex, camera.DeviceId.Value, prober.Tier);
            _telemetry.ProbeFinished(ProbeResult.Failure(prober.Tier, ProbeReason.Protocol, "prober crashed", _time.GetUtcNow() - startedAt));
            return null;
        }

        if (result.StartedAt == default)
        {
            result = result with { StartedAt = startedAt };
        }

        if (ct.IsCancellationRequested)
        {
            // Shutdown cut the probe short: its outcome says nothing about the camera.
            _telemetry.ProbeFinished(result);
            VideoRegistry.Probing.Picture.SnapshotStore.TryDelete(result.SnapshotPath);
            return null;
        }

        result = _monitor.KeepEvidence(camera, result);
        _telemetry.ProbeFinished(result);
        try
        {
            _monitor.Apply(camera, result);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _crashed);
            LogProbeCrashed(_logger, ex, camera.DeviceId.Value, prober.Tier);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {Name}: {Cameras} cameras in {Seconds:F1} s (interval {Interval:F0} s), max lag {Lag:F2} s, {Failed} failed, {Crashed} prober crashes")]
    private static partial void LogSweep(ILogger logger, string name, int cameras, double seconds, double interval, double lag, int failed, int crashed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {Name}: L3 hours are over, {Skipped} cameras left for the next sweep (raise Monitoring:PictureConcurrency or the window)")]
    private static partial void LogPictureWindowClosed(ILogger logger, string name, int skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Probe of {DeviceId} at tier {Tier} crashed; the sweep goes on")]
    private static partial void LogProbeCrashed(ILogger logger, Exception exception, string deviceId, ProbeTier tier);
}
