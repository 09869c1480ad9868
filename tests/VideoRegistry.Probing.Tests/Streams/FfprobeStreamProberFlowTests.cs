using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Processes;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Tests.Streams;

/// <summary>
/// The prober's decisions around the process (retry, cancellation, a missing ffprobe, redaction), with the runner
/// replaced by a scripted one. The real ffprobe and process tree are exercised in FfprobeStreamProberTests.
/// </summary>
public sealed class FfprobeStreamProberFlowTests
{
    private static readonly string OkJson = FfprobeFixture.Load("rtsp-ok").StandardOutput;
    private readonly List<IReadOnlyList<string>> calls = [];

    [Fact]
    public async Task ProbeAsync_TcpRefusedBySetupAndUdpFallbackOn_RetriesOverUdpAndSumsCpu()
    {
        var prober = Prober(new StreamProbeOptions { UdpFallback = true },
            Exited(1, "[rtsp @ 0x1] method SETUP failed: 461 Unsupported transport\n", cpu: 0.1),
            Exited(0, string.Empty, cpu: 0.2, stdout: OkJson));

        var result = await prober.ProbeAsync(Endpoint(), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(2, calls.Count);
        Assert.Equal("tcp", After(calls[0], "-rtsp_transport"));
        Assert.Equal("udp", After(calls[1], "-rtsp_transport"));
        Assert.Equal(0.3, result.CpuSeconds!.Value, 3);
        Assert.Contains("UDP", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_UdpFallbackOff_SingleRunServerError()
    {
        var prober = Prober(new StreamProbeOptions(), Exited(1, "[rtsp @ 0x1] method SETUP failed: 461 Unsupported transport\n"));

        var result = await prober.ProbeAsync(Endpoint(), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(ProbeReason.ServerError, result.Reason);
        Assert.Single(calls);
    }

    [Fact]
    public async Task ProbeAsync_TimeoutWithUdpFallback_NoRetry()
    {
        var prober = Prober(new StreamProbeOptions { UdpFallback = true }, new ChildProcessResult(null, string.Empty, string.Empty, TimeSpan.FromSeconds(2), 0.05, TimedOut: true, Cancelled: false));

        var result = await prober.ProbeAsync(Endpoint(), TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.Single(calls);
    }

    [Fact]
    public async Task ProbeAsync_StderrEchoesUrlWithCredentials_DetailRedacted()
    {
        var prober = Prober(new StreamProbeOptions(),
            Exited(1, "[tcp @ 0x1] Connection to tcp://10.0.0.1:554 failed: Connection refused\nrtsp://admin:Sup3r-Secret@10.0.0.1/ch1: admin Sup3r-Secret Connection refused\n"));

        var result = await prober.ProbeAsync(Endpoint(), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(ProbeReason.Refused, result.Reason);
        Assert.DoesNotContain("Sup3r-Secret", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", result.Detail, StringComparison.Ordinal);
        Assert.Equal("rtsp://admin:Sup3r-Secret@10.0.0.1/ch1", calls[0][^1]);
    }

    [Fact]
    public async Task ProbeAsync_RunnerReportsCancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var prober = Prober(new StreamProbeOptions(), new ChildProcessResult(null, string.Empty, string.Empty, TimeSpan.Zero, null, TimedOut: false, Cancelled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prober.ProbeAsync(Endpoint(), TimeSpan.FromSeconds(5), cts.Token));
    }

    [Fact]
    public async Task ProbeAsync_FfprobeCannotStart_ThrowsWithoutCredentials()
    {
        var prober = Prober(new StreamProbeOptions(), new ChildProcessResult(null, string.Empty, "cannot start 'ffprobe': no such executable file (looked in PATH)", TimeSpan.Zero, null, false, false));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => prober.ProbeAsync(Endpoint(), TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Contains("ffprobe", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-Secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NoCallerDeadline_UsesConfiguredDeadlineAndClippedSocketTimeout()
    {
        TimeSpan seen = default;
        var prober = new FfprobeStreamProber(Options.Create(new StreamProbeOptions { Deadline = TimeSpan.FromSeconds(4), SocketTimeout = TimeSpan.FromSeconds(10), FfprobePath = "/usr/bin/ffprobe" }), null, null,
            (file, args, deadline, ct, max) =>
            {
                seen = deadline;
                calls.Add(args);
                return Task.FromResult(Exited(0, string.Empty, stdout: OkJson));
            });

        await prober.ProbeAsync(Endpoint(), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(3.5), seen);
        Assert.Equal("2625000", After(calls[0], "-timeout"));
    }

    [Theory]
    [InlineData(1000, 800)]
    [InlineData(2000, 1600)]
    [InlineData(10000, 9500)]
    public void ProcessDeadline_KeepsAReserveForTheKill(int deadlineMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), FfprobeStreamProber.ProcessDeadline(TimeSpan.FromMilliseconds(deadlineMs)));

    [Theory]
    [InlineData(5000, 20000, 5000)]
    [InlineData(5000, 2000, 1500)]
    [InlineData(5000, 100, 100)]
    public void IoTimeout_ClippedToThreeQuartersOfDeadline(int configuredMs, int deadlineMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), FfprobeStreamProber.IoTimeout(TimeSpan.FromMilliseconds(configuredMs), TimeSpan.FromMilliseconds(deadlineMs)));

    private static StreamEndpoint Endpoint() => StreamEndpoint.Parse("rtsp://10.0.0.1/ch1", "admin", "Sup3r-Secret");

    private static ChildProcessResult Exited(int code, string stderr, double cpu = 0.1, string stdout = "{}") =>
        new(code, stdout, stderr, TimeSpan.FromMilliseconds(300), cpu, TimedOut: false, Cancelled: false);

    private static string? After(IReadOnlyList<string> args, string flag)
    {
        var list = args.ToList();
        var at = list.IndexOf(flag);
        return at >= 0 && at + 1 < list.Count ? list[at + 1] : null;
    }

    private FfprobeStreamProber Prober(StreamProbeOptions options, params ChildProcessResult[] script)
    {
        options.FfprobePath = "/usr/bin/ffprobe";
        var queue = new Queue<ChildProcessResult>(script);
        return new FfprobeStreamProber(Options.Create(options), null, null, (file, args, deadline, ct, max) =>
        {
            calls.Add(args);
            return Task.FromResult(queue.Dequeue());
        });
    }
}
