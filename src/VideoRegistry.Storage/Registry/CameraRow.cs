using System.Globalization;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Registry;

/// <summary>A camera flattened to its stored columns; also what change detection compares.</summary>
internal sealed record CameraRow
{
    public required string DeviceId { get; init; }

    public required string Name { get; init; }

    public required int CameraClass { get; init; }

    public required string Township { get; init; }

    public string? Village { get; init; }

    public string? Grid { get; init; }

    public double? Longitude { get; init; }

    public double? Latitude { get; init; }

    public string? CoordSource { get; init; }

    public string? SiteType { get; init; }

    public string? Owner { get; init; }

    public string? StreamUrl { get; init; }

    public string? Upstream { get; init; }

    public required string Lifecycle { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public static CameraRow From(Camera c) => new()
    {
        DeviceId = c.DeviceId.Value,
        Name = c.Name,
        CameraClass = (int)c.Class,
        Township = c.Township,
        Village = c.Village,
        Grid = c.Grid,
        Longitude = c.Location?.Longitude,
        Latitude = c.Location?.Latitude,
        CoordSource = c.Location?.Source.ToLabel(),
        SiteType = c.SiteType,
        Owner = c.Owner,
        StreamUrl = c.Stream?.UrlWithoutCredentials,
        Upstream = c.Upstream?.Value,
        Lifecycle = c.Lifecycle.ToLabel(),
        Username = c.Stream?.UserName,
        Password = c.Stream?.Password,
    };

    public Camera ToCamera()
    {
        // Stored values are already validated WGS-84; the source datum is kept as a label.
        var location = Longitude is { } lon && Latitude is { } lat
            ? GeoPoint.Restore(lon, lat, CoordinateSystemParser.TryParse(CoordSource).Value)
            : null;

        return new Camera
        {
            DeviceId = GbDeviceId.Parse(DeviceId),
            Name = Name,
            Class = (CameraClass)CameraClass,
            Township = Township,
            Village = Village,
            Grid = Grid,
            Location = location,
            SiteType = SiteType,
            Owner = Owner,
            Stream = StreamUrl is null ? null : StreamEndpoint.TryParse(StreamUrl, Username, Password).Value,
            Upstream = Upstream is null ? null : GbDeviceId.TryParse(Upstream).Value,
            Lifecycle = CameraLifecycleParser.TryParse(Lifecycle).Value,
        };
    }

    /// <summary>Fields that differ, with old → new values; credentials are named but never shown.</summary>
    public IReadOnlyList<string> DiffFrom(CameraRow old)
    {
        var changes = new List<string>();
        void Check(string field, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes.Add($"{field}: {before ?? "∅"} → {after ?? "∅"}");
            }
        }

        Check("name", old.Name, Name);
        Check("class", old.CameraClass.ToString(CultureInfo.InvariantCulture), CameraClass.ToString(CultureInfo.InvariantCulture));
        Check("township", old.Township, Township);
        Check("village", old.Village, Village);
        Check("grid", old.Grid, Grid);
        Check("longitude", Num(old.Longitude), Num(Longitude));
        Check("latitude", Num(old.Latitude), Num(Latitude));
        Check("coord_system", old.CoordSource, CoordSource);
        Check("site_type", old.SiteType, SiteType);
        Check("owner", old.Owner, Owner);
        Check("stream_url", old.StreamUrl, StreamUrl);
        Check("upstream", old.Upstream, Upstream);
        Check("status", old.Lifecycle, Lifecycle);
        if (!string.Equals(old.Username, Username, StringComparison.Ordinal) || !string.Equals(old.Password, Password, StringComparison.Ordinal))
        {
            changes.Add("credentials: *** → ***");
        }

        return changes;
    }

    private static string? Num(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);
}
