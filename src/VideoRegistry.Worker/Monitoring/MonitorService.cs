using Microsoft.Extensions.Options;

namespace VideoRegistry.Worker.Monitoring;

/// <summary>
/// Loads the monitor before the scheduler starts (state resumed, downtime gap recorded), flushes buffered changes
/// every second, and on shutdown cancels in-flight probes, flushes the last state and writes a final heartbeat.
/// </summary>
public sealed partial class MonitorService(
    CameraMonitor monitor,
    ProbeDispatcher dispatcher,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<MonitorService> logger) : BackgroundService
{
    public DateTimeOffset StartedAt { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = time.GetUtcNow();
        await monitor.StartAsync(cancellationToken);
        dispatcher.Start();
        // Cancel in-flight probes as soon as shutdown begins (SIGTERM/Ctrl+C), before the scheduler waits for its jobs.
        lifetime.ApplicationStopping.Register(() => _ = dispatcher.StopAsync());
        LogStarted(logger, monitor.Cameras.Count, monitor.Cameras.Count(c => c.Probed));
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await monitor.FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFlushFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await dispatcher.StopAsync();
        await base.StopAsync(cancellationToken);
        await monitor.FlushAsync(cancellationToken);
        await monitor.BeatAsync(StartedAt, cancellationToken);
        LogStopped(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitor started: {Cameras} cameras registered, {Probed} probed")]
    private static partial void LogStarted(ILogger logger, int cameras, int probed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing health changes failed; will retry")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitor stopped: state flushed")]
    private static partial void LogStopped(ILogger logger);
}
