using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VideoRegistry.Probing.Processes;

/// <summary>
/// Runs a child process (ffprobe, ffmpeg) with a hard deadline: output read asynchronously and capped, the whole
/// process tree killed on deadline or cancellation and waited for, and the CPU the child and its descendants used.
/// </summary>
/// <remarks>
/// The child runs under a tiny <c>/bin/sh</c> wrapper that waits for it and then prints the shell's "children" CPU
/// times (<c>times</c>) to stderr behind a marker, which the runner strips. That figure is exact (the kernel's
/// accounting of the reaped child plus everything it reaped) and has no race with the runtime's own reaping of our
/// direct child, which reading <c>/proc/PID/stat</c> of a zombie would have. A killed child never reaches
/// <c>times</c>, so its CPU is sampled from <c>/proc</c> just before the kill. The wrapper costs about a millisecond.
/// </remarks>
public static partial class ChildProcessRunner
{
    private const string Shell = "/bin/sh";
    private const string CpuMarker = "\n\u001fvideoregistry-cpu\u001f";
    private const string Wrapper = "\"$@\"; rc=$?; printf '\\n\\037videoregistry-cpu\\037' >&2; times >&2; exit $rc";

    // /proc reports times in USER_HZ, which the kernel ABI fixes at 100 on every mainstream architecture.
    private const double ClockTicksPerSecond = 100;

    private static readonly TimeSpan ReapBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);
    private static int live;

    /// <summary>Children started by this runner that have not yet been reaped (with their whole tree gone).</summary>
    public static int LiveChildren => Volatile.Read(ref live);

    /// <summary>
    /// Runs <paramref name="fileName"/> (a path, or a name looked up on PATH) with <paramref name="arguments"/> passed
    /// verbatim (no shell interpretation). Never throws for the child's failure: a missing executable, a non-zero exit,
    /// the deadline or cancellation all come back as a result. Each of stdout and stderr keeps at most
    /// <paramref name="maxOutputChars"/> characters; the rest is read and dropped so the child never blocks on a pipe.
    /// </summary>
    public static async Task<ChildProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan deadline,
        CancellationToken cancellationToken,
        int maxOutputChars = 1_048_576)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputChars);

        var clock = Stopwatch.StartNew();
        if (cancellationToken.IsCancellationRequested)
        {
            return new ChildProcessResult(null, string.Empty, string.Empty, clock.Elapsed, null, TimedOut: false, Cancelled: true);
        }

        var executable = ResolveExecutable(fileName);
        if (executable is null)
        {
            return NotStarted($"cannot start '{fileName}': no such executable file (looked in PATH)", clock);
        }

        var info = new ProcessStartInfo(Shell)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Wrapper);
        info.ArgumentList.Add("videoregistry-child");
        info.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("no process started");
        }
        catch (Win32Exception e)
        {
            return NotStarted($"cannot start '{fileName}': {e.Message}", clock);
        }

        Interlocked.Increment(ref live);
        try
        {
            return await SuperviseAsync(process, deadline, maxOutputChars, clock, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref live);
            process.Dispose();
        }
    }

    private static async Task<ChildProcessResult> SuperviseAsync(
        Process process, TimeSpan deadline, int maxOutputChars, Stopwatch clock, CancellationToken cancellationToken)
    {
        // No child of ours reads a terminal: an immediate EOF keeps ffmpeg from waiting for keys.
        process.StandardInput.Close();
        using var drain = new CancellationTokenSource();
        var stdout = new OutputCapture(maxOutputChars, keepTail: false);
        var stderr = new OutputCapture(maxOutputChars, keepTail: true);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, stdout, drain.Token),
            PumpAsync(process.StandardError, stderr, drain.Token));

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(deadline);
        var stopped = false;
        var killedRunning = false;
        double? sampledCpu = null;
        try
        {
            await process.WaitForExitAsync(limit.Token);

            // A descendant that outlives the child can hold the pipes open; the deadline bounds that wait too.
            await pumps.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            stopped = true;
            killedRunning = !process.HasExited;
            sampledCpu = await KillTreeAsync(process);
        }

        try
        {
            await pumps.WaitAsync(DrainGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await drain.CancelAsync();
        }

        var exitedByItself = process.HasExited && !killedRunning;
        var (error, trailerCpu) = stderr.TextWithoutCpuTrailer();
        var cancelled = stopped && cancellationToken.IsCancellationRequested;
        return new ChildProcessResult(
            ExitCode: exitedByItself ? process.ExitCode : null,
            StandardOutput: stdout.Text(),
            StandardError: error,
            Elapsed: clock.Elapsed,
            CpuSeconds: trailerCpu ?? sampledCpu,
            TimedOut: stopped && !cancelled,
            Cancelled: cancelled);
    }

    private static ChildProcessResult NotStarted(string why, Stopwatch clock) =>
        new(null, string.Empty, why, clock.Elapsed, null, TimedOut: false, Cancelled: false);

    private static async Task PumpAsync(StreamReader reader, OutputCapture capture, CancellationToken token)
    {
        var buffer = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), token)) > 0)
            {
                capture.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The pipe closed under us or the drain gave up: what was read is kept.
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Samples the CPU of the tree (the wrapper's descendants), SIGKILLs every member, and waits until the wrapper is
    /// reaped and no member is still running. Returns the sampled CPU seconds, or null when the wrapper was already gone.
    /// </summary>
    private static async Task<double?> KillTreeAsync(Process process)
    {
        var tree = ProcTable.Snapshot().TreeOf(process.Id);
        var cpu = tree.Count == 0 ? (double?)null : tree.Where(p => p.Pid != process.Id).Sum(p => p.CpuTicks) / ClockTicksPerSecond;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already exited.
        }

        // Members forked between our snapshot and the runtime's own walk, or reparented once the wrapper died.
        foreach (var member in tree)
        {
            ProcTable.KillIfSame(member);
        }

        using var bound = new CancellationTokenSource(ReapBound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
            while (tree.Any(ProcTable.IsRunning))
            {
                await Task.Delay(10, bound.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Unkillable (uninterruptible sleep): nothing more we can do; LiveChildren still drops.
        }

        return cpu;
    }

    private static string? ResolveExecutable(string fileName)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(fileName) ? Path.GetFullPath(fileName) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, fileName);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    [GeneratedRegex(@"(\d+)m(\d+(?:\.\d+)?)s")]
    private static partial Regex TimesField();

    /// <summary>One stream's text, capped; stderr also keeps its last characters so the CPU trailer survives the cap.</summary>
    private sealed class OutputCapture(int limit, bool keepTail)
    {
        private const int TailKeep = 512;
        private readonly Lock gate = new();
        private readonly StringBuilder kept = new();
        private readonly StringBuilder tail = new();
        private long total;

        public void Append(ReadOnlySpan<char> chunk)
        {
            lock (gate)
            {
                var room = limit - kept.Length;
                if (room > 0)
                {
                    kept.Append(chunk[..Math.Min(room, chunk.Length)]);
                }

                total += chunk.Length;
                if (keepTail)
                {
                    tail.Append(chunk);
                    if (tail.Length > 2 * TailKeep)
                    {
                        tail.Remove(0, tail.Length - TailKeep);
                    }
                }
            }
        }

        public string Text()
        {
            lock (gate)
            {
                return kept.ToString();
            }
        }

        /// <summary>The text without the wrapper's trailer, and the children CPU seconds the trailer reported.</summary>
        public (string Text, double? CpuSeconds) TextWithoutCpuTrailer()
        {
            lock (gate)
            {
                var tailText = tail.ToString();
                var at = tailText.LastIndexOf(CpuMarker, StringComparison.Ordinal);
                if (at < 0)
                {
                    return (kept.ToString(), null);
                }

                var fields = TimesField().Matches(tailText[(at + CpuMarker.Length)..]);
                double? cpu = fields.Count >= 4 ? Seconds(fields[2]) + Seconds(fields[3]) : null;
                var trailerStart = total - (tailText.Length - at);
                var keep = (int)Math.Min(kept.Length, trailerStart);
                return (kept.ToString(0, keep), cpu);
            }
        }

        private static double Seconds(Match field) =>
            (int.Parse(field.Groups[1].Value, CultureInfo.InvariantCulture) * 60)
            + double.Parse(field.Groups[2].Value, CultureInfo.InvariantCulture);
    }
}
