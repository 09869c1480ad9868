using Microsoft.Extensions.Options;
using Quartz;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Monitoring;

/// <summary>
/// One Quartz job per tier (and per class for L2): each firing sweeps the tier's cameras spread over its interval.
/// Never two sweeps of the same job at once; a sweep that overruns delays the next firing (measured as lag).
/// </summary>
[DisallowConcurrentExecution]
public sealed class SweepJob(CameraMonitor monitor, ProbeDispatcher dispatcher, TimeProvider time) : IJob
{
    public const string TierKey = "tier";
    public const string ClassKey = "class";
    public const string IntervalKey = "interval";
    public const string SpreadKey = "spread";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var tier = (ProbeTier)data.GetInt(TierKey);
        var cameraClass = data.ContainsKey(ClassKey) ? (CameraClass?)data.GetInt(ClassKey) : null;
        var interval = TimeSpan.FromMilliseconds(data.GetLong(IntervalKey));
        var spread = TimeSpan.FromMilliseconds(data.GetLong(SpreadKey));
        var ct = cancellationToken;
        if (tier == ProbeTier.Reach)
        {
            await dispatcher.CheckCanariesAsync(ct);
        }

        var cameras = monitor.Cameras
            .Where(m => m.Probed && (cameraClass is null || m.Camera.Class == cameraClass))
            .Select(m => m.Camera)
            .ToList();
        // Plan from the scheduled time, so a firing Quartz delivered late shows up as lag instead of being hidden.
        var planned = context.ScheduledFireTimeUtc ?? time.GetUtcNow();
        var name = context.JobDetail.Key.Name;
        await dispatcher.SweepAsync(tier, name, cameras, planned, interval, spread, ct);
    }
}

/// <summary>Writes the monitor heartbeat (a restart records the time since the last one as unknown).</summary>
[DisallowConcurrentExecution]
public sealed class HeartbeatJob(CameraMonitor monitor, MonitorService service) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await monitor.BeatAsync(service.StartedAt, cancellationToken);
    }
}

/// <summary>Rolls whole past hours up into seconds per state per camera (idempotent).</summary>
[DisallowConcurrentExecution]
public sealed class RollupJob(Storage.Health.AvailabilityStore store, TimeProvider time) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A minute of margin: transitions of the last hour may still sit in the flush buffer.
        await store.RollupAsync(time.GetUtcNow() - TimeSpan.FromMinutes(1), cancellationToken);
    }
}

/// <summary>Deletes history older than the retention (only what rollups already hold).</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(Storage.Health.AvailabilityStore store, IOptions<MonitoringOptions> options, TimeProvider time) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await store.PurgeAsync(time.GetUtcNow().AddDays(-options.Value.RetentionDays), cancellationToken);
    }
}

/// <summary>Re-reads the registry and maintenance windows (cameras added, removed, put into maintenance).</summary>
[DisallowConcurrentExecution]
public sealed class RegistryReloadJob(CameraMonitor monitor) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await monitor.ReloadAsync(cancellationToken);
    }
}
