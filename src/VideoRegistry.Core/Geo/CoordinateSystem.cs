namespace VideoRegistry.Core.Geo;

/// <summary>Datum of a registry coordinate: GPS/GB 28181 (WGS-84), Amap/Tencent (GCJ-02), Baidu (BD-09).</summary>
public enum CoordinateSystem
{
    Wgs84,
    Gcj02,
    Bd09,
}

public static class CoordinateSystemParser
{
    public static Parsed<CoordinateSystem> TryParse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Parsed<CoordinateSystem>.Success(CoordinateSystem.Wgs84);
        }

        var s = raw.Trim().ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        return s switch
        {
            "WGS84" or "WGS" or "GPS" or "EPSG:4326" or "4326" => Parsed<CoordinateSystem>.Success(CoordinateSystem.Wgs84),
            "GCJ02" or "GCJ" or "高德" or "火星" or "腾讯" or "AMAP" => Parsed<CoordinateSystem>.Success(CoordinateSystem.Gcj02),
            "BD09" or "BD09LL" or "BD" or "百度" or "BAIDU" => Parsed<CoordinateSystem>.Success(CoordinateSystem.Bd09),
            _ => Parsed<CoordinateSystem>.Fail("coord_system_unknown", $"无法识别的坐标系 '{raw.Trim()}' / unknown coordinate system '{raw.Trim()}'; expected WGS84, GCJ02 or BD09"),
        };
    }

    public static string ToLabel(this CoordinateSystem c) => c switch
    {
        CoordinateSystem.Wgs84 => "WGS84",
        CoordinateSystem.Gcj02 => "GCJ02",
        _ => "BD09",
    };
}
