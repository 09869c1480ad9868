using System.ComponentModel.DataAnnotations;

namespace VideoRegistry.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>SQLite file of the embedded store.</summary>
    [Required]
    public string Path { get; set; } = "var/videoregistry.db";
}
