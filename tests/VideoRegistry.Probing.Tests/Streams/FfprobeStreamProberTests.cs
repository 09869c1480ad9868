using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Processes;
using VideoRegistry.Probing.Streams;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Probing.Tests.Streams;

/// <summary>The L2 prober with the real ffprobe against the real camera simulator (RTSP on loopback).</summary>
[Collection(CameraSimulatorGroup.Name)]
public sealed class FfprobeStreamProberTests(CameraSimulator simulator)
{
    private const string User = "viewer";
    private const string Password = "demo-pass-2026";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(8);
    private readonly RecordingLogger log = new();

    private FfprobeStreamProber Prober(StreamProbeOptions? options = null) =>
        new(Options.Create(options ?? new StreamProbeOptions { SocketTimeout = TimeSpan.FromSeconds(3) }), log, null, ChildProcessRunner.RunAsync);

    private Task<ProbeResult> Probe(string url, string? user = null, string? pass = null, TimeSpan? deadline = null) =>
        Prober().ProbeAsync(StreamEndpoint.Parse(url, user, pass), deadline ?? Deadline, CancellationToken.None);

    [Theory]
    [InlineData("/ok/1")]
    [InlineData("/black")]
    [InlineData("/frozen")]
    public async Task ProbeAsync_PlayablePath_OkH264640x360WithFramesAndCpu(string path)
    {
        var result = await Probe(simulator.Url(path));

        Assert.True(result.Ok, $"{result.Reason}: {result.Detail}");
        Assert.Equal(ProbeTier.Stream, result.Tier);
        Assert.Equal("h264", result.Stream!.Codec);
        Assert.Equal(640, result.Stream.Width);
        Assert.Equal(360, result.Stream.Height);
        Assert.Equal(10, result.Stream.Fps);
        Assert.True(result.Stream.FramesArrived);
        Assert.True(result.CpuSeconds > 0, $"cpu {result.CpuSeconds}");
        Assert.True(result.Duration > TimeSpan.Zero && result.Duration < Deadline);
    }

    [Fact]
    public async Task ProbeAsync_AuthPath_RightCredentialsOkWrongOrNoneAuth()
    {
        var right = await Probe(simulator.Url("/auth/1"), User, Password);
        var wrong = await Probe(simulator.Url("/auth/1"), User, "not-" + Password);
        var none = await Probe(simulator.Url("/auth/1"));

        Assert.True(right.Ok, $"{right.Reason}: {right.Detail}");
        Assert.True(right.Stream!.FramesArrived);
        Assert.Equal(ProbeReason.Auth, wrong.Reason);
        Assert.Equal(ProbeReason.Auth, none.Reason);
    }

    [Fact]
    public async Task ProbeAsync_UnknownPath_NotFound()
    {
        var result = await Probe(simulator.Url("/missing/7"));

        Assert.Equal(ProbeReason.NotFound, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_AudioOnlyPath_NoVideo()
    {
        var result = await Probe(simulator.Url("/novideo"));

        Assert.Equal(ProbeReason.NoVideo, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_RefusedPort_Refused()
    {
        var result = await Probe($"rtsp://127.0.0.1:{simulator.RefusedPort}/ok/1");

        Assert.Equal(ProbeReason.Refused, result.Reason);
        Assert.True(result.Duration < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ProbeAsync_InvalidHost_Dns()
    {
        var result = await Probe("rtsp://camera-404.invalid:554/ok/1");

        Assert.Equal(ProbeReason.Dns, result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_HungPort_TimeoutWithinDeadlinePlusOneSecondAndNoProcessLeft()
    {
        var deadline = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var result = await Probe($"rtsp://127.0.0.1:{simulator.HungPort}/hung/1", deadline: deadline);

        clock.Stop();
        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.True(clock.Elapsed < deadline + TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Empty(FfprobeProcesses($"/hung/1"));
        await AssertNoLiveChildrenAsync();
    }

    [Fact]
    public async Task ProbeAsync_CallerCancels_ThrowsAndKillsFfprobe()
    {
        using var cts = new CancellationTokenSource();
        var probe = Prober(new StreamProbeOptions { SocketTimeout = TimeSpan.FromSeconds(20) })
            .ProbeAsync(StreamEndpoint.Parse($"rtsp://127.0.0.1:{simulator.HungPort}/cancel/1"), TimeSpan.FromSeconds(30), cts.Token);
        await WaitUntilAsync(() => FfprobeProcesses("/cancel/1").Count > 0, TimeSpan.FromSeconds(5));
        Assert.NotEmpty(FfprobeProcesses("/cancel/1"));
        var clock = Stopwatch.StartNew();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cancel took {clock.Elapsed}");
        Assert.Empty(FfprobeProcesses("/cancel/1"));
        await AssertNoLiveChildrenAsync();
    }

    [Fact]
    public async Task ProbeAsync_ThirtyConcurrentShortDeadlines_AllTimeoutOrRefusedAndNoProcessLeft()
    {
        var prober = Prober(new StreamProbeOptions { SocketTimeout = TimeSpan.FromSeconds(5) });
        var deadline = TimeSpan.FromSeconds(1);
        var descriptorsBefore = Descriptors();
        var clock = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => prober.ProbeAsync(
            StreamEndpoint.Parse(i % 3 == 0 ? $"rtsp://127.0.0.1:{simulator.RefusedPort}/burst/{i}" : $"rtsp://127.0.0.1:{simulator.HungPort}/burst/{i}"),
            deadline,
            CancellationToken.None)));

        // Hung ones must time out; refused ones are refused, or time out too when 30 ffprobes starve a loaded 2-core box.
        Assert.All(results.Where((_, i) => i % 3 != 0), r => Assert.Equal(ProbeReason.Timeout, r.Reason));
        Assert.All(results.Where((_, i) => i % 3 == 0), r => Assert.Contains(r.Reason, new[] { ProbeReason.Refused, ProbeReason.Timeout }));

        // Only a hang guard: on an idle 2-core box the burst takes ~3 s, under a load average of 40 it took 53 s (30
        // ffprobe starts at ~0.1 s CPU each). What matters is that nothing hangs and nothing is left behind.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        Assert.Empty(FfprobeProcesses("/burst/"));
        await AssertNoLiveChildrenAsync();

        // Each leaked child would keep 2–3 pipe ends open here (60–90 for the burst); parallel tests may hold a few.
        var descriptorsAfter = Descriptors();
        var added = descriptorsAfter.Except(descriptorsBefore).ToList();
        Assert.True(added.Count < 20, $"file descriptors {descriptorsBefore.Count} → {descriptorsAfter.Count}: {string.Join(", ", added.Take(40))}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task ProbeAsync_FiveHundredProbesHundredHung_AllAnsweredNoProcessOrDescriptorLeft()
    {
        // 400 playable cameras and 100 on the hung port with a short deadline, 8 at a time (a sweep's bounded
        // concurrency): every playable one must be ok, every hung one a timeout, and nothing may be left behind.
        var prober = Prober(new StreamProbeOptions { SocketTimeout = TimeSpan.FromSeconds(5) });
        var descriptorsBefore = Descriptors();
        using var slots = new SemaphoreSlim(8);
        var targets = Enumerable.Range(0, 500)
            .Select(i => i % 5 == 4
                ? (Hung: true, Url: $"rtsp://127.0.0.1:{simulator.HungPort}/load500/{i}", Deadline: TimeSpan.FromSeconds(1))
                : (Hung: false, Url: simulator.Url($"/ok/{i}"), Deadline: TimeSpan.FromSeconds(15)))
            .ToList();

        var results = await Task.WhenAll(targets.Select(async t =>
        {
            await slots.WaitAsync();
            try
            {
                return (t.Hung, t.Url, Result: await prober.ProbeAsync(StreamEndpoint.Parse(t.Url), t.Deadline, CancellationToken.None));
            }
            finally
            {
                slots.Release();
            }
        }));

        var playable = results.Where(r => !r.Hung).ToList();
        var hung = results.Where(r => r.Hung).ToList();
        Assert.Equal((400, 100), (playable.Count, hung.Count));
        var failed = playable.Where(r => !r.Result.Ok).Select(r => $"{r.Url}: {r.Result.Reason} {r.Result.Detail}").ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} playable probes failed: {string.Join("; ", failed.Take(5))}");
        Assert.All(playable, r => Assert.True(r.Result.Stream?.FramesArrived, r.Url));
        Assert.All(hung, r => Assert.Equal(ProbeReason.Timeout, r.Result.Reason));
        Assert.Empty(FfprobeProcesses("/load500/"));
        Assert.Empty(FfprobeProcesses("/ok/"));
        await AssertNoLiveChildrenAsync();
        var added = Descriptors().Except(descriptorsBefore).ToList();
        Assert.True(added.Count < 20, $"file descriptors added: {string.Join(", ", added.Take(40))}");
    }

    [Fact]
    public async Task ProbeAsync_WithCredentials_NeitherUserNorPasswordInDetailsOrLogs()
    {
        var results = new[]
        {
            await Probe(simulator.Url("/auth/2"), User, Password),
            await Probe(simulator.Url("/auth/2"), User, Password + "-wrong"),
            await Probe($"rtsp://127.0.0.1:{simulator.RefusedPort}/auth/2", User, Password),
        };

        Assert.True(results[0].Ok, results[0].Detail);
        Assert.NotEmpty(log.Lines);
        Assert.Contains(log.Lines, l => l.Contains("ffprobe exit", StringComparison.Ordinal));
        foreach (var text in results.Select(r => r.Detail ?? string.Empty).Concat(log.Lines))
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(User, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Our open pipe ends (what a child's stdio leaves behind); sockets of tests running in parallel are not counted.</summary>
    private static List<string> Descriptors() => Directory.GetFiles("/proc/self/fd")
        .Select(fd => fd + "=" + (new FileInfo(fd).LinkTarget ?? "?"))
        .Where(fd => fd.Contains("=pipe:", StringComparison.Ordinal))
        .ToList();

    /// <summary>Live ffprobe processes (not zombies) whose command line contains <paramref name="marker"/>, read from /proc.</summary>
    private static List<int> FfprobeProcesses(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                if (cmdline.Contains("ffprobe", StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal) && state != 'Z')
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>
    /// LiveChildren is process-wide and the runner's own tests may run in parallel in another collection, so allow
    /// them a moment; the /proc check above is the exact one for our probes.
    /// </summary>
    private static async Task AssertNoLiveChildrenAsync()
    {
        await WaitUntilAsync(() => ChildProcessRunner.LiveChildren == 0, TimeSpan.FromSeconds(5));
        Assert.Equal(0, ChildProcessRunner.LiveChildren);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < bound)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Keeps every formatted log line at every level, Trace included.</summary>
    private sealed class RecordingLogger : ILogger
    {
        private readonly ConcurrentQueue<string> lines = new();

        public IReadOnlyCollection<string> Lines => lines;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
        }
    }
}
