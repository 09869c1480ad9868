using System.ComponentModel.DataAnnotations;

namespace VideoRegistry.Worker.Api;

/// <summary>Section "Api": API keys for writes (and optionally reads) and request size limits.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Accepted <c>X-Api-Key</c> values. None: every write is refused.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Reads need a key too (default: reads are open inside the county network).</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>Largest JSON request body (camera, maintenance window).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest registry CSV upload.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 32L * 1024 * 1024;
}
