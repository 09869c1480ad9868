namespace VideoRegistry.Probing.Reach;

/// <summary>
/// The deadlines of one probe: a total deadline and a per-step one (connect, each response) that is re-armed
/// for every step. One timer pair per probe, no per-step allocation. Remembers the step for a timeout detail.
/// </summary>
internal sealed class ProbeClock : IDisposable
{
    private readonly CancellationTokenSource total;
    private readonly CancellationTokenSource step;

    public ProbeClock(TimeSpan totalTimeout, CancellationToken callerToken)
    {
        TotalTimeout = totalTimeout;
        total = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        total.CancelAfter(totalTimeout);
        step = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
    }

    public TimeSpan TotalTimeout { get; }

    public string Step { get; private set; } = "start";

    public TimeSpan StepTimeout { get; private set; }

    public bool TotalExpired => total.IsCancellationRequested;

    /// <summary>Starts a step with its own deadline (never beyond the total one) and returns its token.</summary>
    public CancellationToken Begin(string step, TimeSpan timeout)
    {
        Step = step;
        StepTimeout = timeout < TotalTimeout ? timeout : TotalTimeout;
        this.step.CancelAfter(StepTimeout);
        return this.step.Token;
    }

    public string TimeoutDetail() => TotalExpired
        ? $"总时限已到 total deadline of {TotalTimeout.TotalMilliseconds:0} ms reached during {Step}"
        : $"{Step} 超时 timed out after {StepTimeout.TotalMilliseconds:0} ms";

    public void Dispose()
    {
        step.Dispose();
        total.Dispose();
    }
}
