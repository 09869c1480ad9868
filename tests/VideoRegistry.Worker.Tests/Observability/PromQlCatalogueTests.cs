namespace VideoRegistry.Worker.Tests.Observability;

public sealed class PromQlCatalogueTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal) { ["township"] = "古浪镇", ["__rate_interval"] = "1m" };

    [Theory]
    [InlineData("x{township=~\"$township\"}", "x{township=~\"古浪镇\"}")]
    [InlineData("x{township=~\"${township}\"}", "x{township=~\"古浪镇\"}")]
    [InlineData("x{township=~\"${township:regex}\"}", "x{township=~\"古浪镇\"}")]
    [InlineData("x{township=~\"[[township]]\"}", "x{township=~\"古浪镇\"}")]
    [InlineData("rate(x[$__rate_interval])", "rate(x[1m])")]
    [InlineData("label_replace(x, \"u\", \"$1\", \"scope\", \"(.+)\")", "label_replace(x, \"u\", \"$1\", \"scope\", \"(.+)\")")]
    public void Substitute_GrafanaVariableForms_Replaced(string expr, string expected) =>
        Assert.Equal(expected, PromQlCatalogue.Substitute(expr, Values));

    [Fact]
    public void Substitute_UnknownVariable_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PromQlCatalogue.Substitute("x{grid=~\"$grid\"}", Values));
        Assert.Contains("$grid", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("label_values(videoregistry_cameras, township)", "videoregistry_cameras", "township")]
    [InlineData("label_values(videoregistry_cameras{class=\"I\"}, township)", "videoregistry_cameras{class=\"I\"}", "township")]
    [InlineData("label_values(township)", null, "township")]
    public void LabelValues_GrafanaFunction_Parsed(string query, string? match, string label) =>
        Assert.Equal((match, label), PromQlCatalogue.LabelValues(query));

    [Fact]
    public void LabelValues_OtherQuery_Null() => Assert.Null(PromQlCatalogue.LabelValues("query_result(up)"));

    [Fact]
    public void Catalogue_ShippedFiles_EveryPanelTargetAndRuleFound()
    {
        var dashboards = PromQlCatalogue.Dashboards();
        var rules = PromQlCatalogue.YamlExprs(PromQlCatalogue.RulesDir);
        var grafanaAlerting = PromQlCatalogue.YamlExprs(PromQlCatalogue.GrafanaAlertingDir);
        var ruleCount = File.ReadAllLines(Directory.GetFiles(PromQlCatalogue.RulesDir, "*.yml").Single()).Count(l => l.TrimStart().StartsWith("- alert:", StringComparison.Ordinal));
        var targetCount = Directory.GetFiles(PromQlCatalogue.DashboardsDir, "*.json").Sum(f => File.ReadAllText(f).Split("\"expr\":").Length - 1);

        Assert.Equal(targetCount, dashboards.Count(q => !q.IsTemplateVariable));
        Assert.Equal(3, dashboards.Count(q => q.IsTemplateVariable));
        Assert.Equal(ruleCount, rules.Count);
        Assert.Equal(7, grafanaAlerting.Count);
        Assert.Contains(rules, q => q.Where == "VideoRegistryClassICameraOffline" && q.Expr.Contains("videoregistry_camera_up{class=\"I\"}", StringComparison.Ordinal));
    }
}
