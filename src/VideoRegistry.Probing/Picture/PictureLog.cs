using Microsoft.Extensions.Logging;

namespace VideoRegistry.Probing.Picture;

/// <summary>Logs of the L3 probe. Endpoints are always the redacted form; ffmpeg's arguments are never logged (they hold the URL with credentials).</summary>
internal static partial class PictureLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Debug, Message = "L3 probe {Endpoint}: {Frames} frames in {DurationMs} ms, {CpuSeconds} CPU s, faults [{Faults}]")]
    public static partial void ProbeDone(ILogger logger, string endpoint, int frames, long durationMs, double? cpuSeconds, string faults);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "L3 probe {Endpoint}: {Reason} in {DurationMs} ms ({Detail})")]
    public static partial void ProbeFailed(ILogger logger, string endpoint, string reason, long durationMs, string? detail);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "L3 probe {Endpoint}: could not read the frame metadata ({ExceptionType})")]
    public static partial void MetadataUnreadable(ILogger logger, string endpoint, string exceptionType);
}
