namespace VideoRegistry.Probing.Processes;

/// <summary>
/// What a child process did. <see cref="ExitCode"/> is null when the child was killed (deadline or cancellation) or
/// could not be started (then <see cref="StandardError"/> says why). <see cref="CpuSeconds"/> is the user+system CPU of
/// the child and its descendants; null only when it could not be measured.
/// </summary>
public sealed record ChildProcessResult(
    int? ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Elapsed,
    double? CpuSeconds,
    bool TimedOut,
    bool Cancelled);
