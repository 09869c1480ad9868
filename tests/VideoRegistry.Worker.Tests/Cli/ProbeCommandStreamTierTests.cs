using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VideoRegistry.Worker.Cli;

namespace VideoRegistry.Worker.Tests.Cli;

/// <summary>`videoregistry probe --tier 2`: the L2 prober comes from DI (AddStreamProbing) and runs the real ffprobe.</summary>
public sealed class ProbeCommandStreamTierTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.Build().Parse(["probe", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Probe_Tier2ClosedPortJson_Exit1RefusedFromFfprobe()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();

        var (exit, output, error) = await Run($"rtsp://viewer:tier2-secret@127.0.0.1:{port}/ok/1", "--tier", "2", "--format", "json", "--timeout", "5s");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("tier").GetInt32());
        Assert.Equal("refused", json.RootElement.GetProperty("reason").GetString());
        Assert.True(json.RootElement.GetProperty("cpuSeconds").GetDouble() > 0);
        Assert.Equal($"rtsp://***@127.0.0.1:{port}/ok/1", json.RootElement.GetProperty("target").GetString());
        Assert.DoesNotContain("tier2-secret", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("viewer", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("concat:rtsp://127.0.0.1/a|file:///etc/passwd")]
    [InlineData("subfile:,start,0,end,0,:/etc/passwd")]
    [InlineData("pipe:0")]
    public async Task Probe_Tier2ForbiddenScheme_Exit2BeforeAnyProcess(string target)
    {
        var (exit, output, error) = await Run(target, "--tier", "2");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("not allowed", error, StringComparison.Ordinal);
    }
}
