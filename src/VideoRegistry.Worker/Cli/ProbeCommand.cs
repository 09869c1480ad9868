using System.CommandLine;

namespace VideoRegistry.Worker.Cli;

public static class ProbeCommand
{
    public static Command Create()
    {
        var command = new Command("probe", "探测一路视频 / probe one stream (URL or device ID)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("probe: not built yet");
            return CommonOptions.BadInput;
        });
        return command;
    }
}
