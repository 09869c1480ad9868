using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

public static class MaintenanceCommand
{
    public static Command Create()
    {
        var command = new Command("maintenance", "维修窗口 / maintenance windows (add, list, end)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("maintenance: not built yet");
            return CommonOptions.BadInput;
        });
        return command;
    }
}
