using System.CommandLine;
using System.Text.Json;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Tests.Support;
using VideoRegistry.Worker.Cli;

namespace VideoRegistry.Worker.Tests.Cli;

/// <summary>`videoregistry probe --tier 3`: the JSON contract, and once end to end against a real simulator and ffmpeg.</summary>
public sealed class ProbeCommandPictureTests
{
    [Fact]
    public void ToJson_PictureResult_FaultsMeasuredValuesAndSnapshotAtTopLevel()
    {
        var result = new ProbeResult
        {
            Tier = ProbeTier.Picture,
            Ok = true,
            Faults = [ProbeReason.Black],
            Picture = new PictureMeasures { Brightness = 3.1, FrozenSeconds = 5, BlackSeconds = 4.9, Saturation = 0, SampledSeconds = 4.9 },
            SnapshotPath = "/var/snapshots/62062200001320000001/20261129T080000000Z-fault.jpg",
            CpuSeconds = 0.52,
        };

        var text = ProbeCommand.ToJson(StreamEndpoint.Parse("rtsp://u:secret@10.0.0.1/live"), null, result);

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(["black"], root.GetProperty("faults").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(3.1, root.GetProperty("brightness").GetDouble());
        Assert.Equal(5, root.GetProperty("frozenSeconds").GetDouble());
        Assert.Equal(4.9, root.GetProperty("blackSeconds").GetDouble());
        Assert.Equal(result.SnapshotPath, root.GetProperty("snapshot").GetString());
        Assert.Equal(0.52, root.GetProperty("cpuSeconds").GetDouble());
        Assert.False(root.TryGetProperty("blur", out _));
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_Tier3BlackCameraJson_Exit1WithBlackFaultAndSnapshot()
    {
        await using var simulator = await CameraSimulatorProcess.StartAsync(TimeSpan.FromSeconds(30));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.Build()
            .Parse(["probe", simulator.Url("/black"), "--tier", "3", "--format", "json", "--timeout", "40s"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("tier").GetInt32());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(["black"], root.GetProperty("faults").EnumerateArray().Select(f => f.GetString()));
        Assert.InRange(root.GetProperty("brightness").GetDouble(), 0, 20);
        Assert.True(root.GetProperty("blackSeconds").GetDouble() > 3);
        Assert.True(root.GetProperty("cpuSeconds").GetDouble() > 0);
        var snapshot = root.GetProperty("snapshot").GetString()!;
        try
        {
            Assert.True(File.Exists(snapshot));
            Assert.Equal(0xFF, (await File.ReadAllBytesAsync(snapshot))[0]);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }
}
