using System.Globalization;
using System.Text.RegularExpressions;
using VideoRegistry.Probing.Processes;

namespace VideoRegistry.Probing.Tests.Processes;

/// <summary>The runner against real child processes (/bin/sh, sleep): exit codes, caps, deadlines, trees, CPU.</summary>
[Collection(ProcessCounterGroup.Name)]
public sealed partial class ChildProcessRunnerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static Task<ChildProcessResult> Sh(string script, TimeSpan deadline, CancellationToken token = default) =>
        ChildProcessRunner.RunAsync("sh", ["-c", script], deadline, token);

    [Fact]
    public async Task RunAsync_ExitCodeAndBothStreams_ReturnedWithoutTheCpuTrailer()
    {
        var result = await Sh("echo out; echo err >&2; printf 'no newline' >&2; exit 3", Long);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal("err\nno newline", result.StandardError);
        Assert.False(result.TimedOut);
        Assert.False(result.Cancelled);
        Assert.NotNull(result.CpuSeconds);
        Assert.InRange(result.CpuSeconds.Value, 0, 1);
    }

    [Fact]
    public async Task RunAsync_ArgumentsWithShellCharacters_PassedVerbatim()
    {
        string[] args = ["%s|", "a b", "$HOME", "'quoted'", "x; exit 9", "\"", "密码"];

        var result = await ChildProcessRunner.RunAsync("printf", args, Long, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b|$HOME|'quoted'|x; exit 9|\"|密码|", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_OutputOverTheCap_CappedAndTheChildNeverBlocks()
    {
        // 300 kB on each stream: far more than a pipe buffer, so a runner that stopped reading would hang here.
        const string script = "head -c 300000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero | tr '\\0' b >&2; echo done >&2";
        var result = await ChildProcessRunner.RunAsync("sh", ["-c", script], Long, CancellationToken.None, maxOutputChars: 1000);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new string('a', 1000), result.StandardOutput);
        Assert.Equal(new string('b', 1000), result.StandardError);
        Assert.NotNull(result.CpuSeconds);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task RunAsync_ChildKilledBySignal_ExitCodeIs128PlusSignal()
    {
        var result = await Sh("kill -9 $$", Long);

        Assert.Equal(137, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_DeadlineOnATree_KillsEveryMemberAndReportsTimedOut()
    {
        var before = ChildProcessRunner.LiveChildren;
        var run = Sh("sleep 30 & echo $!; sleep 30 & echo $!; echo $$; wait", TimeSpan.FromMilliseconds(700));
        await Task.Delay(200);
        Assert.True(ChildProcessRunner.LiveChildren > before || run.IsCompleted);

        var result = await run;

        Assert.True(result.TimedOut);
        Assert.False(result.Cancelled);
        Assert.Null(result.ExitCode);
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(3));
        var pids = Pids(result.StandardOutput);
        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"pid {pid} survived the deadline"));
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheTreeAndReportsCancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var result = await Sh("sleep 30 & echo $!; echo $$; wait", Long, cts.Token);

        Assert.True(result.Cancelled);
        Assert.False(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), $"{result.Elapsed}");
        var pids = Pids(result.StandardOutput);
        Assert.Equal(2, pids.Count);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"pid {pid} survived cancellation"));
    }

    [Fact]
    public async Task RunAsync_AlreadyCancelled_StartsNothing()
    {
        var result = await Sh("echo started", Long, new CancellationToken(canceled: true));

        Assert.True(result.Cancelled);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_ManyHungChildren_AllCountedLiveThenAllGone()
    {
        var before = ChildProcessRunner.LiveChildren;
        var runs = Enumerable.Range(0, 8).Select(_ => Sh("echo $$; exec sleep 30", TimeSpan.FromSeconds(1.5))).ToList();
        await Task.Delay(700);
        Assert.True(ChildProcessRunner.LiveChildren >= before + 8, $"live {ChildProcessRunner.LiveChildren}, before {before}");

        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.TimedOut));
        Assert.All(results.SelectMany(r => Pids(r.StandardOutput)), pid => Assert.False(IsRunning(pid)));
    }

    [Fact]
    public async Task RunAsync_BusyChildAndGrandchild_CpuMatchesTheChildsOwnAccounting()
    {
        // The child reports its own CPU and its waited-for children's (POSIX times) as its last act; the runner's
        // figure must agree within a few clock ticks, and be plausible against the wall clock.
        const string loop = "i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done";
        var result = await Sh($"{loop}; ({loop}); times", Long);

        Assert.Equal(0, result.ExitCode);
        var own = TimesSeconds(result.StandardOutput);
        Assert.True(own > 0.1, $"busy loop used only {own} s");
        Assert.NotNull(result.CpuSeconds);
        Assert.InRange(result.CpuSeconds.Value, own - 0.005, own + 0.03);
        Assert.True(result.CpuSeconds.Value <= (result.Elapsed.TotalSeconds * Environment.ProcessorCount) + 0.02);
    }

    [Fact]
    public async Task RunAsync_BusyChildKilledAtDeadline_CpuSampledBeforeTheKill()
    {
        var result = await Sh("while :; do :; done", TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
        Assert.NotNull(result.CpuSeconds);
        Assert.InRange(result.CpuSeconds.Value, 0.05, (result.Elapsed.TotalSeconds * Environment.ProcessorCount) + 0.02);
    }

    [Theory]
    [InlineData("videoregistry-no-such-binary")]
    [InlineData("/nonexistent/dir/ffprobe")]
    [InlineData("/etc/passwd")]
    public async Task RunAsync_MissingOrNonExecutableBinary_ClearResultAtOnce(string fileName)
    {
        var result = await ChildProcessRunner.RunAsync(fileName, ["-version"], Long, CancellationToken.None);

        Assert.Null(result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains(fileName, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("no such executable", result.StandardError, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RunAsync_RealFfprobe_ExitCodeAndVersionText()
    {
        var result = await ChildProcessRunner.RunAsync("ffprobe", ["-version"], Long, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("ffprobe version", result.StandardOutput, StringComparison.Ordinal);
        Assert.InRange(result.CpuSeconds!.Value, 0.0, 2.0);
    }

    private static List<int> Pids(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];

    /// <summary>A pid runs while /proc has it in a state other than zombie.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Sum of the four figures of POSIX <c>times</c> output ("0m0.120000s 0m0.010000s" twice).</summary>
    private static double TimesSeconds(string output) =>
        TimesField().Matches(output).Sum(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60)
            + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(\d+)m(\d+(?:\.\d+)?)s")]
    private static partial Regex TimesField();
}

/// <summary>
/// <see cref="ChildProcessRunner.LiveChildren"/> is process-wide: tests that count it run alone, never beside
/// another test class that starts children.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCounterGroup
{
    public const string Name = "process-counter";
}
