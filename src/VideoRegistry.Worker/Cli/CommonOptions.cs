using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

/// <summary>Options shared by several verbs.</summary>
public static class CommonOptions
{
    public static Option<string?> Db() => new("--db")
    {
        Description = "SQLite 数据库文件 / SQLite database file (default: Storage:Path from configuration, var/videoregistry.db)",
    };

    /// <summary>Exit codes promised to other tools.</summary>
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;
}
