using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace VideoRegistry.Worker.Tests.Observability;

/// <summary>
/// config/docker-compose.yml, the worker Dockerfile and the two Prometheus configs (compose and local demo) checked
/// without Docker (no daemon here): YAML parses, every mounted or built path exists, targets agree with the services
/// and with config/demo/run.sh.
/// </summary>
public sealed partial class DeliveryConfigTests
{
    private static string ConfigDir => Path.Combine(ToolRunner.RepoRoot, "config");

    [Fact]
    public void Compose_Parses_WithWorkerPrometheusAlertmanagerGrafanaAndOptionalSimulator()
    {
        var services = Services();

        Assert.Equal(["alertmanager", "camera-simulator", "grafana", "prometheus", "worker"], services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("simulator", Sequence(services["camera-simulator"], "profiles").Single());
        Assert.Equal("service:worker", Scalar(services["camera-simulator"], "network_mode"));
        Assert.All(services.Where(s => s.Key != "camera-simulator"), s => Assert.False(s.Value.Children.ContainsKey(new YamlScalarNode("profiles")), s.Key));
    }

    [Fact]
    public void Compose_WorkerAndSimulator_BuiltFromTheWorkerDockerfile_WorkerPublished()
    {
        var services = Services();
        foreach (var (name, target) in new[] { ("worker", "worker"), ("camera-simulator", "camera-simulator") })
        {
            var build = (YamlMappingNode)services[name].Children[new YamlScalarNode("build")];
            var context = Path.GetFullPath(Path.Combine(ConfigDir, Scalar(build, "context")));
            Assert.Equal(ToolRunner.RepoRoot.TrimEnd('/'), context.TrimEnd('/'));
            Assert.Equal("config/docker/Dockerfile", Scalar(build, "dockerfile"));
            Assert.Matches($"(?m)^FROM .+ AS {Regex.Escape(target)}$", Dockerfile());
        }

        Assert.Contains("127.0.0.1:8080:8080", Sequence(services["worker"], "ports"));
        var command = Sequence(services["worker"], "command");
        Assert.Equal("serve", command[0]);
        Assert.Equal("http://0.0.0.0:8080", command[command.IndexOf("--urls") + 1]);
    }

    [Fact]
    public void Dockerfile_FinalStageIsTheWorkerWithFfmpeg_AndEveryBuildSourceExists()
    {
        var text = Dockerfile();
        var stages = StageRegex().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var worker = text[text.IndexOf("AS worker", StringComparison.Ordinal)..];

        Assert.Equal("worker", stages[^1]);
        Assert.Contains("ffmpeg", worker, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 8080", worker, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"videoregistry\"]", worker, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", worker, StringComparison.Ordinal);
        var build = text[..text.IndexOf("AS camera-simulator", StringComparison.Ordinal)];
        var sources = CopyRegex().Matches(build).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.True(Path.Exists(Path.Combine(ToolRunner.RepoRoot, s)), $"COPY source {s} does not exist"));
    }

    [Fact]
    public void Compose_BindMounts_PointAtTheShippedConfigAndProvisioning()
    {
        var services = Services();
        foreach (var (name, service) in services)
        {
            if (!service.Children.ContainsKey(new YamlScalarNode("volumes")))
            {
                continue;
            }

            foreach (var volume in Sequence(service, "volumes").Where(v => v.StartsWith('.')))
            {
                var source = volume.Split(':')[0];
                Assert.True(Directory.Exists(Path.Combine(ConfigDir, source)), $"{name}: bind mount source {source} does not exist");
            }
        }

        var grafana = Sequence(services["grafana"], "volumes");
        Assert.Contains("../grafana/provisioning:/etc/grafana/provisioning:ro", grafana);
        var provider = File.ReadAllText(Path.Combine(ToolRunner.RepoRoot, "grafana", "provisioning", "dashboards", "videoregistry.yml"));
        var dashboardsPath = Regex.Match(provider, @"path:\s*(\S+)").Groups[1].Value;
        Assert.Contains($"../grafana/dashboards:{dashboardsPath}:ro", grafana);

        var prometheusConfig = Sequence(services["prometheus"], "command").Single(c => c.StartsWith("--config.file=", StringComparison.Ordinal));
        Assert.Contains("./prometheus:/etc/prometheus:ro", Sequence(services["prometheus"], "volumes"));
        Assert.Equal("/etc/prometheus/prometheus.docker.yml", prometheusConfig["--config.file=".Length..]);
        Assert.Contains("./alertmanager:/etc/alertmanager:ro", Sequence(services["alertmanager"], "volumes"));
    }

    [Fact]
    public void PrometheusConfigs_DockerTargetsServiceNames_LocalTargetsLoopback_OtherwiseIdentical()
    {
        var docker = Load(Path.Combine(ConfigDir, "prometheus", "prometheus.docker.yml"));
        var local = Load(Path.Combine(ConfigDir, "prometheus", "prometheus.yml"));

        Assert.Equal(["worker:8080"], Targets(docker, "scrape_configs"));
        Assert.Equal(["alertmanager:9093"], Targets(docker, "alerting"));
        Assert.Equal(["127.0.0.1:8080"], Targets(local, "scrape_configs"));
        Assert.Equal(["127.0.0.1:9093"], Targets(local, "alerting"));
        Assert.Equal(Normalise(local), Normalise(docker));

        var services = Services();
        Assert.True(services.ContainsKey(Targets(docker, "scrape_configs")[0].Split(':')[0]));
        Assert.True(services.ContainsKey(Targets(docker, "alerting")[0].Split(':')[0]));
        var datasource = File.ReadAllText(Path.Combine(ToolRunner.RepoRoot, "grafana", "provisioning", "datasources", "prometheus.yml"));
        Assert.Contains("url: http://prometheus:9090", datasource, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoRunScript_StartsPrometheusOnTheLocalConfig_ScrapingTheAddressTheWorkerListensOn()
    {
        var script = File.ReadAllText(Path.Combine(ConfigDir, "demo", "run.sh"));
        var local = Load(Path.Combine(ConfigDir, "prometheus", "prometheus.yml"));

        Assert.Contains("--config.file=\"$root/config/prometheus/prometheus.yml\"", script, StringComparison.Ordinal);
        var serve = Regex.Match(script, @"""\$bin"" serve .*--urls (http://\S+)");
        Assert.True(serve.Success, "run.sh does not start `serve --urls`");
        Assert.Equal("http://" + Targets(local, "scrape_configs")[0], serve.Groups[1].Value);
        var listen = Regex.Match(script, @"--web\.listen-address=(\S+)").Groups[1].Value;
        Assert.Contains($"http://{listen}", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolCheckConfig_DockerConfig_Succeeds()
    {
        var (exit, output) = await ToolRunner.RunAsync("promtool", ["check", "config", "prometheus.docker.yml"], workingDirectory: Path.Combine(ConfigDir, "prometheus"));

        Assert.True(exit == 0, output);
    }

    private static string Dockerfile() => File.ReadAllText(Path.Combine(ConfigDir, "docker", "Dockerfile"));

    private static Dictionary<string, YamlMappingNode> Services()
    {
        var root = Load(Path.Combine(ConfigDir, "docker-compose.yml"));
        return ((YamlMappingNode)root.Children[new YamlScalarNode("services")]).Children
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (YamlMappingNode)kv.Value);
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        [.. ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value!)];

    /// <summary>All static_configs targets under a top-level section.</summary>
    private static List<string> Targets(YamlMappingNode root, string section)
    {
        var found = new List<string>();
        void Walk(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        if (key is YamlScalarNode { Value: "targets" } && value is YamlSequenceNode targets)
                        {
                            found.AddRange(targets.Children.Select(t => ((YamlScalarNode)t).Value!));
                        }
                        else
                        {
                            Walk(value);
                        }
                    }

                    break;
                case YamlSequenceNode seq:
                    foreach (var child in seq.Children)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        Walk(root.Children[new YamlScalarNode(section)]);
        return found;
    }

    /// <summary>The config as text with its targets blanked, for comparing everything else.</summary>
    private static string Normalise(YamlMappingNode root) => TargetsRegex().Replace(Flatten(root), "targets=*");

    private static string Flatten(YamlNode node) => node switch
    {
        YamlMappingNode map => "{" + string.Join(",", map.Children.Select(kv => Flatten(kv.Key) + "=" + Flatten(kv.Value))) + "}",
        YamlSequenceNode seq => "[" + string.Join(",", seq.Children.Select(Flatten)) + "]",
        YamlScalarNode s => s.Value ?? string.Empty,
        _ => "?",
    };

    [GeneratedRegex(@"(?m)^FROM \S+ AS (\S+)$")]
    private static partial Regex StageRegex();

    [GeneratedRegex(@"(?m)^COPY (?!--from)(.+)$")]
    private static partial Regex CopyRegex();

    [GeneratedRegex(@"targets=\[[^\]]*\]")]
    private static partial Regex TargetsRegex();
}
