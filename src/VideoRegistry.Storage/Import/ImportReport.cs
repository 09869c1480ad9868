using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Storage.Import;

public enum ImportKind
{
    Cameras,
    Grids,
}

/// <summary>How to import: which catalogue, which county, and whether to write.</summary>
public sealed record ImportOptions
{
    public ImportKind Kind { get; init; } = ImportKind.Cameras;

    /// <summary>Six-digit admin code every device ID must start with; null accepts any county.</summary>
    public string? County { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Write the accepted rows even when others are rejected (default: all-or-nothing).</summary>
    public bool SkipInvalid { get; init; }

    public RegistryEncoding Encoding { get; init; } = RegistryEncoding.Auto;

    /// <summary>File name recorded in the report and the audit table.</summary>
    public string SourceName { get; init; } = "-";

    /// <summary>Who imports, for the audit table (OS user, API key name …).</summary>
    public string ImportedBy { get; init; } = "unknown";
}

/// <summary>The import result, serialised as the JSON shape promised by the CLI and the HTTP API.</summary>
public sealed record ImportReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public required string File { get; init; }

    public required string Kind { get; init; }

    /// <summary>utf-8 or gb18030.</summary>
    public required string Encoding { get; init; }

    /// <summary>csv, or xlsx for an Excel workbook (first sheet).</summary>
    public string Format { get; init; } = "csv";

    public int Total { get; init; }

    public int Accepted { get; init; }

    public int Rejected { get; init; }

    public bool Committed { get; init; }

    public bool DryRun { get; init; }

    public int Inserted { get; init; }

    public int Updated { get; init; }

    public int Unchanged { get; init; }

    public IReadOnlyList<string> UnknownColumns { get; init; } = [];

    /// <summary>A problem with the whole file (missing columns, no data); then <see cref="Rows"/> is empty.</summary>
    public ImportFileError? Error { get; init; }

    public IReadOnlyList<ImportRowReport> Rows { get; init; } = [];

    /// <summary>0 when every row was accepted (and committed unless a dry run), 2 on rejected rows or a bad file.</summary>
    [JsonIgnore]
    public int ExitCode => Error is null && Rejected == 0 ? 0 : 2;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ImportReport? FromJson(string json) => JsonSerializer.Deserialize<ImportReport>(json, JsonOptions);
}

public sealed record ImportFileError(string Code, string Message);

public sealed record ImportRowReport
{
    public int Row { get; init; }

    public int Line { get; init; }

    public string? DeviceId { get; init; }

    public string? Code { get; init; }

    /// <summary>accepted or rejected.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<ImportFieldError> Errors { get; init; } = [];
}

public sealed record ImportFieldError(string Field, string Code, string Message);
