using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "生成演示县 / seed the demo county");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("demo: not built yet");
            return CommonOptions.BadInput;
        });
        return command;
    }
}
