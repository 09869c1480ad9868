using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage.Health;

namespace VideoRegistry.Worker.Monitoring;

public static class MonitoringServices
{
    /// <summary>
    /// The monitor: health state and history stores, the in-memory <see cref="IHealthView"/>, the probe dispatcher
    /// (also <see cref="IOnDemandProber"/>) and the Quartz schedule: L1 sweep, L2 sweeps per class, L3 daily sweep,
    /// heartbeat, registry reload, rollups and retention. Probers come from DI as <see cref="IStreamProber"/>s; a tier
    /// without one is not scheduled.
    /// </summary>
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMonitorTelemetry>(NullMonitorTelemetry.Instance);
        services.AddSingleton<HealthStore>();
        services.AddSingleton<MaintenanceStore>();
        services.AddSingleton<AvailabilityStore>();
        services.AddSingleton<IAvailabilityReader>(sp => sp.GetRequiredService<AvailabilityStore>());
        services.AddSingleton<CameraMonitor>();
        services.AddSingleton<IHealthView>(sp => sp.GetRequiredService<CameraMonitor>());
        services.AddSingleton<ProbeDispatcher>();
        services.AddSingleton<IOnDemandProber>(sp => sp.GetRequiredService<ProbeDispatcher>());
        services.AddSingleton<MonitorService>();
        services.AddHostedService(sp => sp.GetRequiredService<MonitorService>());

        var options = builder.Configuration.GetSection(MonitoringOptions.Section).Get<MonitoringOptions>() ?? new MonitoringOptions();
        services.AddQuartz(q =>
        {
            if (options.Enabled)
            {
                AddSweep(q, "sweep-l1", ProbeTier.Reach, null, options.ReachInterval, options.Spread);
                if (options.StreamEnabled)
                {
                    foreach (var cameraClass in Enum.GetValues<CameraClass>())
                    {
                        AddSweep(q, $"sweep-l2-class-{cameraClass.ToLabel()}", ProbeTier.Stream, cameraClass, options.StreamInterval(cameraClass), options.Spread);
                    }
                }

                if (options.PictureEnabled)
                {
                    AddPictureSweep(q, options);
                }
            }

            AddEvery<HeartbeatJob>(q, "heartbeat", options.HeartbeatInterval);
            AddEvery<RegistryReloadJob>(q, "registry-reload", options.RegistryReloadInterval);
            AddEvery<RollupJob>(q, "rollup", options.RollupInterval);
            AddEvery<RetentionJob>(q, "retention", TimeSpan.FromHours(6));
        });
        // Registered after MonitorService: started after the monitor is loaded, stopped before it flushes.
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    private static void AddSweep(IQuartzBuilder q, string name, ProbeTier tier, CameraClass? cameraClass, TimeSpan interval, double spread)
    {
        var key = new JobKey(name, "monitoring");
        q.AddJob<SweepJob>(j =>
        {
            j.WithIdentity(key).UsingJobData(SweepJob.TierKey, (int)tier)
                .UsingJobData(SweepJob.IntervalKey, (long)interval.TotalMilliseconds)
                .UsingJobData(SweepJob.SpreadKey, (long)(interval.TotalMilliseconds * spread));
            if (cameraClass is { } c)
            {
                j.UsingJobData(SweepJob.ClassKey, (int)c);
            }
        });
        q.AddTrigger(t => t
            .ForJob(key)
            .WithIdentity(name + "-trigger", "monitoring")
            .StartNow()
            // A missed firing (process paused, sweep overran) is skipped, not replayed: no stampede after a stall.
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }

    /// <summary>L3 once per <see cref="MonitoringOptions.PictureInterval"/>, spread over the daylight hours when set.</summary>
    private static void AddPictureSweep(IQuartzBuilder q, MonitoringOptions options)
    {
        var daylight = options.PictureEndHour > options.PictureStartHour && options.PictureInterval == TimeSpan.FromDays(1);
        if (!daylight)
        {
            AddSweep(q, "sweep-l3", ProbeTier.Picture, null, options.PictureInterval, options.Spread);
            return;
        }

        var key = new JobKey("sweep-l3", "monitoring");
        var window = TimeSpan.FromHours(options.PictureEndHour - options.PictureStartHour);
        q.AddJob<SweepJob>(j => j
            .WithIdentity(key)
            .UsingJobData(SweepJob.TierKey, (int)ProbeTier.Picture)
            .UsingJobData(SweepJob.IntervalKey, (long)options.PictureInterval.TotalMilliseconds)
            .UsingJobData(SweepJob.SpreadKey, (long)(window.TotalMilliseconds * options.Spread)));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        q.AddTrigger(t => t
            .ForJob(key)
            .WithIdentity("sweep-l3-trigger", "monitoring")
            .WithCronSchedule($"0 0 {options.PictureStartHour} * * ?", c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    private static void AddEvery<TJob>(IQuartzBuilder q, string name, TimeSpan interval)
        where TJob : IJob
    {
        var key = new JobKey(name, "monitoring");
        q.AddJob<TJob>(j => j.WithIdentity(key));
        q.AddTrigger(t => t
            .ForJob(key)
            .WithIdentity(name + "-trigger", "monitoring")
            .StartAt(DateTimeOffset.UtcNow + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}
