using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Monitoring;

/// <summary>Probes one registered camera now, ahead of every sweep queue, and applies the result to its health.</summary>
public interface IOnDemandProber
{
    /// <summary>The result, or null when the camera is not registered, has no stream URL, or no prober serves the tier.</summary>
    Task<ProbeResult?> ProbeNowAsync(GbDeviceId deviceId, ProbeTier tier, CancellationToken cancellationToken);
}
