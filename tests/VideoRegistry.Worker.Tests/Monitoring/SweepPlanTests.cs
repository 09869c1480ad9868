using VideoRegistry.Core.Registry;
using VideoRegistry.Worker.Monitoring;

namespace VideoRegistry.Worker.Tests.Monitoring;

public sealed class SweepPlanTests
{
    private static Camera Cam(int n) => new()
    {
        DeviceId = GbDeviceId.Parse($"62062200001320{n:D6}"),
        Name = $"c{n}",
        Class = CameraClass.I,
        Township = "古浪镇",
    };

    [Fact]
    public void Build_SameCameras_SameOffsetsEveryTime()
    {
        var cameras = Enumerable.Range(0, 50).Select(Cam).ToList();

        var a = SweepPlan.Build(cameras, TimeSpan.FromSeconds(54));
        var b = SweepPlan.Build(cameras.AsEnumerable().Reverse(), TimeSpan.FromSeconds(54));

        Assert.Equal(a.Select(p => (p.Camera.DeviceId, p.Offset)), b.Select(p => (p.Camera.DeviceId, p.Offset)));
        Assert.All(a, p => Assert.InRange(p.Offset, TimeSpan.Zero, TimeSpan.FromSeconds(54)));
    }

    [Fact]
    public void Build_SequentialIds_SpreadFlatOverWindow()
    {
        var plan = SweepPlan.Build(Enumerable.Range(0, 7071).Select(Cam), TimeSpan.FromSeconds(60));

        var perBucket = plan.GroupBy(p => (int)(p.Offset.TotalSeconds / 6)).Select(g => g.Count()).ToList();

        Assert.Equal(10, perBucket.Count);
        Assert.All(perBucket, n => Assert.InRange(n, 600, 815));
    }
}
