using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace VideoRegistry.Worker.Tests.Observability;

/// <summary>
/// The shipped Grafana files without Grafana: dashboards are valid JSON with unique panel IDs, a datasource variable,
/// bilingual titles and the township/class variables; Grafana alerting has the same key rules as Prometheus.
/// The queries themselves run against a real Prometheus in <see cref="PrometheusIntegrationTests"/>.
/// </summary>
public sealed class GrafanaProvisioningTests
{
    /// <summary>Dashboards about cameras (their metrics carry township and class); the probe-system one does not.</summary>
    private static readonly string[] FleetDashboards = ["overview.json", "dead-cameras.json", "coverage.json"];

    public static TheoryData<string> DashboardFiles() => [.. Directory.GetFiles(PromQlCatalogue.DashboardsDir, "*.json").Select(f => Path.GetFileName(f))];

    [Fact]
    public void Dashboards_TheFourOfTheIssue_AreShipped()
    {
        var titles = Directory.GetFiles(PromQlCatalogue.DashboardsDir, "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("title").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(new[] { "总览 Overview", "故障摄像机 Dead cameras", "覆盖 Coverage", "探测系统 Probe system" }.Order(StringComparer.Ordinal), titles);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Dashboard_Json_UniquePanelIdsDatasourceVariableAndBilingualTitles(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(PromQlCatalogue.DashboardsDir, file)));
        var root = doc.RootElement;
        var panels = PromQlCatalogue.Panels(root).ToList();

        Assert.NotEmpty(panels);
        var ids = panels.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        Assert.Contains(variables, v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("type").GetString() == "datasource");
        Assert.True(IsBilingual(root.GetProperty("title").GetString()), root.GetProperty("title").GetString());
        Assert.All(panels, p => Assert.True(IsBilingual(p.GetProperty("title").GetString()), $"{file}: panel title '{p.GetProperty("title").GetString()}' is not Chinese + English"));
        foreach (var panel in panels.Where(p => p.TryGetProperty("targets", out _)))
        {
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString())));
        }
    }

    [Fact]
    public void Dashboards_UidsAreUnique()
    {
        var uids = Directory.GetFiles(PromQlCatalogue.DashboardsDir, "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("uid").GetString())
            .ToList();

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(FleetDashboardFiles))]
    public void FleetDashboard_HasTownshipAndClassVariables_AndEveryCameraQueryUsesThem(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(PromQlCatalogue.DashboardsDir, file)));
        var variables = doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v);

        Assert.Equal("query", variables["township"].GetProperty("type").GetString());
        Assert.True(variables["township"].GetProperty("includeAll").GetBoolean());
        Assert.Equal("I,II,III", variables["class"].GetProperty("query").GetString());
        var queries = PromQlCatalogue.Dashboards().Where(q => q.File == file && !q.IsTemplateVariable).ToList();
        Assert.All(queries.Where(q => q.Expr.Contains("videoregistry_camera", StringComparison.Ordinal)), q => Assert.Contains("$township", q.Expr, StringComparison.Ordinal));
    }

    public static TheoryData<string> FleetDashboardFiles() => [.. FleetDashboards];

    [Fact]
    public void DeadCamerasTable_JoinsCameraUpWithCameraInfo_AndShowsTheIssueColumns()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(PromQlCatalogue.DashboardsDir, "dead-cameras.json")));
        var table = PromQlCatalogue.Panels(doc.RootElement).Single(p => p.GetProperty("type").GetString() == "table");
        var first = table.GetProperty("targets")[0].GetProperty("expr").GetString()!;
        var renamed = table.GetProperty("transformations").EnumerateArray()
            .Single(t => t.GetProperty("id").GetString() == "organize")
            .GetProperty("options").GetProperty("renameByName").EnumerateObject()
            .Select(p => p.Value.GetString()!)
            .ToList();

        Assert.Contains("videoregistry_camera_up", first, StringComparison.Ordinal);
        Assert.Contains("group_left (name, village, grid) videoregistry_camera_info", first, StringComparison.Ordinal);
        foreach (var column in new[] { "ID", "Name", "Class", "Township", "Village", "Grid", "Since", "Reason", "Last success" })
        {
            Assert.Contains(renamed, r => r.EndsWith(" " + column, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void GrafanaAlerting_HasTheSameKeyRulesAsPrometheus()
    {
        var prometheus = Rules(PromQlCatalogue.RulesDir, "alert", r => Scalar(r, "annotations", "summary"));
        var grafana = Rules(PromQlCatalogue.GrafanaAlertingDir, "uid", r => Scalar(r, "title"));

        Assert.NotEmpty(prometheus);
        foreach (var p in prometheus)
        {
            // Chinese head of the Prometheus summary (一类点位离线, 乡镇在线率低于目标, ...) names the Grafana rule too.
            var head = p.Name.Split(' ')[0];
            var g = grafana.SingleOrDefault(r => r.Name.Split(' ')[0] == head);
            Assert.True(g is not null, $"Grafana alerting has no rule titled '{head} …' for {p.Key}");
            Assert.Equal((p.For, p.Severity, p.Level), (g.For, g.Severity, g.Level));
        }

        Assert.Equal(prometheus.Count, grafana.Count);
    }

    private static bool IsBilingual(string? title) =>
        title is not null && title.Any(c => c is >= '\u4e00' and <= '\u9fff') && title.Any(char.IsAsciiLetter);

    private sealed record Rule(string Key, string Name, string For, string Severity, string Level);

    private static List<Rule> Rules(string dir, string keyField, Func<YamlMappingNode, string> name)
    {
        var rules = new List<Rule>();
        foreach (var file in Directory.GetFiles(dir, "*.yml"))
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(file)))
            {
                stream.Load(reader);
            }

            var groups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("groups")];
            foreach (var group in groups.Children.Cast<YamlMappingNode>())
            {
                foreach (var rule in ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
                {
                    rules.Add(new Rule(
                        Scalar(rule, keyField),
                        name(rule),
                        Scalar(rule, "for"),
                        Scalar(rule, "labels", "severity"),
                        Scalar(rule, "labels", "level")));
                }
            }
        }

        return rules;
    }

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current).Children[new YamlScalarNode(key)];
        }

        return ((YamlScalarNode)current).Value ?? string.Empty;
    }
}
