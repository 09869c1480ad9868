using VideoRegistry.Core.Probing;

namespace VideoRegistry.Probing.Reach;

/// <summary>Ends a probe early with a classified reason; caught inside the prober and turned into a failed result.</summary>
internal sealed class ReachProbeException : Exception
{
    public ReachProbeException(ProbeReason reason, string detail)
        : base(detail)
    {
        Reason = reason;
    }

    public ReachProbeException()
    {
    }

    public ReachProbeException(string message)
        : base(message)
    {
    }

    public ReachProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProbeReason Reason { get; } = ProbeReason.Protocol;
}
