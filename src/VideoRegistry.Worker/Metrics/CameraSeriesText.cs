using System.Globalization;
using System.Text;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Metrics;

/// <summary>
/// A camera's label sets in exposition text, rendered once when the registry cache is refreshed: registry facts do not
/// change between scrapes, so a scrape only appends these strings and the values (cleaning, escaping and coordinate
/// formatting of 100k cameras would otherwise run on every scrape). The camera_info line, the largest and fully
/// static family, is kept as ready UTF-8 bytes (about 270 bytes per camera).
/// </summary>
internal sealed record CameraSeriesText(Camera Camera, string Id, string Up, byte[] InfoLine)
{
    public static CameraSeriesText Render(Camera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var id = new StringBuilder(40).Append("camera_id=\"").Append(camera.DeviceId.Value).Append('"').ToString();

        var up = new StringBuilder(96).Append(id).Append(",class=\"").Append(camera.Class.ToString()).Append("\",township=\"");
        Escape(up, Label.Clean(camera.Township));
        up.Append('"');

        var info = new StringBuilder(256).Append("videoregistry_camera_info{").Append(id).Append(",name=\"");
        Escape(info, Label.Clean(camera.Name));
        info.Append("\",class=\"").Append(camera.Class.ToString()).Append("\",township=\"");
        Escape(info, Label.Clean(camera.Township));
        info.Append("\",village=\"");
        Escape(info, Label.Clean(camera.Village));
        info.Append("\",grid=\"");
        Escape(info, Label.Clean(camera.Grid));
        info.Append("\",site_type=\"");
        Escape(info, Label.SiteType(camera.SiteType));
        info.Append("\",upstream=\"").Append(camera.Upstream?.Value ?? string.Empty).Append("\",latitude=\"");
        if (camera.Location is { } p)
        {
            info.Append(p.Latitude.ToString("0.######", CultureInfo.InvariantCulture)).Append("\",longitude=\"")
                .Append(p.Longitude.ToString("0.######", CultureInfo.InvariantCulture));
        }
        else
        {
            info.Append("\",longitude=\"");
        }

        info.Append("\"} 1\n");
        return new CameraSeriesText(camera, id, up.ToString(), Encoding.UTF8.GetBytes(info.ToString()));
    }

    /// <summary>Text-format label escaping: backslash, double quote and newline.</summary>
    private static void Escape(StringBuilder sb, string value)
    {
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(ch); break;
            }
        }
    }
}
