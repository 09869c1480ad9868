using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

/// <summary>The <c>videoregistry</c> command line: <c>serve</c> (default) and the operator verbs.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        return parse.InvokeAsync();
    }

    public static RootCommand Build()
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("VideoRegistry — 雪亮工程 camera registry and monitor / camera registry, prober and uptime monitor");
        foreach (var option in serve.Options)
        {
            root.Options.Add(option);
        }

        root.TreatUnmatchedTokensAsErrors = false;
        root.Action = serve.Action;
        root.Subcommands.Add(serve);
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(MaintenanceCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        return root;
    }
}
