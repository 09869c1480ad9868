using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Storage.Export;

public enum ExportFormat
{
    Csv,
    Json,
}

/// <summary>
/// Writes the registry (or the grid catalogue) as the importer reads it back: CSV in UTF-8 with a BOM and Chinese
/// headers, so Excel on Chinese Windows opens it correctly, or JSON. Stream credentials are written only when
/// <c>includeCredentials</c> is set; otherwise the URL carries neither user info nor secret query values.
/// </summary>
public sealed class RegistryExporter(ICameraRepository cameras, IGridRepository grids)
{
    /// <summary>UTF-8 that writes a BOM at the start of a stream.</summary>
    public static Encoding CsvEncoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Writes every camera (any lifecycle) ordered by device ID; returns how many.</summary>
    public async Task<int> WriteCamerasAsync(Stream output, ExportFormat format, bool includeCredentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var all = await cameras.ListAllAsync(cancellationToken);
        if (format == ExportFormat.Csv)
        {
            await WriteTextAsync(output, w => RegistryCsvWriter.WriteCameras(w, all, includeCredentials), cancellationToken);
            return all.Count;
        }

        await using var json = new Utf8JsonWriter(output, JsonOptions);
        json.WriteStartObject();
        json.WriteString("kind", "cameras");
        json.WriteNumber("count", all.Count);
        json.WriteBoolean("includesCredentials", includeCredentials);
        json.WriteStartArray("cameras");
        foreach (var c in all)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteCamera(json, c, includeCredentials);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return all.Count;
    }

    /// <summary>Writes the grid catalogue ordered by code; returns how many.</summary>
    public async Task<int> WriteGridsAsync(Stream output, ExportFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var all = await grids.ListAsync(cancellationToken);
        if (format == ExportFormat.Csv)
        {
            await WriteTextAsync(output, w => RegistryCsvWriter.WriteGrids(w, all), cancellationToken);
            return all.Count;
        }

        await using var json = new Utf8JsonWriter(output, JsonOptions);
        json.WriteStartObject();
        json.WriteString("kind", "grids");
        json.WriteNumber("count", all.Count);
        json.WriteStartArray("grids");
        foreach (var g in all)
        {
            json.WriteStartObject();
            json.WriteString("code", g.Code);
            json.WriteString("name", g.Name);
            json.WriteString("township", g.Township);
            WriteOptional(json, "village", g.Village);
            WriteOptional(json, "type", g.Type);
            if (g.RequiredCameras is { } required)
            {
                json.WriteNumber("requiredCameras", required);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return all.Count;
    }

    private static async Task WriteTextAsync(Stream output, Action<TextWriter> write, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, CsvEncoding, bufferSize: 65536, leaveOpen: true);
        write(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteCamera(Utf8JsonWriter json, Camera c, bool includeCredentials)
    {
        json.WriteStartObject();
        json.WriteString("deviceId", c.DeviceId.Value);
        json.WriteString("name", c.Name);
        json.WriteString("class", c.Class.ToLabel());
        json.WriteString("township", c.Township);
        WriteOptional(json, "village", c.Village);
        WriteOptional(json, "grid", c.Grid);
        if (c.Location is { } p)
        {
            json.WriteNumber("longitude", p.Longitude);
            json.WriteNumber("latitude", p.Latitude);
            json.WriteString("coordSystem", CoordinateSystem.Wgs84.ToLabel());
        }

        WriteOptional(json, "siteType", c.SiteType);
        WriteOptional(json, "owner", c.Owner);
        WriteOptional(json, "streamUrl", RegistryCsvWriter.StreamUrl(c.Stream, includeCredentials));
        if (includeCredentials && c.Stream is { HasCredentials: true } s)
        {
            WriteOptional(json, "username", s.UserName);
            WriteOptional(json, "password", s.Password);
        }

        WriteOptional(json, "upstream", c.Upstream?.Value);
        json.WriteString("status", c.Lifecycle.ToLabel());
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
