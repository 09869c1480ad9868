using Microsoft.Extensions.Logging;

namespace VideoRegistry.Probing.Reach;

/// <summary>Hot-path logs of the L1 probe. Endpoints are always the redacted form.</summary>
internal static partial class ReachLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "L1 probe {Endpoint}: ok in {DurationMs} ms ({Detail})")]
    public static partial void ProbeOk(ILogger logger, string endpoint, long durationMs, string? detail);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "L1 probe {Endpoint}: {Reason} in {DurationMs} ms ({Detail})")]
    public static partial void ProbeFailed(ILogger logger, string endpoint, string reason, long durationMs, string? detail);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "L1 probe {Endpoint}: unexpected {ExceptionType}")]
    public static partial void ProbeCrashed(ILogger logger, string endpoint, string exceptionType);
}
