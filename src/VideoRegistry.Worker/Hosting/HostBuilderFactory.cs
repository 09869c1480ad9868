using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace VideoRegistry.Worker.Hosting;

/// <summary>
/// <see cref="WebApplication.CreateBuilder(string[])"/> reads appsettings.json from the current directory. The worker
/// is started from anywhere (the repository root in config/demo/run.sh, a service manager's directory), so the
/// appsettings.json shipped next to the binary is added as the lowest-priority source when the current directory
/// has none; a local file, environment variables and command-line overrides still win.
/// </summary>
public static class HostBuilderFactory
{
    public static WebApplicationBuilder Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var local = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(local) && File.Exists(shipped))
        {
            var source = new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                Path = "appsettings.json",
                Optional = true,
                ReloadOnChange = false,
            };
            builder.Configuration.Sources.Insert(0, source);
        }

        return builder;
    }
}
