using VideoRegistry.Worker.Cli;

return await CliApp.RunAsync(args);

/// <summary>Entry point type, referenced by WebApplicationFactory in tests.</summary>
public partial class Program;
