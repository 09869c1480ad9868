using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Probing;

/// <summary>
/// Probes one stream at one tier. Implementations never throw for a camera's fault (they return a failed
/// <see cref="ProbeResult"/>) and never outlive <paramref name="deadline"/> by more than a moment.
/// </summary>
public interface IStreamProber
{
    ProbeTier Tier { get; }

    Task<ProbeResult> ProbeAsync(StreamEndpoint endpoint, TimeSpan deadline, CancellationToken cancellationToken);
}
