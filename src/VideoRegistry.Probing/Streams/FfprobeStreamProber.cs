using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Processes;

namespace VideoRegistry.Probing.Streams;

/// <summary>Starts one child process; <see cref="ChildProcessRunner.RunAsync"/> in production.</summary>
public delegate Task<ChildProcessResult> ChildProcessRun(string fileName, IReadOnlyList<string> arguments, TimeSpan deadline, CancellationToken cancellationToken, int maxOutputChars);

/// <summary>
/// L2 stream probe: one ffprobe per probe that must read a few video packets, so "online" means frames flow, not
/// only that the camera answered DESCRIBE.
/// </summary>
/// <remarks>
/// FFMpegCore's <c>FFProbe.AnalyseAsync</c> cancels by <c>Process.Kill()</c> of the direct child only and then waits
/// for both output pipes to close: a descendant holding them (a wrapper script, a hung grandchild) blocks that wait
/// and survives. So ffprobe runs through <see cref="ChildProcessRunner"/> (hard deadline, whole-tree kill, CPU
/// accounting) with arguments from <see cref="FfprobeArguments"/>; FFMpegCore still locates the binary and its
/// model reads the JSON (<see cref="FfprobeJsonParser"/>). Credentials reach ffprobe in its URL argument only;
/// stderr is scrubbed by <see cref="CredentialRedactor"/> before it is looked at, and stdout is dropped once parsed.
/// </remarks>
public sealed class FfprobeStreamProber : IStreamProber
{
    private static readonly TimeSpan MinIoTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Most of the deadline kept back for killing and reaping the tree (measured 0.35–1 s on a loaded 2-core box).</summary>
    private static readonly TimeSpan MaxKillReserve = TimeSpan.FromMilliseconds(500);
    private readonly StreamProbeOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ChildProcessRun run;
    private readonly Lazy<string> ffprobe;

    public FfprobeStreamProber(IOptions<StreamProbeOptions> options, ILogger<FfprobeStreamProber>? logger = null, TimeProvider? timeProvider = null)
        : this(options, logger, timeProvider, ChildProcessRunner.RunAsync)
    {
    }

    /// <summary>For unit tests of the flow around the process (the runner is the only seam).</summary>
    internal FfprobeStreamProber(IOptions<StreamProbeOptions> options, ILogger? logger, TimeProvider? timeProvider, ChildProcessRun run)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        this.run = run;
        ffprobe = new Lazy<string>(() => string.IsNullOrWhiteSpace(this.options.FfprobePath)
            ? GlobalFFOptions.GetFFProbeBinaryPath(GlobalFFOptions.Current)
            : this.options.FfprobePath);
    }

    public ProbeTier Tier => ProbeTier.Stream;

    /// <summary>The ffprobe this prober starts (from <see cref="StreamProbeOptions.FfprobePath"/> or FFMpegCore's lookup).</summary>
    public string FfprobePath => ffprobe.Value;

    public async Task<ProbeResult> ProbeAsync(StreamEndpoint endpoint, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var total = deadline > TimeSpan.Zero ? deadline : options.Deadline;

        ProbeResult result;
        if (FfprobeArguments.ProtocolWhitelist(endpoint.Scheme) is null)
        {
            // Unreachable through StreamEndpoint today; kept so no future endpoint type can hand ffprobe file: or concat:.
            result = ProbeResult.Failure(Tier, ProbeReason.Protocol, $"不允许的协议 scheme '{endpoint.Scheme}' is not allowed", TimeSpan.Zero);
        }
        else
        {
            var first = await RunOnceAsync(endpoint, options.Transport, total, cancellationToken);
            result = first.Result;
            var remaining = total - time.GetElapsedTime(started);
            if (ShouldRetryOverUdp(endpoint, first.Result) && remaining > MinIoTimeout * 5)
            {
                StreamLog.RetryOverUdp(logger, endpoint.Redacted, first.Result.Reason.ToLabel());
                var second = await RunOnceAsync(endpoint, "udp", remaining, cancellationToken);
                result = second.Result with
                {
                    CpuSeconds = Sum(first.Result.CpuSeconds, second.Result.CpuSeconds),
                    Detail = second.Result.Ok ? second.Result.Detail + " (UDP 回退 over UDP after TCP failed)" : second.Result.Detail,
                };
            }
        }

        var duration = time.GetElapsedTime(started);
        result = result with { Duration = duration, StartedAt = startedAt };
        if (result.Ok)
        {
            StreamLog.ProbeOk(logger, endpoint.Redacted, (long)duration.TotalMilliseconds, result.CpuSeconds ?? 0, result.Detail ?? string.Empty);
        }
        else
        {
            StreamLog.ProbeFailed(logger, endpoint.Redacted, result.Reason.ToLabel(), (long)duration.TotalMilliseconds, result.Detail ?? string.Empty);
        }

        return result;
    }

    /// <summary>ffprobe's own socket timeout: the configured one, but always due well before our hard deadline.</summary>
    internal static TimeSpan IoTimeout(TimeSpan configured, TimeSpan deadline)
    {
        var cap = deadline * 0.75;
        var chosen = configured < cap ? configured : cap;
        return chosen < MinIoTimeout ? MinIoTimeout : chosen;
    }

    private bool ShouldRetryOverUdp(StreamEndpoint endpoint, ProbeResult first) =>
        options.UdpFallback && options.Transport == "tcp" && FfprobeArguments.IsRtsp(endpoint.Scheme) && !first.Ok
        && first.Reason is ProbeReason.ServerError or ProbeReason.Protocol or ProbeReason.NoVideo;

    /// <summary>
    /// The runner's deadline: the caller's minus a reserve for the kill, so the probe as a whole ends near the
    /// caller's deadline rather than one kill later. A fifth of the deadline, at most <see cref="MaxKillReserve"/>.
    /// </summary>
    internal static TimeSpan ProcessDeadline(TimeSpan deadline)
    {
        var reserve = deadline / 5;
        return deadline - (reserve < MaxKillReserve ? reserve : MaxKillReserve);
    }

    private async Task<(ProbeResult Result, ChildProcessResult Process)> RunOnceAsync(
        StreamEndpoint endpoint, string transport, TimeSpan probeDeadline, CancellationToken cancellationToken)
    {
        var deadline = ProcessDeadline(probeDeadline);
        var ioTimeout = IoTimeout(options.SocketTimeout, deadline);
        var arguments = FfprobeArguments.Build(endpoint, options, transport, ioTimeout);
        var process = await run(ffprobe.Value, arguments, deadline, cancellationToken, options.MaxOutputChars);
        if (process.Cancelled)
        {
            // The runner has already killed and reaped the tree; the caller asked to stop, so this is not a camera outcome.
            cancellationToken.ThrowIfCancellationRequested();
        }

        var stderr = CredentialRedactor.Redact(process.StandardError, endpoint);
        if (process.ExitCode is null && !process.TimedOut && !process.Cancelled)
        {
            StreamLog.FfprobeMissing(logger, stderr);
            throw new InvalidOperationException($"L2 探测无法启动 ffprobe / cannot start ffprobe: {stderr}");
        }

        StreamLog.FfprobeOutput(logger, endpoint.Redacted, process.ExitCode, stderr);
        var report = process.ExitCode == 0 ? FfprobeJsonParser.Parse(process.StandardOutput) : null;
        var verdict = FfprobeErrorClassifier.Classify(
            new FfprobeRun(process.ExitCode, stderr, process.Elapsed, process.TimedOut, probeDeadline, ioTimeout),
            report);
        var result = verdict.Ok
            ? ProbeResult.Success(Tier, process.Elapsed, report!.Video, verdict.Detail)
            : ProbeResult.Failure(Tier, verdict.Reason, verdict.Detail, process.Elapsed) with { Stream = report?.Video };
        return (result with { CpuSeconds = process.CpuSeconds }, process);
    }

    private static double? Sum(double? a, double? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
