using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "报表 / reports: dead, coverage, uptime");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("report: not built yet");
            return CommonOptions.BadInput;
        });
        return command;
    }
}
