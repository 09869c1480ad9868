namespace VideoRegistry.Worker.Tests.Observability;

/// <summary>The shipped Prometheus rules and configs, checked and unit-tested by the real promtool/amtool.</summary>
public sealed class AlertingConfigTests
{
    private static string PrometheusDir => Path.Combine(ToolRunner.RepoRoot, "config", "prometheus");

    public static TheoryData<string> RuleFiles() => [.. Directory.GetFiles(Path.Combine(PrometheusDir, "rules"), "*.yml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public async Task PromtoolCheckRules_RuleFile_Succeeds(string file)
    {
        var (exit, output) = await ToolRunner.RunAsync("promtool", ["check", "rules", Path.Combine("rules", file)], workingDirectory: PrometheusDir);

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolTestRules_AllTestFiles_Pass()
    {
        var tests = Directory.GetFiles(Path.Combine(PrometheusDir, "tests"), "*.yml").Select(f => Path.Combine("tests", Path.GetFileName(f))).ToArray();
        Assert.NotEmpty(tests);

        var (exit, output) = await ToolRunner.RunAsync("promtool", ["test", "rules", .. tests], workingDirectory: PrometheusDir);

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PromtoolTests_EveryAlertRule_HasAUnitTest()
    {
        var rules = Directory.GetFiles(Path.Combine(PrometheusDir, "rules"), "*.yml")
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("- alert:", StringComparison.Ordinal))
            .Select(l => l["- alert:".Length..].Trim())
            .ToList();
        var tested = Directory.GetFiles(Path.Combine(PrometheusDir, "tests"), "*.yml")
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("alertname:", StringComparison.Ordinal))
            .Select(l => l["alertname:".Length..].Trim())
            .ToHashSet();

        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Contains(r, tested));
    }

    [Fact]
    public async Task PromtoolCheckConfig_PrometheusYml_Succeeds()
    {
        var (exit, output) = await ToolRunner.RunAsync("promtool", ["check", "config", "prometheus.yml"], workingDirectory: PrometheusDir);

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task AmtoolCheckConfig_AlertmanagerYml_SucceedsWithInhibitRules()
    {
        var (exit, output) = await ToolRunner.RunAsync("amtool", ["check-config", Path.Combine(ToolRunner.RepoRoot, "config", "alertmanager", "alertmanager.yml")]);

        Assert.True(exit == 0, output);
        Assert.Contains("4 inhibit rules", output, StringComparison.Ordinal);
    }
}
