using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Tests.Registry;

public class CameraLifecycleTests
{
    [Theory]
    [InlineData(null, CameraLifecycle.Active)]
    [InlineData("", CameraLifecycle.Active)]
    [InlineData("在用", CameraLifecycle.Active)]
    [InlineData("正常", CameraLifecycle.Active)]
    [InlineData("Active", CameraLifecycle.Active)]
    [InlineData("维修", CameraLifecycle.Maintenance)]
    [InlineData("检修", CameraLifecycle.Maintenance)]
    [InlineData("maintenance", CameraLifecycle.Maintenance)]
    [InlineData("停用", CameraLifecycle.Decommissioned)]
    [InlineData("报废", CameraLifecycle.Decommissioned)]
    [InlineData(" decommissioned ", CameraLifecycle.Decommissioned)]
    [InlineData("\u3000停用\u3000", CameraLifecycle.Decommissioned)]
    public void TryParse_Variants_Canonical(string? raw, CameraLifecycle expected)
    {
        var parsed = CameraLifecycleParser.TryParse(raw);
        Assert.True(parsed.Ok, parsed.Error?.Message);
        Assert.Equal(expected, parsed.Value);
    }

    [Fact]
    public void TryParse_Unknown_RejectedWithBilingualMessage()
    {
        var parsed = CameraLifecycleParser.TryParse("丢失");
        Assert.False(parsed.Ok);
        Assert.Equal("status_unknown", parsed.Error!.Code);
        Assert.Contains("丢失", parsed.Error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown status", parsed.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CameraLifecycle.Active, "active")]
    [InlineData(CameraLifecycle.Maintenance, "maintenance")]
    [InlineData(CameraLifecycle.Decommissioned, "decommissioned")]
    public void ToLabel_RoundTrips(CameraLifecycle lifecycle, string label)
    {
        Assert.Equal(label, lifecycle.ToLabel());
        Assert.Equal(lifecycle, CameraLifecycleParser.TryParse(label).Value);
    }
}
