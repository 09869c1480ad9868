using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage;

/// <summary>The camera registry. Multi-row writes are atomic.</summary>
public interface ICameraRepository
{
    Task<Camera?> GetAsync(GbDeviceId deviceId, CancellationToken cancellationToken);

    /// <summary>All cameras (any lifecycle), with stream credentials, for the monitor.</summary>
    Task<IReadOnlyList<Camera>> ListAllAsync(CancellationToken cancellationToken);
}
