using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VideoRegistry.TestSupport;
using VideoRegistry.Worker.Cli;

namespace VideoRegistry.Worker.Tests.Cli;

/// <summary>`videoregistry probe` end to end through the real command line parser, against the in-process RTSP responder.</summary>
public sealed class ProbeCommandTests : IAsyncLifetime
{
    private RtspResponder responder = null!;

    public Task InitializeAsync()
    {
        responder = RtspResponder.Start(new RtspResponderOptions { Lifetime = TimeSpan.FromMinutes(2) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await responder.DisposeAsync();

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.Build().Parse(["probe", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Probe_OkUrlJson_Exit0WithStreamFacts()
    {
        var (exit, output, _) = await Run(responder.Url("/ok/1"), "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(responder.Url("/ok/1"), root.GetProperty("target").GetString());
        Assert.Equal(1, root.GetProperty("tier").GetInt32());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        Assert.True(root.GetProperty("durationMs").GetInt64() >= 0);
        Assert.Equal("h264", root.GetProperty("stream").GetProperty("codec").GetString());
        Assert.Equal(640, root.GetProperty("stream").GetProperty("width").GetInt32());
        Assert.Equal(360, root.GetProperty("stream").GetProperty("height").GetInt32());
        Assert.Equal(15, root.GetProperty("stream").GetProperty("fps").GetDouble());
    }

    [Fact]
    public async Task Probe_AuthWithoutCredentialsJson_Exit1ReasonAuth()
    {
        var (exit, output, _) = await Run(responder.Url("/digest-qop"), "--format", "json", "--timeout", "2s");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("auth", json.RootElement.GetProperty("reason").GetString());
        Assert.Contains("401", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_CredentialsInUrl_OkAndNeverPrinted()
    {
        var (exit, output, error) = await Run(responder.Url("/digest", withCredentials: true), "--format", "json");

        Assert.Equal(0, exit);
        Assert.Contains($"rtsp://***@127.0.0.1:{responder.Port}/digest", output, StringComparison.Ordinal);
        Assert.DoesNotContain(RtspResponder.Password, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(RtspResponder.UserName, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_TextFormat_BilingualReason()
    {
        var (exit, output, _) = await Run(responder.Url("/nothing-here"));

        Assert.Equal(1, exit);
        Assert.Contains("失败 FAILED", output, StringComparison.Ordinal);
        Assert.Contains("地址不存在 Not found (not_found)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_ClosedPort_Exit1Refused()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();

        var (exit, output, _) = await Run($"rtsp://127.0.0.1:{port}/ok/1", "--format", "json");

        Assert.Equal(1, exit);
        Assert.Contains("\"reason\":\"refused\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("concat:a.ts|b.ts")]
    [InlineData("rtsp://")]
    [InlineData("not-a-target")]
    [InlineData("34020000001320000001")]
    public async Task Probe_BadOrUnknownTarget_Exit2WithoutProbing(string target)
    {
        var (exit, output, error) = await Run(target, "--db", Path.Combine(Path.GetTempPath(), $"vr-missing-{Guid.NewGuid():N}.db"));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("5x")]
    [InlineData("0s")]
    [InlineData("1h")]
    public async Task Probe_BadTimeout_Exit2(string timeout)
    {
        var (exit, _, error) = await Run(responder.Url("/ok/1"), "--timeout", timeout);

        Assert.Equal(2, exit);
        Assert.Contains("--timeout", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5s", 5000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120000)]
    [InlineData("1.5s", 1500)]
    [InlineData("3", 3000)]
    public void TryParseTimeout_Units_Milliseconds(string raw, int expectedMs)
    {
        Assert.True(ProbeCommand.TryParseTimeout(raw, out var timeout));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), timeout);
    }

    [Fact]
    public async Task Probe_SilentServerShortTimeout_Exit1Timeout()
    {
        await using var hung = RtspResponder.Start(new RtspResponderOptions { Silent = true, Lifetime = TimeSpan.FromMinutes(1) });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (exit, output, _) = await Run(hung.Url("/ok/1"), "--timeout", "500ms", "--format", "json");

        Assert.Equal(1, exit);
        Assert.Contains("\"reason\":\"timeout\"", output, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
