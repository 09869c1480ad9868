using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Processes;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Picture;

/// <summary>
/// L3 picture probe: one ffmpeg process per probe (<see cref="FfmpegPictureArguments"/>) under the hard deadline of
/// <see cref="ChildProcessRunner"/> (whole process tree killed and reaped), its outputs parsed
/// (<see cref="PictureDiagnosisParser"/>) and judged (<see cref="PictureFaultClassifier"/>). A reachable stream with a
/// bad picture is <c>Ok</c> with <see cref="ProbeResult.Faults"/>; a stream that yields no frame fails with the L2
/// taxonomy (<see cref="FfmpegFailureClassifier"/>). The snapshot stays in the store's incoming folder; the caller
/// keeps it (<see cref="SnapshotStore.Keep"/>) or deletes it.
/// </summary>
public sealed class FfmpegPictureProber : IStreamProber
{
    /// <summary>The metadata file of a 5 s sample is ~45 kB at 10 fps; this bounds a runaway high-fps stream.</summary>
    private const int MaxMetadataChars = 16 * 1024 * 1024;

    private readonly PictureDiagnosisOptions _options;
    private readonly SnapshotStore _snapshots;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public FfmpegPictureProber(IOptions<PictureDiagnosisOptions> options, SnapshotStore snapshots, ILogger<FfmpegPictureProber>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _snapshots = snapshots;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public ProbeTier Tier => ProbeTier.Picture;

    public async Task<ProbeResult> ProbeAsync(StreamEndpoint endpoint, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        cancellationToken.ThrowIfCancellationRequested();
        var startedAt = _time.GetUtcNow();
        if (!FfmpegPictureArguments.IsAllowedScheme(endpoint.Scheme))
        {
            // Checked before any process exists: nothing but the whitelisted stream schemes ever reaches ffmpeg.
            return Failed(endpoint, ProbeResult.Failure(ProbeTier.Picture, ProbeReason.Protocol, $"不允许的协议 scheme '{endpoint.Scheme}' is not allowed", TimeSpan.Zero) with { StartedAt = startedAt });
        }

        if (deadline <= TimeSpan.Zero)
        {
            deadline = _options.SampleDuration + _options.IoTimeout * 2;
        }

        var metadataPath = _snapshots.NewIncomingPath(".txt");
        var snapshotPath = Path.ChangeExtension(metadataPath, ".jpg");
        var keepSnapshot = false;
        try
        {
            var args = FfmpegPictureArguments.Build(endpoint, _options, metadataPath, snapshotPath);
            var run = await ChildProcessRunner.RunAsync(_options.FfmpegPath, args, deadline, cancellationToken);
            if (run.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            var stderr = CredentialRedactor.Redact(run.StandardError, endpoint);
            var sample = PictureDiagnosisParser.Parse(stderr, ReadMetadata(endpoint, metadataPath));
            var basis = new ProbeResult
            {
                Tier = ProbeTier.Picture,
                Ok = false,
                Duration = run.Elapsed,
                StartedAt = startedAt,
                CpuSeconds = run.CpuSeconds,
            };
            if (run.TimedOut)
            {
                var ms = deadline.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
                var detail = $"总时限已到 deadline of {ms} ms reached, ffmpeg killed after {sample.Frames} frames";
                return Failed(endpoint, basis with { Reason = ProbeReason.Timeout, Detail = detail });
            }

            if (sample.Frames == 0)
            {
                var (reason, detail) = run.ExitCode == 0
                    ? (ProbeReason.NoVideo, "未解码出视频帧 no video frame decoded")
                    : FfmpegFailureClassifier.Classify(run.ExitCode, stderr, run.Elapsed, _options.IoTimeout);
                return Failed(endpoint, basis with { Reason = reason, Detail = detail });
            }

            var faults = PictureFaultClassifier.Classify(sample.Measures, _options);
            var snapshot = File.Exists(snapshotPath) && new FileInfo(snapshotPath).Length > 0 ? snapshotPath : null;
            keepSnapshot = snapshot is not null;
            var result = basis with
            {
                Ok = true,
                Reason = ProbeReason.None,
                Detail = Describe(sample, run.ExitCode),
                Stream = sample.Stream,
                Faults = faults,
                Picture = sample.Measures,
                SnapshotPath = snapshot,
            };
            PictureLog.ProbeDone(_logger, endpoint.Redacted, sample.Frames, (long)run.Elapsed.TotalMilliseconds, run.CpuSeconds, string.Join(",", faults.Select(f => f.ToLabel())));
            return result;
        }
        finally
        {
            SnapshotStore.TryDelete(metadataPath);
            if (!keepSnapshot)
            {
                SnapshotStore.TryDelete(snapshotPath);
            }
        }
    }

    private static string Describe(PictureSample sample, int? exitCode)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{sample.Frames} frames over {sample.Measures.SampledSeconds:0.##} s");
        if (exitCode is not 0)
        {
            // Frames arrived, then the stream broke off: the picture verdict stands on what was decoded.
            sb.Append(CultureInfo.InvariantCulture, $" (stream ended early, ffmpeg exit {exitCode})");
        }

        return sb.ToString();
    }

    private string ReadMetadata(StreamEndpoint endpoint, string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return string.Empty;
            }

            using var reader = new StreamReader(path, Encoding.UTF8);
            var buffer = new char[Math.Min(MaxMetadataChars, (int)Math.Min(int.MaxValue, new FileInfo(path).Length) + 1)];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, read);
        }
        catch (IOException e)
        {
            PictureLog.MetadataUnreadable(_logger, endpoint.Redacted, e.GetType().Name);
            return string.Empty;
        }
        catch (UnauthorizedAccessException e)
        {
            PictureLog.MetadataUnreadable(_logger, endpoint.Redacted, e.GetType().Name);
            return string.Empty;
        }
    }

    private ProbeResult Failed(StreamEndpoint endpoint, ProbeResult result)
    {
        PictureLog.ProbeFailed(_logger, endpoint.Redacted, result.Reason.ToLabel(), (long)result.Duration.TotalMilliseconds, result.Detail);
        return result;
    }
}
