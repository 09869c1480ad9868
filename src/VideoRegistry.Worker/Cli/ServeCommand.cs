using System.CommandLine;
using VideoRegistry.Worker.Hosting;

namespace VideoRegistry.Worker.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var urls = new Option<string?>("--urls") { Description = "HTTP listen address(es), e.g. http://127.0.0.1:8080" };
        var command = new Command("serve", "运行监测服务 / run the monitoring service (default)") { db, urls };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var hostArgs = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(db) is { } path)
            {
                hostArgs.Add($"--Storage:Path={path}");
            }

            if (parse.GetValue(urls) is { } u)
            {
                hostArgs.Add($"--urls={u}");
            }

            var app = ServiceHost.Build([.. hostArgs]);
            await app.RunAsync(ct);
            return CommonOptions.Ok;
        });
        return command;
    }
}
