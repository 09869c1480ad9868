using System.Security.Cryptography;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Storage.Import;

/// <summary>
/// Imports a county registry or grid catalogue (CSV, UTF-8 or GB18030) into the store: validates every row,
/// then writes all accepted rows in one transaction, or nothing when any row is rejected (unless told to skip
/// invalid rows). Used by the CLI and the HTTP API alike.
/// </summary>
public sealed class RegistryImporter(ICameraRepository cameras, IGridRepository grids)
{
    /// <summary>Largest file accepted; a county registry of 100k rows is about 25 MB.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    public async Task<ImportReport> ImportAsync(Stream content, ImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = await ReadAllAsync(content, cancellationToken);
        List<CsvRecord> records;
        string encodingLabel;
        var format = "csv";
        if (XlsxSheetReader.IsZip(bytes))
        {
            // An Excel workbook: its XML is UTF-8 whatever the sheet holds.
            records = [.. XlsxSheetReader.Read(bytes).Where(r => !r.IsBlank)];
            encodingLabel = "utf-8";
            format = "xlsx";
        }
        else
        {
            var (text, encoding) = TextEncodingDetector.Decode(bytes, options.Encoding);
            records = [.. CsvReader.Parse(text).Where(r => !r.IsBlank)];
            encodingLabel = TextEncodingDetector.Label(encoding);
        }

        var kind = options.Kind == ImportKind.Grids ? "grids" : "cameras";
        var report = new ImportReport { File = options.SourceName, Kind = kind, Format = format, Encoding = encodingLabel, DryRun = options.DryRun };
        if (records.Count == 0)
        {
            return report with { Error = new ImportFileError("file_empty", "文件为空或没有表头 / the file is empty or has no header row") };
        }

        var columns = options.Kind == ImportKind.Grids ? RegistryColumns.Grid : RegistryColumns.Camera;
        var map = HeaderMap.Resolve(records[0].Fields, columns);
        report = report with { UnknownColumns = map.UnknownColumns };
        if (!map.Ok)
        {
            var missing = string.Join(", ", map.Missing.Select(c => $"{c.ChineseHeader} ({c.EnglishHeader})"));
            var found = string.Join(", ", records[0].Fields.Select(h => h.Trim()).Where(h => h.Length > 0));
            return report with
            {
                Error = new ImportFileError("columns_missing", $"缺少必填列：{missing}；文件中的列：{found} / missing required column(s): {missing}; the file has: {found}"),
            };
        }

        var data = records.Skip(1).ToList();
        if (data.Count == 0)
        {
            return report with { Error = new ImportFileError("no_rows", "文件只有表头，没有数据行 / the file has a header but no data rows") };
        }

        var audit = new ImportAudit(kind, options.SourceName, options.ImportedBy, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        if (options.Kind == ImportKind.Grids)
        {
            return await CommitAsync(report, RegistryRowValidator.ValidateGrids(data, map), options, (list, ct) => grids.UpsertAsync(list, audit, ct), isGrid: true, cancellationToken);
        }

        var keepStoredCredentials = !map.Columns.ContainsKey("username") && !map.Columns.ContainsKey("password");
        return await CommitAsync(
            report,
            RegistryRowValidator.ValidateCameras(data, map, options.County),
            options,
            async (list, ct) => await cameras.UpsertAsync(keepStoredCredentials ? await WithStoredCredentialsAsync(list, ct) : list, audit, ct),
            isGrid: false,
            cancellationToken);
    }

    /// <summary>
    /// A file without credential columns (an export made without --include-credentials, a sheet that never had
    /// them) says nothing about credentials: a camera whose stream URL is unchanged keeps the ones stored for it,
    /// instead of an edit-and-re-import silently wiping every password.
    /// </summary>
    private async Task<IReadOnlyList<Camera>> WithStoredCredentialsAsync(IReadOnlyList<Camera> incoming, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, StreamEndpoint>(StringComparer.Ordinal);
        foreach (var camera in await cameras.ListAllAsync(cancellationToken))
        {
            if (camera.Stream is { HasCredentials: true } s)
            {
                stored[camera.DeviceId.Value] = s;
            }
        }

        if (stored.Count == 0)
        {
            return incoming;
        }

        return [.. incoming.Select(c =>
            c.Stream is { HasCredentials: false } s
            && stored.TryGetValue(c.DeviceId.Value, out var old)
            && string.Equals(old.UrlWithoutCredentials, s.UrlWithoutCredentials, StringComparison.Ordinal)
                ? c with { Stream = StreamEndpoint.Parse(s.UrlWithoutCredentials, old.UserName, old.Password) }
                : c)];
    }

    private static async Task<ImportReport> CommitAsync<T>(
        ImportReport report,
        IReadOnlyList<RowVerdict<T>> verdicts,
        ImportOptions options,
        Func<IReadOnlyList<T>, CancellationToken, Task<UpsertSummary>> write,
        bool isGrid,
        CancellationToken cancellationToken)
        where T : class
    {
        var accepted = verdicts.Where(v => v.Accepted).Select(v => v.Value!).ToList();
        var rejected = verdicts.Count - accepted.Count;
        var rows = verdicts.Select(v => new ImportRowReport
        {
            Row = v.Row,
            Line = v.Line,
            DeviceId = isGrid ? null : v.Key,
            Code = isGrid ? v.Key : null,
            Status = v.Accepted ? "accepted" : "rejected",
            Errors = [.. v.Errors.Select(e => new ImportFieldError(e.Field, e.Code, e.Message))],
        }).ToList();
        report = report with { Total = verdicts.Count, Accepted = accepted.Count, Rejected = rejected, Rows = rows };

        var mayWrite = !options.DryRun && accepted.Count > 0 && (rejected == 0 || options.SkipInvalid);
        if (!mayWrite)
        {
            return report;
        }

        var summary = await write(accepted, cancellationToken);
        return report with { Committed = true, Inserted = summary.Inserted, Updated = summary.Updated, Unchanged = summary.Unchanged };
    }

    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new InvalidDataException($"文件超过 {MaxFileBytes / 1024 / 1024} MB / file is larger than {MaxFileBytes / 1024 / 1024} MB");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
