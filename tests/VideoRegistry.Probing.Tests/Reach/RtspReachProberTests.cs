using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Reach;
using VideoRegistry.TestSupport;

namespace VideoRegistry.Probing.Tests.Reach;

/// <summary>The L1 prober against the in-process RTSP responder on loopback (real sockets, real RTSP bytes).</summary>
public sealed class RtspReachProberTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private readonly RtspReachProber prober = new(Options.Create(new ReachProbeOptions
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        ResponseTimeout = TimeSpan.FromMilliseconds(800),
    }));

    private RtspResponder responder = null!;

    public Task InitializeAsync()
    {
        responder = RtspResponder.Start(new RtspResponderOptions { Lifetime = TimeSpan.FromMinutes(2) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await responder.DisposeAsync();

    public void Dispose() => prober.Dispose();

    private Task<ProbeResult> Probe(string url, string? user = null, string? pass = null) =>
        prober.ProbeAsync(StreamEndpoint.Parse(url, user, pass), Deadline, CancellationToken.None);

    [Fact]
    public async Task ProbeAsync_OkPath_OkWithCodecSizeAndFps()
    {
        var result = await Probe(responder.Url("/ok/7"));

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(ProbeTier.Reach, result.Tier);
        Assert.Equal(ProbeReason.None, result.Reason);
        Assert.Equal("h264", result.Stream!.Codec);
        Assert.Equal(640, result.Stream.Width);
        Assert.Equal(15, result.Stream.Fps);
        Assert.False(result.Stream.FramesArrived);
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("/digest")]
    [InlineData("/digest-qop")]
    [InlineData("/basic")]
    public async Task ProbeAsync_AuthPathWithCredentials_Ok(string path)
    {
        var result = await Probe(responder.Url(path), RtspResponder.UserName, RtspResponder.Password);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal("h264", result.Stream!.Codec);
        Assert.Equal(1, responder.Authorized);
        Assert.Equal(0, responder.Rejected);
    }

    [Theory]
    [InlineData("/digest")]
    [InlineData("/digest-qop")]
    [InlineData("/basic")]
    public async Task ProbeAsync_AuthPathWithoutCredentials_Auth(string path)
    {
        var result = await Probe(responder.Url(path));

        Assert.False(result.Ok);
        Assert.Equal(ProbeReason.Auth, result.Reason);
        Assert.Contains("401", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_WrongPassword_AuthAndDetailWithoutSecrets()
    {
        var result = await Probe(responder.Url("/digest-qop"), RtspResponder.UserName, "wrong-secret-42");

        Assert.Equal(ProbeReason.Auth, result.Reason);
        Assert.Equal(1, responder.Rejected);
        Assert.DoesNotContain("wrong-secret-42", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(RtspResponder.UserName, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_Redirect_FollowedOnce()
    {
        var result = await Probe(responder.Url("/redirect"));

        Assert.True(result.Ok, result.Detail);
        Assert.Contains("redirect", result.Detail, StringComparison.Ordinal);
        Assert.Equal(2, responder.Describes);
    }

    [Fact]
    public async Task ProbeAsync_AudioOnly_NoVideo()
    {
        var result = await Probe(responder.Url("/novideo"));
        Assert.Equal(ProbeReason.NoVideo, result.Reason);
    }

    [Theory]
    [InlineData("/unknown/cam", ProbeReason.NotFound)]
    [InlineData("/error", ProbeReason.ServerError)]
    [InlineData("/forbidden", ProbeReason.Auth)]
    [InlineData("/garbage", ProbeReason.Protocol)]
    [InlineData("/http", ProbeReason.Protocol)]
    public async Task ProbeAsync_FailingPaths_MapToTaxonomy(string path, ProbeReason expected)
    {
        var result = await Probe(responder.Url(path));

        Assert.False(result.Ok);
        Assert.Equal(expected, result.Reason);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Fact]
    public async Task ProbeAsync_DescribeNeverAnswered_TimeoutAtResponseDeadline()
    {
        var watch = Stopwatch.StartNew();
        var result = await Probe(responder.Url("/slow"));

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.Contains("DESCRIBE", result.Detail, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ProbeAsync_SilentServer_TimeoutWithinTotalDeadlinePlusOneSecond()
    {
        await using var hung = RtspResponder.Start(new RtspResponderOptions { Silent = true, Lifetime = TimeSpan.FromMinutes(1) });
        using var patient = new RtspReachProber(Options.Create(new ReachProbeOptions { ResponseTimeout = TimeSpan.FromSeconds(30) }));
        var deadline = TimeSpan.FromSeconds(1);
        var watch = Stopwatch.StartNew();

        var result = await patient.ProbeAsync(StreamEndpoint.Parse(hung.Url("/ok/1")), deadline, CancellationToken.None);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.Contains("total deadline", result.Detail, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, deadline - TimeSpan.FromMilliseconds(50), deadline + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ProbeAsync_ClosedPort_Refused()
    {
        var result = await Probe($"rtsp://127.0.0.1:{ClosedPort()}/ok/1");
        Assert.Equal(ProbeReason.Refused, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_UnresolvableHost_Dns()
    {
        var result = await Probe("rtsp://camera.invalid/ok/1");
        Assert.Equal(ProbeReason.Dns, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_CallerCancels_Throws()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            prober.ProbeAsync(StreamEndpoint.Parse(responder.Url("/slow")), Deadline, cts.Token));
    }

    [Fact]
    public async Task ProbeAsync_ThousandConcurrent_AllOk()
    {
        // Unbounded on purpose (the runner bounds in production): all 1000 at once, with the responder on the same 2 cores.
        using var loaded = new RtspReachProber(Options.Create(new ReachProbeOptions { ResponseTimeout = TimeSpan.FromSeconds(10) }));
        var endpoints = Enumerable.Range(0, 1000).Select(i => StreamEndpoint.Parse(responder.Url($"/ok/{i}"))).ToList();
        // Off the xunit synchronisation context (it funnels continuations through a couple of threads), as in the worker.
        var results = await Task.Run(() => Task.WhenAll(endpoints.Select(e => loaded.ProbeAsync(e, TimeSpan.FromSeconds(20), CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Ok, r.Detail));
        Assert.Equal(1000, responder.Describes);
    }

    [Fact]
    public async Task ProbeAsync_RtmpHandshake_OkAgainstFakeServerAndProtocolAgainstRtsp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var c0c1 = new byte[1537];
            await stream.ReadExactlyAsync(c0c1);
            var s0s1 = new byte[1537];
            s0s1[0] = 3;
            await stream.WriteAsync(s0s1);
            await stream.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false);
        });

        var ok = await Probe($"rtmp://127.0.0.1:{port}/live/cam1");
        var wrong = await Probe($"rtmp://127.0.0.1:{responder.Port}/live/cam1");
        await server.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(ok.Ok, ok.Detail);
        Assert.Contains("S0 v3", ok.Detail, StringComparison.Ordinal);
        Assert.False(wrong.Ok);
        Assert.Contains(wrong.Reason, new[] { ProbeReason.Protocol, ProbeReason.Timeout });
    }

    private static int ClosedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
