namespace VideoRegistry.Core.Registry;

/// <summary>
/// What a fleet-wide table (the uptime assessment) needs to know about a camera: who it is, its class, where it is
/// grouped and whether it is still in service. Reading only these for 100k cameras is several times cheaper than
/// whole <see cref="Camera"/> records.
/// </summary>
public sealed record CameraSummary(GbDeviceId DeviceId, string Name, CameraClass Class, string Township, string? Grid, CameraLifecycle Lifecycle)
{
    public static CameraSummary From(Camera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return new(camera.DeviceId, camera.Name, camera.Class, camera.Township, camera.Grid, camera.Lifecycle);
    }
}
