using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace VideoRegistry.Worker.Tests.Observability;

/// <summary>One PromQL expression found in a shipped file: where it comes from and its text.</summary>
internal sealed record PromQuery(string File, string Where, string Expr, bool IsTemplateVariable = false)
{
    public override string ToString() => $"{File} [{Where}]: {Expr}";
}

/// <summary>
/// Every PromQL expression the project ships: Grafana dashboard targets and template variable queries, Prometheus
/// rule files and Grafana alerting provisioning. Also substitutes Grafana's template variables the way Grafana does.
/// </summary>
internal static partial class PromQlCatalogue
{
    public static string DashboardsDir => Path.Combine(ToolRunner.RepoRoot, "grafana", "dashboards");

    public static string RulesDir => Path.Combine(ToolRunner.RepoRoot, "config", "prometheus", "rules");

    public static string GrafanaAlertingDir => Path.Combine(ToolRunner.RepoRoot, "grafana", "provisioning", "alerting");

    public static IReadOnlyList<PromQuery> Dashboards()
    {
        var found = new List<PromQuery>();
        foreach (var file in Directory.GetFiles(DashboardsDir, "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var name = Path.GetFileName(file);
            foreach (var panel in Panels(doc.RootElement))
            {
                if (!panel.TryGetProperty("targets", out var targets))
                {
                    continue;
                }

                var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "?";
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("expr", out var expr) && expr.GetString() is { Length: > 0 } e)
                    {
                        var refId = target.TryGetProperty("refId", out var r) ? r.GetString() : "?";
                        found.Add(new PromQuery(name, $"{title} {refId}", e));
                    }
                }
            }

            if (doc.RootElement.TryGetProperty("templating", out var templating))
            {
                foreach (var variable in templating.GetProperty("list").EnumerateArray())
                {
                    if (variable.GetProperty("type").GetString() != "query")
                    {
                        continue;
                    }

                    var query = variable.GetProperty("query");
                    var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString() : query.GetString();
                    found.Add(new PromQuery(name, "$" + variable.GetProperty("name").GetString(), text ?? string.Empty, IsTemplateVariable: true));
                }
            }
        }

        return found;
    }

    /// <summary>Every <c>expr</c> scalar of the YAML files in a folder (rule files, Grafana alerting provisioning).</summary>
    public static IReadOnlyList<PromQuery> YamlExprs(string dir)
    {
        var found = new List<PromQuery>();
        foreach (var file in Directory.GetFiles(dir, "*.yml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(file)))
            {
                stream.Load(reader);
            }

            foreach (var document in stream.Documents)
            {
                Collect(document.RootNode, Path.GetFileName(file), "?", found);
            }
        }

        return found;
    }

    /// <summary>Panels at any depth (rows hold panels too).</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        if (!dashboard.TryGetProperty("panels", out var panels))
        {
            yield break;
        }

        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var inner in Panels(panel))
            {
                yield return inner;
            }
        }
    }

    /// <summary>
    /// Replaces <c>$var</c>, <c>${var}</c>, <c>${var:format}</c> and <c>[[var]]</c> with the given values; an unknown
    /// variable throws, so a dashboard cannot grow a variable this test does not know about. <c>$1</c> in
    /// label_replace stays.
    /// </summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values) =>
        VariableRegex().Replace(expr, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
            return values.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"unknown template variable ${name} in: {expr}");
        });

    /// <summary>Grafana's <c>label_values(metric, label)</c> as (metric selector, label); null for any other query.</summary>
    public static (string? Match, string Label)? LabelValues(string query)
    {
        var m = LabelValuesRegex().Match(query.Trim());
        if (!m.Success)
        {
            return null;
        }

        return (m.Groups[1].Success ? m.Groups[1].Value.Trim() : null, m.Groups[2].Value);
    }

    private static void Collect(YamlNode node, string file, string where, List<PromQuery> found)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var here = map.Children.TryGetValue(new YamlScalarNode("alert"), out var a) ? ((YamlScalarNode)a).Value!
                    : map.Children.TryGetValue(new YamlScalarNode("record"), out var r) ? ((YamlScalarNode)r).Value!
                    : map.Children.TryGetValue(new YamlScalarNode("title"), out var t) ? ((YamlScalarNode)t).Value!
                    : where;
                foreach (var (key, value) in map.Children)
                {
                    if (key is YamlScalarNode { Value: "expr" } && value is YamlScalarNode { Value: { Length: > 0 } e })
                    {
                        found.Add(new PromQuery(file, here, e.Trim()));
                    }
                    else
                    {
                        Collect(value, file, here, found);
                    }
                }

                break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    Collect(child, file, where, found);
                }

                break;
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_]\w*)(?::[\w]+)?\}|\[\[([A-Za-z_]\w*)\]\]|\$([A-Za-z_]\w*)")]
    private static partial Regex VariableRegex();

    [GeneratedRegex(@"^label_values\(\s*(?:([^,]+?)\s*,\s*)?([A-Za-z_]\w*)\s*\)$")]
    private static partial Regex LabelValuesRegex();
}
