using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Tests.Health;

internal static class HealthTestData
{
    public static GbDeviceId Id(int n) => GbDeviceId.Parse($"62062200001320{n:D6}");

    public static GbDeviceId UpstreamId(int n) => GbDeviceId.Parse($"62062200001180{n:D6}");

    public static ProbeResult Ok(ProbeTier tier = ProbeTier.Reach) => ProbeResult.Success(tier, TimeSpan.FromMilliseconds(5));

    public static ProbeResult Fail(ProbeReason reason, ProbeTier tier = ProbeTier.Reach) => ProbeResult.Failure(tier, reason, null, TimeSpan.FromMilliseconds(5));

    public static ProbeResult Picture(params ProbeReason[] faults) => new()
    {
        Tier = ProbeTier.Picture,
        Ok = true,
        Faults = faults,
    };

    public static Camera Camera(int n, string township = "古浪镇", GbDeviceId? upstream = null) => new()
    {
        DeviceId = Id(n),
        Name = $"camera {n}",
        Class = CameraClass.I,
        Township = township,
        Upstream = upstream,
    };
}
