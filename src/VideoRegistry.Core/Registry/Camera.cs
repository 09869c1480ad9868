using VideoRegistry.Core.Geo;

namespace VideoRegistry.Core.Registry;

/// <summary>One registered camera point (a row of the county registry), already validated.</summary>
public sealed record Camera
{
    public required GbDeviceId DeviceId { get; init; }

    public required string Name { get; init; }

    public required CameraClass Class { get; init; }

    public required string Township { get; init; }

    public string? Village { get; init; }

    /// <summary>Grid code from the county grid catalogue (网格编码).</summary>
    public string? Grid { get; init; }

    public GeoPoint? Location { get; init; }

    /// <summary>Where the camera looks, e.g. 重点集镇, 主要路段, 居民小区, 学校, 医院 (free vocabulary, normalised on import).</summary>
    public string? SiteType { get; init; }

    public string? Owner { get; init; }

    public StreamEndpoint? Stream { get; init; }

    /// <summary>NVR, encoder or platform the camera is reached through (ParentID).</summary>
    public GbDeviceId? Upstream { get; init; }

    public CameraLifecycle Lifecycle { get; init; } = CameraLifecycle.Active;
}
