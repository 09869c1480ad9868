using System.Globalization;
using VideoRegistry.Core.Geo;

namespace VideoRegistry.Core.Registry.Import;

/// <summary>
/// Writes the registry and grid catalogue as CSV with Chinese headers, in the exact columns the importer reads back.
/// Coordinates are written as stored (WGS-84). Stream credentials are written only when asked; otherwise the
/// URL carries neither user info nor secret query values.
/// </summary>
public static class RegistryCsvWriter
{
    private static readonly string[] CameraFields = ["device_id", "name", "class", "township", "village", "grid", "longitude", "latitude", "coord_system", "site_type", "owner", "stream_url", "upstream", "status"];

    public static void WriteCameras(TextWriter writer, IEnumerable<Camera> cameras, bool includeCredentials)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cameras);
        var fields = includeCredentials ? [.. CameraFields, "username", "password"] : CameraFields;
        CsvReader.WriteRecord(writer, fields.Select(f => RegistryColumns.Camera.First(c => c.Field == f).ChineseHeader));
        foreach (var c in cameras)
        {
            var values = new List<string?>(fields.Length)
            {
                c.DeviceId.Value,
                c.Name,
                c.Class.ToChinese(),
                c.Township,
                c.Village,
                c.Grid,
                c.Location?.Longitude.ToString("0.0######", CultureInfo.InvariantCulture),
                c.Location?.Latitude.ToString("0.0######", CultureInfo.InvariantCulture),
                c.Location is null ? null : CoordinateSystem.Wgs84.ToLabel(),
                c.SiteType,
                c.Owner,
                StreamUrl(c.Stream, includeCredentials),
                c.Upstream?.Value,
                LifecycleChinese(c.Lifecycle),
            };
            if (includeCredentials)
            {
                values.Add(c.Stream?.UserName);
                values.Add(c.Stream?.Password);
            }

            CsvReader.WriteRecord(writer, values);
        }
    }

    public static void WriteGrids(TextWriter writer, IEnumerable<Grid> grids)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(grids);
        CsvReader.WriteRecord(writer, RegistryColumns.Grid.Select(c => c.ChineseHeader));
        foreach (var g in grids)
        {
            CsvReader.WriteRecord(writer, [g.Code, g.Name, g.Township, g.Village, g.Type, g.RequiredCameras?.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    /// <summary>The stream URL to export: without user info, and with secret query values masked unless credentials are wanted.</summary>
    public static string? StreamUrl(StreamEndpoint? stream, bool includeCredentials)
    {
        if (stream is null)
        {
            return null;
        }

        var bare = stream.UrlWithoutCredentials;
        return includeCredentials ? bare : StreamEndpoint.Parse(bare).Redacted;
    }

    public static string LifecycleChinese(CameraLifecycle lifecycle) => lifecycle switch
    {
        CameraLifecycle.Active => "在用",
        CameraLifecycle.Maintenance => "维修",
        _ => "停用",
    };
}
