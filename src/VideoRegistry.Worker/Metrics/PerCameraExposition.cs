using System.Buffers;
using System.Globalization;
using System.Text;
using VideoRegistry.Core.Health;

namespace VideoRegistry.Worker.Metrics;

/// <summary>
/// Writes the per-camera families straight in the Prometheus text format (0.0.4). Rebuilt from the snapshot on each
/// scrape, so a camera removed from the registry simply stops appearing; no labelled children to track or remove,
/// and 100k cameras serialise without 500k prometheus-net child objects. Label text comes pre-rendered from
/// <see cref="CameraSeriesText"/>; only states and timestamps are formatted per scrape.
/// </summary>
internal static class PerCameraExposition
{
    /// <param name="texts">Label text per camera, in the order of <see cref="FleetSnapshot.Cameras"/> (rendered on the fly where it is not).</param>
    public static async Task WriteAsync(Stream output, FleetSnapshot snapshot, IReadOnlyList<CameraSeriesText> texts, CancellationToken cancellationToken)
    {
        var rows = snapshot.Cameras;
        var text = new CameraSeriesText[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            text[i] = i < texts.Count && ReferenceEquals(texts[i].Camera, rows[i].Camera) ? texts[i] : CameraSeriesText.Render(rows[i].Camera);
        }

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
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].State is HealthState.Online or HealthState.Degraded or HealthState.Offline)
                {
                    sb.Append("videoregistry_camera_up{").Append(text[i].Up).Append("} ").Append(rows[i].State.IsUp() ? '1' : '0').Append('\n');
                    await FlushIfBig();
                }
            }

            Header(sb, "videoregistry_camera_info", "Registry facts of a camera (value 1), for joins and the map; WGS-84 coordinates.");
            await writer.WriteAsync(sb, cancellationToken);
            sb.Clear();
            await writer.FlushAsync(cancellationToken);
            await WriteInfoLinesAsync(output, rows, text, cancellationToken);

            Header(sb, "videoregistry_camera_last_success_timestamp_seconds", "Unix time of the camera's last successful probe.");
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].State != HealthState.Decommissioned && rows[i].Health?.LastSuccess is { } at)
                {
                    sb.Append("videoregistry_camera_last_success_timestamp_seconds{").Append(text[i].Id).Append("} ");
                    AppendSeconds(sb, at).Append('\n');
                    await FlushIfBig();
                }
            }

            Header(sb, "videoregistry_camera_offline_since_timestamp_seconds", "Unix time the camera went offline; present only while offline.");
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].State == HealthState.Offline && Since(rows[i]) is { } since)
                {
                    sb.Append("videoregistry_camera_offline_since_timestamp_seconds{").Append(text[i].Id).Append("} ");
                    AppendSeconds(sb, since).Append('\n');
                    await FlushIfBig();
                }
            }

            Header(sb, "videoregistry_camera_fault_since_timestamp_seconds", "Unix time an offline or degraded camera entered that state, with its failure reason or main picture fault.");
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].State is HealthState.Offline or HealthState.Degraded && Since(rows[i]) is { } since)
                {
                    sb.Append("videoregistry_camera_fault_since_timestamp_seconds{").Append(text[i].Id)
                        .Append(",state=\"").Append(rows[i].State.ToLabel())
                        .Append("\",reason=\"").Append(FleetSnapshot.FaultReason(rows[i]))
                        .Append("\"} ");
                    AppendSeconds(sb, since).Append('\n');
                    await FlushIfBig();
                }
            }

            await writer.WriteAsync(sb, cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The pre-encoded camera_info lines, batched into pooled 64 KiB writes straight to the output.</summary>
    private static async Task WriteInfoLinesAsync(Stream output, IReadOnlyList<CameraRow> rows, CameraSeriesText[] text, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var used = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].State == HealthState.Decommissioned)
                {
                    continue;
                }

                var line = text[i].InfoLine;
                if (used + line.Length > buffer.Length)
                {
                    await output.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                    used = 0;
                }

                if (line.Length > buffer.Length)
                {
                    await output.WriteAsync(line, cancellationToken);
                    continue;
                }

                line.CopyTo(buffer, used);
                used += line.Length;
            }

            await output.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>When the state began; the last probe stands in if the monitor has not recorded a start.</summary>
    private static DateTimeOffset? Since(CameraRow row) => row.Health?.Since ?? row.Health?.LastProbe;

    /// <summary>Unix seconds with milliseconds, formatted without an intermediate string.</summary>
    private static StringBuilder AppendSeconds(StringBuilder sb, DateTimeOffset at) =>
        sb.Append(CultureInfo.InvariantCulture, $"{at.ToUnixTimeMilliseconds() / 1000.0:0.###}");

    private static void Header(StringBuilder sb, string name, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" gauge\n");
}
