using System.Diagnostics;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Reach;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Probing.Tests.Reach;

/// <summary>The real L1 prober against the real camera simulator (GStreamer RTSP server) on loopback.</summary>
[Collection(CameraSimulatorGroup.Name)]
public sealed class RtspReachSimulatorTests(CameraSimulator simulator) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(8);
    private readonly RtspReachProber prober = new(Options.Create(new ReachProbeOptions
    {
        ConnectTimeout = TimeSpan.FromSeconds(3),
        ResponseTimeout = TimeSpan.FromSeconds(5),
    }));

    public void Dispose() => prober.Dispose();

    private Task<ProbeResult> Probe(string url, string? user = null, string? password = null, TimeSpan? deadline = null) =>
        prober.ProbeAsync(StreamEndpoint.Parse(url, user, password), deadline ?? Deadline, CancellationToken.None);

    [Theory]
    [InlineData("/ok/1")]
    [InlineData("/ok/7071")]
    [InlineData("/black")]
    [InlineData("/frozen")]
    [InlineData("/noise")]
    public async Task ProbeAsync_VideoPath_OkWithH264(string path)
    {
        var result = await Probe(simulator.Url(path));

        Assert.True(result.Ok, $"{path}: {result.Reason} {result.Detail}");
        Assert.Equal(ProbeReason.None, result.Reason);
        Assert.Equal("h264", result.Stream!.Codec);
    }

    [Fact]
    public async Task ProbeAsync_AuthWithRightCredentials_Ok()
    {
        var result = await Probe(simulator.Url("/auth/3"), CameraSimulator.UserName, CameraSimulator.Password);

        Assert.True(result.Ok, $"{result.Reason} {result.Detail}");
        Assert.Equal("h264", result.Stream!.Codec);
    }

    [Theory]
    [InlineData(CameraSimulator.UserName, "wrong-pass")]
    [InlineData("intruder", CameraSimulator.Password)]
    [InlineData(null, null)]
    public async Task ProbeAsync_AuthWithWrongOrNoCredentials_Auth(string? user, string? password)
    {
        var result = await Probe(simulator.Url("/auth/3"), user, password);

        Assert.False(result.Ok);
        Assert.Equal(ProbeReason.Auth, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_UnknownPath_NotFound()
    {
        var result = await Probe(simulator.Url("/missing/100"));

        Assert.Equal(ProbeReason.NotFound, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_AudioOnly_NoVideo()
    {
        var result = await Probe(simulator.Url("/novideo"));

        Assert.False(result.Ok);
        Assert.Equal(ProbeReason.NoVideo, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_HungPort_TimeoutWithinItsDeadline()
    {
        var deadline = TimeSpan.FromSeconds(1.5);
        var clock = Stopwatch.StartNew();

        var result = await Probe($"rtsp://127.0.0.1:{simulator.HungPort}/ok/1", deadline: deadline);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), deadline + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ProbeAsync_RefusedPort_Refused()
    {
        var result = await Probe($"rtsp://127.0.0.1:{simulator.RefusedPort}/ok/1");

        Assert.Equal(ProbeReason.Refused, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_200Concurrent_AllOkAndTheSimulatorSurvives()
    {
        var probes = Enumerable.Range(1, 200).Select(n => Probe(simulator.Url($"/ok/{n}"), deadline: TimeSpan.FromSeconds(20)));

        var results = await Task.WhenAll(probes);

        var failed = results.Where(r => !r.Ok).Select(r => $"{r.Reason} {r.Detail}").ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of 200 failed: {string.Join("; ", failed.Distinct().Take(5))}\n{simulator.Running.Output}");
        Assert.All(results, r => Assert.Equal("h264", r.Stream!.Codec));
        Assert.False(simulator.Running.HasExited);
        Assert.DoesNotContain("restarting", simulator.Running.Output, StringComparison.Ordinal);
    }
}
