using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

public static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "导出台账 / export the registry");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("export: not built yet");
            return CommonOptions.BadInput;
        });
        return command;
    }
}
