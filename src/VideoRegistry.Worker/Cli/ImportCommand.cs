using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

public static class ImportCommand
{
    public static Command Create()
    {
        var command = new Command("import", "导入台账 / import a registry or grid catalogue (CSV)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("import: not built yet");
            return CommonOptions.BadInput;
        });
        return command;
    }
}
