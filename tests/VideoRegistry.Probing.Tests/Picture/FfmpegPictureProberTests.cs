using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Probing.Tests.Picture;

/// <summary>
/// The L3 probe against the real camera simulator and real ffmpeg. The picture kinds and the failure paths are probed
/// once, all at the same time (3 s samples; the probes are I/O-paced), and each test asserts on its own result.
/// </summary>
[Collection(CameraSimulatorGroup.Name)]
public sealed class FfmpegPictureProberTests : IClassFixture<FfmpegPictureProberTests.Scratch>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private readonly CameraSimulator _sim;
    private readonly Scratch _scratch;

    public FfmpegPictureProberTests(CameraSimulator simulator, Scratch scratch)
    {
        _sim = simulator;
        _scratch = scratch;
    }

    private string SnapshotRoot => _scratch.Root;

    /// <summary>The batch of probes shared by the tests of this class, and the snapshot folder it deletes at the end.</summary>
    public sealed class Scratch : IDisposable
    {
        private readonly Lock _gate = new();
        private Task<IReadOnlyDictionary<string, ProbeResult>>? _batch;

        public string Root { get; } = Path.Combine(Path.GetTempPath(), "vr-l3-tests-" + Guid.NewGuid().ToString("N"));

        public Task<IReadOnlyDictionary<string, ProbeResult>> Batch(Func<Task<IReadOnlyDictionary<string, ProbeResult>>> run)
        {
            lock (_gate)
            {
                return _batch ??= run();
            }
        }

        public void Dispose()
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }

    private static FfmpegPictureProber Prober(string root, TimeSpan? sample = null, TimeSpan? ioTimeout = null)
    {
        var options = Options.Create(new PictureDiagnosisOptions
        {
            SampleDuration = sample ?? TimeSpan.FromSeconds(3),
            IoTimeout = ioTimeout ?? TimeSpan.FromSeconds(5),
            SnapshotDirectory = root,
        });
        return new FfmpegPictureProber(options, new SnapshotStore(options));
    }

    private Task<IReadOnlyDictionary<string, ProbeResult>> Batch() => _scratch.Batch(RunBatchAsync);

    private async Task<IReadOnlyDictionary<string, ProbeResult>> RunBatchAsync()
    {
        var prober = Prober(SnapshotRoot);
        var targets = new Dictionary<string, string>
        {
            ["/ok/1"] = _sim.Url("/ok/1"),
            ["/black"] = _sim.Url("/black"),
            ["/frozen"] = _sim.Url("/frozen"),
            ["/noise"] = _sim.Url("/noise"),
            ["/blur"] = _sim.Url("/blur"),
            ["/dark"] = _sim.Url("/dark"),
            ["/bright"] = _sim.Url("/bright"),
            ["/colorcast"] = _sim.Url("/colorcast"),
            ["/novideo"] = _sim.Url("/novideo"),
            ["/missing"] = _sim.Url("/no-such-camera"),
            ["/auth"] = _sim.Url("/auth/7"),
            ["/auth+credentials"] = _sim.Url("/auth/7", CameraSimulator.UserName, CameraSimulator.Password),
            ["refused"] = $"rtsp://127.0.0.1:{_sim.RefusedPort}/ok/1",
        };
        var runs = targets.Select(async t => (t.Key, Result: await prober.ProbeAsync(StreamEndpoint.Parse(t.Value), Deadline, CancellationToken.None)));
        return (await Task.WhenAll(runs)).ToDictionary(r => r.Key, r => r.Result);
    }

    private static string Labels(ProbeResult result) => string.Join(",", result.Faults.Select(f => f.ToLabel()));

    [Theory]
    [InlineData("/ok/1", "")]
    [InlineData("/black", "black")]
    [InlineData("/frozen", "frozen")]
    [InlineData("/noise", "noisy")]
    [InlineData("/blur", "blurred")]
    [InlineData("/dark", "too_dark")]
    [InlineData("/bright", "too_bright")]
    [InlineData("/colorcast", "color_cast")]
    public async Task Probe_SimulatorPicture_ExpectedFaults(string path, string faults)
    {
        var result = (await Batch())[path];

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(ProbeTier.Picture, result.Tier);
        Assert.Equal(faults, Labels(result));
        Assert.NotNull(result.Picture);
        Assert.InRange(result.Picture.SampledSeconds, 2.0, 3.1);
        Assert.True(result.CpuSeconds > 0, "CPU seconds measured");
        Assert.Equal("h264", result.Stream?.Codec);
        Assert.Equal(640, result.Stream?.Width);
        Assert.Equal(360, result.Stream?.Height);
    }

    [Fact]
    public async Task Probe_Black_MeasuresBlackForTheWholeSample()
    {
        var m = (await Batch())["/black"].Picture!;

        Assert.InRange(m.Brightness!.Value, 0, 20);
        Assert.Equal(m.SampledSeconds, m.BlackSeconds!.Value, 3);
    }

    [Fact]
    public async Task Probe_Frozen_MeasuresFrozenForTheWholeSample()
    {
        var m = (await Batch())["/frozen"].Picture!;

        Assert.Equal(m.SampledSeconds, m.FrozenSeconds!.Value, 3);
        Assert.Equal(0, m.BlackSeconds);
    }

    [Fact]
    public async Task Probe_Ok_SnapshotIs640WideJpeg()
    {
        var result = (await Batch())["/ok/1"];

        Assert.NotNull(result.SnapshotPath);
        var size = JpegSize.Read(await File.ReadAllBytesAsync(result.SnapshotPath));
        Assert.Equal((640, 360), size);
        Assert.StartsWith(Path.Combine(SnapshotRoot, "incoming"), result.SnapshotPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/novideo", ProbeReason.NoVideo)]
    [InlineData("/missing", ProbeReason.NotFound)]
    [InlineData("/auth", ProbeReason.Auth)]
    [InlineData("refused", ProbeReason.Refused)]
    public async Task Probe_Unreachable_SameTaxonomyAsL2(string target, ProbeReason reason)
    {
        var result = (await Batch())[target];

        Assert.False(result.Ok);
        Assert.Equal(reason, result.Reason);
        Assert.Empty(result.Faults);
        Assert.Null(result.SnapshotPath);
    }

    [Fact]
    public async Task Probe_AuthWithCredentials_OkAndPasswordNeverInResult()
    {
        var batch = await Batch();
        var ok = batch["/auth+credentials"];

        Assert.True(ok.Ok, ok.Detail);
        foreach (var result in batch.Values)
        {
            Assert.DoesNotContain(CameraSimulator.Password, result.Detail ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(CameraSimulator.Password, batch["/auth"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_HungPort_DeadlineKillsFfmpegAndNoProcessIsLeft()
    {
        var root = Path.Combine(SnapshotRoot, "hung");
        var prober = Prober(root, ioTimeout: TimeSpan.FromSeconds(20));
        var started = DateTime.UtcNow;

        var result = await prober.ProbeAsync(StreamEndpoint.Parse($"rtsp://127.0.0.1:{_sim.HungPort}/ok/1"), TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(8));
        Assert.Empty(ProcessesMentioning(root));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "incoming")));
    }

    [Fact]
    public async Task Probe_HungPortSocketTimeoutFirst_ClassifiedTimeout()
    {
        var prober = Prober(Path.Combine(SnapshotRoot, "hung-io"), ioTimeout: TimeSpan.FromSeconds(1));

        var result = await prober.ProbeAsync(StreamEndpoint.Parse($"rtsp://127.0.0.1:{_sim.HungPort}/ok/1"), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(ProbeReason.Timeout, result.Reason);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task Probe_Cancelled_ThrowsAndNoProcessIsLeft()
    {
        var root = Path.Combine(SnapshotRoot, "cancel");
        var prober = Prober(root, sample: TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prober.ProbeAsync(StreamEndpoint.Parse(_sim.Url("/ok/2")), Deadline, cts.Token));

        Assert.Empty(ProcessesMentioning(root));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "incoming")));
    }

    /// <summary>Live processes whose command line mentions <paramref name="text"/> (our per-test snapshot folder).</summary>
    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
