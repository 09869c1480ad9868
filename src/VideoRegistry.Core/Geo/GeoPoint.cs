namespace VideoRegistry.Core.Geo;

/// <summary>
/// A validated camera position, stored in WGS-84. <see cref="Source"/> records the datum the registry gave it in.
/// </summary>
public sealed record GeoPoint
{
    // China's extent: lon 73–135 E, lat 18–54 N (DOMAIN.md).
    public const double MinLon = 73.0;
    public const double MaxLon = 135.5;
    public const double MinLat = 18.0;
    public const double MaxLat = 54.0;

    private GeoPoint(double longitude, double latitude, CoordinateSystem source)
    {
        Longitude = longitude;
        Latitude = latitude;
        Source = source;
    }

    /// <summary>WGS-84 longitude.</summary>
    public double Longitude { get; }

    /// <summary>WGS-84 latitude.</summary>
    public double Latitude { get; }

    public CoordinateSystem Source { get; }

    public static Parsed<GeoPoint> FromWgs84(double lon, double lat) => Create(lon, lat, CoordinateSystem.Wgs84);

    /// <summary>
    /// Validates a point given in <paramref name="system"/> and converts it to WGS-84. Swapped lon/lat is
    /// reported, never silently fixed.
    /// </summary>
    public static Parsed<GeoPoint> Create(double lon, double lat, CoordinateSystem system)
    {
        if (double.IsNaN(lon) || double.IsNaN(lat) || double.IsInfinity(lon) || double.IsInfinity(lat))
        {
            return Parsed<GeoPoint>.Fail("coord_invalid", "坐标不是有效数字 / coordinate is not a number");
        }

        if (Math.Abs(lon) < 1e-9 && Math.Abs(lat) < 1e-9)
        {
            return Parsed<GeoPoint>.Fail("coord_zero", "坐标为 0,0（未填写） / coordinate is 0,0 (not filled in)");
        }

        var inChina = InChinaBox(lon, lat);
        if (!inChina && InChinaBox(lat, lon))
        {
            return Parsed<GeoPoint>.Fail(
                "coord_swapped",
                $"经纬度可能填反：经度 {lon}，纬度 {lat} / longitude {lon} and latitude {lat} look swapped; in China longitude is 73–135 and latitude 18–54");
        }

        if (!inChina)
        {
            return Parsed<GeoPoint>.Fail(
                "coord_outside_china",
                $"坐标不在中国境内：经度 {lon}，纬度 {lat} / point {lon},{lat} is outside China (longitude 73–135, latitude 18–54)");
        }

        var (wLon, wLat) = system switch
        {
            CoordinateSystem.Gcj02 => ChinaDatum.Gcj02ToWgs84(lon, lat),
            CoordinateSystem.Bd09 => ChinaDatum.Bd09ToWgs84(lon, lat),
            _ => (lon, lat),
        };
        return Parsed<GeoPoint>.Success(new GeoPoint(Math.Round(wLon, 7), Math.Round(wLat, 7), system));
    }

    /// <summary>Rebuilds a point a store saved after <see cref="Create"/>: already WGS-84, not validated again.</summary>
    public static GeoPoint Restore(double wgsLongitude, double wgsLatitude, CoordinateSystem source) => new(wgsLongitude, wgsLatitude, source);

    private static bool InChinaBox(double lon, double lat) => lon is >= MinLon and <= MaxLon && lat is >= MinLat and <= MaxLat;
}
