using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Core.Tests.Registry.Import;

public class HeaderMapTests
{
    [Fact]
    public void Resolve_ChineseHeadersAnyOrder_AndFullWidthParentheses()
    {
        var map = HeaderMap.Resolve(["点位名称", "乡镇（街道）", "\uFEFF国标编码", "监控类别", "RTSP地址", "所属NVR"], RegistryColumns.Camera);
        Assert.True(map.Ok);
        Assert.Equal(2, map.Columns["device_id"]);
        Assert.Equal(0, map.Columns["name"]);
        Assert.Equal(1, map.Columns["township"]);
        Assert.Equal(4, map.Columns["stream_url"]);
        Assert.Equal(5, map.Columns["upstream"]);
    }

    [Fact]
    public void Resolve_EnglishHeadersCaseInsensitive()
    {
        var map = HeaderMap.Resolve(["deviceid", "NAME", "class", "Township", "longitude", "Latitude", "ParentID", "StreamUrl"], RegistryColumns.Camera);
        Assert.True(map.Ok);
        Assert.Equal(6, map.Columns["upstream"]);
    }

    [Fact]
    public void Resolve_UnknownColumns_ListedAndIgnored()
    {
        var map = HeaderMap.Resolve(["设备编码", "设备名称", "类别", "乡镇", "备注", "厂商型号"], RegistryColumns.Camera);
        Assert.True(map.Ok);
        Assert.Equal(["备注", "厂商型号"], map.UnknownColumns);
    }

    [Fact]
    public void Resolve_MissingRequired_Named()
    {
        var map = HeaderMap.Resolve(["设备编码", "经度", "纬度"], RegistryColumns.Camera);
        Assert.False(map.Ok);
        Assert.Equal(["name", "class", "township"], map.Missing.Select(c => c.Field));
    }

    [Fact]
    public void Get_TrimsAndTreatsBlankAsMissing()
    {
        var map = HeaderMap.Resolve(["设备编码", "设备名称"], RegistryColumns.Camera);
        Assert.Equal("abc", map.Get([" abc\u3000", "  "], "device_id"));
        Assert.Null(map.Get([" abc", "  "], "name"));
        Assert.Null(map.Get(["x"], "name"));
    }
}
