using System.Globalization;
using System.Text;
using VideoRegistry.Core.Health;

namespace VideoRegistry.Worker.Metrics;

/// <summary>
/// Writes the per-camera families straight in the Prometheus text format (0.0.4). Rebuilt from the snapshot on each
/// scrape, so a camera removed from the registry simply stops appearing; no labelled children to track or remove,
/// and 100k cameras serialise without 500k prometheus-net child objects.
/// </summary>
internal static class PerCameraExposition
{
    public static async Task WriteAsync(Stream output, FleetSnapshot snapshot, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await using (writer.ConfigureAwait(false))
        {
            var sb = new StringBuilder(1 << 16);
            async Task FlushIfBig()
            {
                if (sb.Length > 1 << 15)
                {
                    await writer.WriteAsync(sb, cancellationToken);
                    sb.Clear();
                }
            }

            Header(sb, "videoregistry_camera_up", "1 while the stream can be pulled (online or degraded), 0 while offline; absent while unknown, in maintenance or decommissioned.");
            foreach (var row in snapshot.Cameras)
            {
                if (row.State is HealthState.Online or HealthState.Degraded or HealthState.Offline)
                {
                    sb.Append("videoregistry_camera_up{camera_id=\"").Append(row.Camera.DeviceId.Value)
                        .Append("\",class=\"").Append(row.Camera.Class.ToString())
                        .Append("\",township=\"");
                    Escape(sb, Label.Clean(row.Camera.Township));
                    sb.Append("\"} ").Append(row.State.IsUp() ? '1' : '0').Append('\n');
                    await FlushIfBig();
                }
            }

            Header(sb, "videoregistry_camera_info", "Registry facts of a camera (value 1), for joins and the map; WGS-84 coordinates.");
            foreach (var row in snapshot.Cameras)
            {
                if (row.State == HealthState.Decommissioned)
                {
                    continue;
                }

                var c = row.Camera;
                sb.Append("videoregistry_camera_info{camera_id=\"").Append(c.DeviceId.Value).Append("\",name=\"");
                Escape(sb, Label.Clean(c.Name));
                sb.Append("\",class=\"").Append(c.Class.ToString()).Append("\",township=\"");
                Escape(sb, Label.Clean(c.Township));
                sb.Append("\",village=\"");
                Escape(sb, Label.Clean(c.Village));
                sb.Append("\",grid=\"");
                Escape(sb, Label.Clean(c.Grid));
                sb.Append("\",site_type=\"");
                Escape(sb, Label.SiteType(c.SiteType));
                sb.Append("\",upstream=\"").Append(c.Upstream?.Value ?? string.Empty);
                sb.Append("\",latitude=\"");
                if (c.Location is { } p)
                {
                    sb.Append(p.Latitude.ToString("0.######", CultureInfo.InvariantCulture)).Append("\",longitude=\"")
                        .Append(p.Longitude.ToString("0.######", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append("\",longitude=\"");
                }

                sb.Append("\"} 1\n");
                await FlushIfBig();
            }

            Header(sb, "videoregistry_camera_last_success_timestamp_seconds", "Unix time of the camera's last successful probe.");
            foreach (var row in snapshot.Cameras)
            {
                if (row.State != HealthState.Decommissioned && row.Health?.LastSuccess is { } at)
                {
                    sb.Append("videoregistry_camera_last_success_timestamp_seconds{camera_id=\"").Append(row.Camera.DeviceId.Value)
                        .Append("\"} ").Append(FleetSnapshot.Seconds(at)).Append('\n');
                    await FlushIfBig();
                }
            }

            Header(sb, "videoregistry_camera_offline_since_timestamp_seconds", "Unix time the camera went offline; present only while offline.");
            foreach (var row in snapshot.Cameras)
            {
                if (row.State == HealthState.Offline && Since(row) is { } since)
                {
                    sb.Append("videoregistry_camera_offline_since_timestamp_seconds{camera_id=\"").Append(row.Camera.DeviceId.Value)
                        .Append("\"} ").Append(FleetSnapshot.Seconds(since)).Append('\n');
                    await FlushIfBig();
                }
            }

            Header(sb, "videoregistry_camera_fault_since_timestamp_seconds", "Unix time an offline or degraded camera entered that state, with its failure reason or main picture fault.");
            foreach (var row in snapshot.Cameras)
            {
                if (row.State is HealthState.Offline or HealthState.Degraded && Since(row) is { } since)
                {
                    sb.Append("videoregistry_camera_fault_since_timestamp_seconds{camera_id=\"").Append(row.Camera.DeviceId.Value)
                        .Append("\",state=\"").Append(row.State.ToLabel())
                        .Append("\",reason=\"").Append(FleetSnapshot.FaultReason(row))
                        .Append("\"} ").Append(FleetSnapshot.Seconds(since)).Append('\n');
                    await FlushIfBig();
                }
            }

            await writer.WriteAsync(sb, cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }
    }

    /// <summary>When the state began; the last probe stands in if the monitor has not recorded a start.</summary>
    private static DateTimeOffset? Since(CameraRow row) => row.Health?.Since ?? row.Health?.LastProbe;

    private static void Header(StringBuilder sb, string name, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" gauge\n");

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
