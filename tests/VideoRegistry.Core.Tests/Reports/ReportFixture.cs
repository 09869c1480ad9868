using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Tests.Reports;

/// <summary>Cameras and a hand-checked one-day history shared by the report tests.</summary>
internal static class ReportFixture
{
    public static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static GbDeviceId Id(int serial) => GbDeviceId.Parse($"620622000013100{serial:D5}");

    public static GbDeviceId Nvr(int serial) => GbDeviceId.Parse($"620622000011800{serial:D5}");

    public static Camera Camera(int serial, CameraClass cls, string township, string? grid = null, string? siteType = null, GbDeviceId? upstream = null, CameraLifecycle lifecycle = CameraLifecycle.Active) => new()
    {
        DeviceId = Id(serial),
        Name = $"{township}摄像机{serial}",
        Class = cls,
        Township = township,
        Village = township + "村",
        Grid = grid,
        SiteType = siteType,
        Upstream = upstream,
        Lifecycle = lifecycle,
        Location = GeoPoint.FromWgs84(103.1, 37.5).Value,
    };

    public static Grid Grid(string code, string township, int? required = null) => new() { Code = code, Name = code + "网格", Township = township, RequiredCameras = required };

    public static DateTimeOffset At(double hours) => Day.AddHours(hours);
}
