using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Core.Tests.Registry.Import;

public class RegistryRowValidatorTests
{
    private const string Header = "设备编码,设备名称,点位类别,乡镇(街道),村(社区),网格编码,经度,纬度,坐标系,点位类型,建设单位,取流地址,用户名,密码,上级设备,状态";
    private const string Good = "62062200001320000001,古浪镇人民路1号,一类,古浪镇,东关村,620622001001001,102.8934,37.4705,WGS84,主要路段,古浪县公安局,rtsp://127.0.0.1:8554/ok/1,viewer,demo-pass-2026,62062200001180000001,在用";

    private static IReadOnlyList<RowVerdict<Camera>> Validate(string county, params string[] rows)
    {
        var records = CsvReader.Parse(Header + "\n" + string.Join("\n", rows));
        var map = HeaderMap.Resolve(records[0].Fields, RegistryColumns.Camera);
        return RegistryRowValidator.ValidateCameras([.. records.Skip(1)], map, county);
    }

    private static string With(int column, string value)
    {
        var parts = Good.Split(',');
        parts[column] = value;
        return string.Join(',', parts);
    }

    [Fact]
    public void ValidateCameras_GoodRow_Accepted()
    {
        var v = Validate("620622", Good).Single();
        Assert.True(v.Accepted, string.Join("; ", v.Errors));
        var c = v.Value!;
        Assert.Equal("62062200001320000001", c.DeviceId.Value);
        Assert.Equal(CameraClass.I, c.Class);
        Assert.Equal("东关村", c.Village);
        Assert.Equal(102.8934, c.Location!.Longitude);
        Assert.Equal("demo-pass-2026", c.Stream!.Password);
        Assert.Equal("62062200001180000001", c.Upstream!.Value);
        Assert.Equal(CameraLifecycle.Active, c.Lifecycle);
        Assert.Equal((1, 2), (v.Row, v.Line));
    }

    [Theory]
    [InlineData(0, "6.20622E+19", "device_id", "id_scientific_notation")]
    [InlineData(0, "620622000013200000", "device_id", "id_length")]
    [InlineData(0, "", "device_id", "id_missing")]
    [InlineData(0, "62062200001180000009", "device_id", "id_not_camera")]
    [InlineData(0, "62010200001320000001", "device_id", "id_wrong_county")]
    [InlineData(1, "", "name", "name_missing")]
    [InlineData(2, "五类", "class", "class_unknown")]
    [InlineData(2, "", "class", "class_missing")]
    [InlineData(3, "", "township", "township_missing")]
    [InlineData(6, "", "longitude", "coord_incomplete")]
    [InlineData(6, "东经102", "longitude", "coord_not_number")]
    [InlineData(6, "0", "longitude", "coord_outside_china")]
    [InlineData(6, "2.35", "longitude", "coord_outside_china")]
    [InlineData(8, "UTM", "coord_system", "coord_system_unknown")]
    [InlineData(11, "file:///etc/passwd", "stream_url", "url_scheme")]
    [InlineData(11, "concat:a|b", "stream_url", "url_scheme")]
    [InlineData(14, "6.2062E+19", "upstream", "upstream_id_scientific_notation")]
    [InlineData(14, "NVR-1", "upstream", "upstream_id_not_digits")]
    [InlineData(14, "62062200001320000001", "upstream", "upstream_self")]
    [InlineData(15, "丢失", "status", "status_unknown")]
    public void ValidateCameras_EachRejectionReason(int column, string value, string field, string code)
    {
        var v = Validate("620622", With(column, value)).Single();
        Assert.False(v.Accepted);
        Assert.Contains(v.Errors, e => e.Field == field && e.Code == code);
        Assert.All(v.Errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}.* / .*[a-z]", e.Message));
    }

    [Fact]
    public void ValidateCameras_ZeroZero_Rejected()
    {
        var v = Validate("620622", With(6, "0").Replace(",37.4705,", ",0,", StringComparison.Ordinal)).Single();
        Assert.Contains(v.Errors, e => e.Code == "coord_zero");
    }

    [Fact]
    public void ValidateCameras_SwappedCoordinates_Reported()
    {
        var row = Good.Replace("102.8934,37.4705", "37.4705,102.8934", StringComparison.Ordinal);
        var v = Validate("620622", row).Single();
        Assert.Contains(v.Errors, e => e.Code == "coord_swapped");
    }

    [Fact]
    public void ValidateCameras_Gcj02_ConvertedToWgs84()
    {
        var (gLon, gLat) = ChinaDatum.Wgs84ToGcj02(102.8934, 37.4705);
        var row = Good.Replace("102.8934,37.4705,WGS84", FormattableString.Invariant($"{gLon},{gLat},GCJ02"), StringComparison.Ordinal);
        var c = Validate("620622", row).Single().Value!;
        Assert.Equal(CoordinateSystem.Gcj02, c.Location!.Source);
        Assert.Equal(102.8934, c.Location.Longitude, 5);
        Assert.Equal(37.4705, c.Location.Latitude, 5);
    }

    [Fact]
    public void ValidateCameras_FullWidthIdAndNoCounty_Accepted()
    {
        var v = Validate(null!, With(0, "６２０１０２００００１３２００００００１")).Single();
        Assert.True(v.Accepted);
        Assert.Equal("62010200001320000001", v.Key);
    }

    [Fact]
    public void ValidateCameras_DuplicateIds_RejectEveryCopyAndNameOtherRows()
    {
        var second = With(1, "另一个");
        var other = With(0, "62062200001320000002");
        var verdicts = Validate("620622", Good, other, second, With(0, "620622 0000 132 0000001"));

        Assert.True(verdicts[1].Accepted);
        foreach (var (index, others) in new[] { (0, "3, 4"), (2, "1, 4"), (3, "1, 3") })
        {
            var dup = Assert.Single(verdicts[index].Errors, e => e.Code == "id_duplicate");
            Assert.Contains(others, dup.Message, StringComparison.Ordinal);
            Assert.Null(verdicts[index].Value);
        }
    }

    [Fact]
    public void ValidateCameras_SeveralProblems_AllReported()
    {
        var row = "6.20622E+19,,七类,,,,abc,37.4,,,,pipe:0,,,,";
        var v = Validate("620622", row).Single();
        Assert.Equal(["device_id", "name", "class", "township", "longitude", "stream_url"], v.Errors.Select(e => e.Field));
    }

    [Fact]
    public void ValidateCameras_PasswordNeverInMessages()
    {
        var row = With(11, "ftp://admin:Hunter2Secret@10.0.0.1/x");
        var v = Validate("620622", row.Replace("demo-pass-2026", "Hunter2Secret", StringComparison.Ordinal)).Single();
        Assert.False(v.Accepted);
        Assert.All(v.Errors, e => Assert.DoesNotContain("Hunter2Secret", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateGrids_RequiredCountsAndDuplicates()
    {
        var text = "网格编码,网格名称,乡镇(街道),村(社区),网格类型,应配摄像机数\n620622001001,一网格,古浪镇,东关村,城镇,3\n620622001002,二网格,古浪镇,,农村,\n620622001002,重复,古浪镇,,,\n620622001003,坏,古浪镇,,,-1\n,无编码,古浪镇,,,";
        var records = CsvReader.Parse(text);
        var map = HeaderMap.Resolve(records[0].Fields, RegistryColumns.Grid);
        var v = RegistryRowValidator.ValidateGrids([.. records.Skip(1)], map);

        Assert.Equal(3, v[0].Value!.RequiredCameras);
        Assert.Equal("东关村", v[0].Value!.Village);
        Assert.Null(v[1].Value);
        Assert.Contains(v[1].Errors, e => e.Code == "grid_duplicate");
        Assert.Contains(v[2].Errors, e => e.Code == "grid_duplicate");
        Assert.Contains(v[3].Errors, e => e.Code == "required_cameras_invalid");
        Assert.Contains(v[4].Errors, e => e.Code == "grid_code_missing");
    }
}
