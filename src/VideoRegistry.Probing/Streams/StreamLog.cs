using Microsoft.Extensions.Logging;

namespace VideoRegistry.Probing.Streams;

/// <summary>Hot-path logs of the L2 probe. Endpoints are always the redacted form, stderr is redacted before it gets here.</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "L2 probe {Endpoint}: ok in {DurationMs} ms, {CpuSeconds:F3} s CPU ({Detail})")]
    public static partial void ProbeOk(ILogger logger, string endpoint, long durationMs, double cpuSeconds, string detail);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "L2 probe {Endpoint}: {Reason} in {DurationMs} ms ({Detail})")]
    public static partial void ProbeFailed(ILogger logger, string endpoint, string reason, long durationMs, string detail);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "L2 probe {Endpoint}: {Reason} over TCP, retrying over UDP")]
    public static partial void RetryOverUdp(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Trace, Message = "L2 probe {Endpoint}: ffprobe exit {ExitCode}, stderr: {StandardError}")]
    public static partial void FfprobeOutput(ILogger logger, string endpoint, int? exitCode, string standardError);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "L2 probe: ffprobe cannot be started ({Why})")]
    public static partial void FfprobeMissing(ILogger logger, string why);
}
