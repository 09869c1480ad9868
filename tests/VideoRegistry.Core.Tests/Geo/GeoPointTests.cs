using VideoRegistry.Core.Geo;

namespace VideoRegistry.Core.Tests.Geo;

public class GeoPointTests
{
    // Reference values published in wandergis/coordtransform (test/app.js), the de-facto reference
    // implementation of the GCJ-02/BD-09 formulas, for the input point 116.404, 39.915 (Tiananmen, Beijing).
    private const double RefLon = 116.404;
    private const double RefLat = 39.915;
    private const double RefWgsToGcjLon = 116.41024449916938;
    private const double RefWgsToGcjLat = 39.91640428150164;
    private const double RefGcjToBdLon = 116.41036949371029;
    private const double RefGcjToBdLat = 39.92133699351021;
    private const double RefBdToGcjLon = 116.39762729119315;
    private const double RefBdToGcjLat = 39.90865673957631;

    [Fact]
    public void Create_ZeroZero_Rejected()
    {
        var parsed = GeoPoint.Create(0, 0, CoordinateSystem.Wgs84);
        Assert.Equal("coord_zero", parsed.Error!.Code);
    }

    [Fact]
    public void Create_Swapped_ReportedNotFixed()
    {
        var parsed = GeoPoint.Create(37.55, 102.89, CoordinateSystem.Wgs84);
        Assert.False(parsed.Ok);
        Assert.Equal("coord_swapped", parsed.Error!.Code);
        Assert.Contains("swapped", parsed.Error.Message, StringComparison.Ordinal);
        Assert.Contains("填反", parsed.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.35, 48.85)]
    [InlineData(-74.0, 40.7)]
    [InlineData(150.0, 30.0)]
    [InlineData(102.9, 10.0)]
    [InlineData(102.9, 60.0)]
    public void Create_OutsideChina_Rejected(double lon, double lat)
    {
        var parsed = GeoPoint.Create(lon, lat, CoordinateSystem.Wgs84);
        Assert.Equal("coord_outside_china", parsed.Error!.Code);
    }

    [Theory]
    [InlineData(double.NaN, 37.5)]
    [InlineData(102.9, double.PositiveInfinity)]
    public void Create_NotANumber_Rejected(double lon, double lat)
    {
        Assert.Equal("coord_invalid", GeoPoint.Create(lon, lat, CoordinateSystem.Wgs84).Error!.Code);
    }

    [Fact]
    public void Create_Wgs84InGulang_KeptAsIs()
    {
        var p = GeoPoint.Create(102.8934, 37.4705, CoordinateSystem.Wgs84).Value!;
        Assert.Equal(102.8934, p.Longitude);
        Assert.Equal(37.4705, p.Latitude);
        Assert.Equal(CoordinateSystem.Wgs84, p.Source);
    }

    [Fact]
    public void Wgs84ToGcj02_MatchesPublishedReference()
    {
        var (lon, lat) = ChinaDatum.Wgs84ToGcj02(RefLon, RefLat);
        Assert.True(Metres(lon, lat, RefWgsToGcjLon, RefWgsToGcjLat) < 0.01);
    }

    [Fact]
    public void Gcj02ToBd09_AndBack_MatchPublishedReference()
    {
        var (bLon, bLat) = ChinaDatum.Gcj02ToBd09(RefLon, RefLat);
        Assert.True(Metres(bLon, bLat, RefGcjToBdLon, RefGcjToBdLat) < 0.01);
        var (gLon, gLat) = ChinaDatum.Bd09ToGcj02(RefLon, RefLat);
        Assert.True(Metres(gLon, gLat, RefBdToGcjLon, RefBdToGcjLat) < 0.01);
    }

    [Fact]
    public void Create_Gcj02Reference_ConvertsBackToWgs84WithinOneMetre()
    {
        var p = GeoPoint.Create(RefWgsToGcjLon, RefWgsToGcjLat, CoordinateSystem.Gcj02).Value!;
        Assert.Equal(CoordinateSystem.Gcj02, p.Source);
        Assert.True(Metres(p.Longitude, p.Latitude, RefLon, RefLat) < 1.0);
    }

    [Fact]
    public void Create_Bd09Reference_ConvertsToWgs84WithinOneMetre()
    {
        // BD-09 of the reference point: its published GCJ-02 value pushed through the published GCJ→BD step.
        var (bLon, bLat) = ChinaDatum.Gcj02ToBd09(RefWgsToGcjLon, RefWgsToGcjLat);
        var p = GeoPoint.Create(bLon, bLat, CoordinateSystem.Bd09).Value!;
        Assert.True(Metres(p.Longitude, p.Latitude, RefLon, RefLat) < 1.0);
    }

    [Theory]
    [InlineData(102.6, 37.0)]
    [InlineData(103.2, 37.45)]
    [InlineData(104.0, 37.9)]
    [InlineData(87.6, 43.8)]
    [InlineData(121.47, 31.23)]
    [InlineData(113.26, 23.13)]
    public void RoundTrips_AcrossChina_UnderOneMetre(double lon, double lat)
    {
        var (gLon, gLat) = ChinaDatum.Wgs84ToGcj02(lon, lat);
        var offset = Metres(gLon, gLat, lon, lat);
        Assert.InRange(offset, 50, 1000);
        var (wLon, wLat) = ChinaDatum.Gcj02ToWgs84(gLon, gLat);
        Assert.True(Metres(wLon, wLat, lon, lat) < 1.0);

        var (bLon, bLat) = ChinaDatum.Wgs84ToBd09(lon, lat);
        var (w2Lon, w2Lat) = ChinaDatum.Bd09ToWgs84(bLon, bLat);
        Assert.True(Metres(w2Lon, w2Lat, lon, lat) < 1.0);
    }

    [Theory]
    [InlineData("WGS84", CoordinateSystem.Wgs84)]
    [InlineData("wgs-84", CoordinateSystem.Wgs84)]
    [InlineData("", CoordinateSystem.Wgs84)]
    [InlineData("GCJ02", CoordinateSystem.Gcj02)]
    [InlineData("gcj-02", CoordinateSystem.Gcj02)]
    [InlineData("高德", CoordinateSystem.Gcj02)]
    [InlineData("BD09", CoordinateSystem.Bd09)]
    [InlineData("bd-09", CoordinateSystem.Bd09)]
    [InlineData("百度", CoordinateSystem.Bd09)]
    public void CoordinateSystem_Variants(string raw, CoordinateSystem expected)
    {
        Assert.Equal(expected, CoordinateSystemParser.TryParse(raw).Value);
    }

    [Fact]
    public void CoordinateSystem_Unknown_Rejected()
    {
        Assert.Equal("coord_system_unknown", CoordinateSystemParser.TryParse("CGCS2000x").Error!.Code);
    }

    internal static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        const double r = 6371008.8;
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180;
        var a = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * r * Math.Asin(Math.Sqrt(a));
    }
}
