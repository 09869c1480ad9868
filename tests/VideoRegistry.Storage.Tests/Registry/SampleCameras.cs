using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Tests.Registry;

internal static class SampleCameras
{
    public static Camera Make(int n, string township = "古浪镇", CameraClass cls = CameraClass.I, string? password = null) => new()
    {
        DeviceId = GbDeviceId.Parse($"6206220000132{n % 10}{n:D6}"),
        Name = $"{township}人民路{n}号",
        Class = cls,
        Township = township,
        Village = "东关村",
        Grid = $"620622001001{n % 7:D3}",
        Location = GeoPoint.Create(102.89 + (n * 0.0001), 37.47, CoordinateSystem.Wgs84).Value,
        SiteType = "主要路段",
        Owner = "古浪县公安局",
        Stream = StreamEndpoint.Parse($"rtsp://127.0.0.1:8554/ok/{n}", password is null ? null : "viewer", password),
        Upstream = GbDeviceId.Parse("62062200001180000001"),
    };

    public static List<Camera> Many(int count, int start = 1) => [.. Enumerable.Range(start, count).Select(n => Make(n, cls: (CameraClass)(1 + (n % 3))))];
}
