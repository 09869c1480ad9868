using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using VideoRegistry.Storage;
using VideoRegistry.Tests.Support;

namespace VideoRegistry.Worker.Tests.Observability;

/// <summary>
/// The shipped dashboards and alert rules against real parts: a SQLite registry of 30 cameras in two townships, the
/// built <c>videoregistry serve</c> probing them (L1 only) against the camera simulator, a dead path and a refused port,
/// the Debian <c>prometheus</c> scraping it every second with the shipped rules plus a copy whose <c>for:</c> is
/// shortened, and <c>prometheus-alertmanager</c> with the shipped config. Every PromQL expression of
/// grafana/dashboards, config/prometheus/rules and grafana/provisioning/alerting runs through Prometheus' HTTP API.
/// </summary>
[Trait("Category", "Slow")]
[Collection(CameraSimulatorGroup.Name)]
public sealed partial class PrometheusIntegrationTests(CameraSimulator simulator) : IAsyncLifetime, IDisposable
{
    private const string TownshipA = "古浪镇";
    private const string TownshipB = "土门镇";
    private const string Nvr = "62062200001180000001";
    private const int Cameras = 30;
    /// <summary>Cameras that go dead mid-test: the class I one to a path the simulator does not serve, the others to a refused port.</summary>
    private static readonly int[] Dead = [1, 17, 30];
    private const int DeadPath = 1;
    private const int InMaintenance = 15;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(75);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-prom-" + Guid.NewGuid().ToString("N"));
    private readonly List<ChildProcess> _children = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly DateTime _deadline = DateTime.UtcNow + Budget;
    private ChildProcess? _worker;
    private ChildProcess? _prometheus;
    private ChildProcess? _alertmanager;
    private string _promUrl = string.Empty;
    private string _amUrl = string.Empty;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RealPrometheus_EveryShippedQueryRuns_KeyPanelsHaveData_AlertsFireAndInhibit()
    {
        var cameras = await SeedRegistryAsync();
        var workerPort = ChildProcess.FreeTcpPort();
        _worker = StartWorker(workerPort);
        await WaitUntilAsync("worker /metrics", async () => await GetOkAsync($"http://127.0.0.1:{workerPort}/metrics"), _worker);
        _alertmanager = StartAlertmanager();
        await WaitUntilAsync("alertmanager ready", async () => await GetOkAsync($"{_amUrl}/-/ready"), _alertmanager);
        _prometheus = StartPrometheus(workerPort);
        await WaitUntilAsync("prometheus ready", async () => await GetOkAsync($"{_promUrl}/-/ready"), _prometheus);

        // Every active camera online first; then the dead ones move to a refused port (so they have a last success),
        // go offline after N failed sweeps, and Prometheus holds a few scrapes of that state (rates need two).
        var live = cameras.Count(c => !c.Dead && !c.Maintenance);
        await WaitUntilAsync("all cameras up in Prometheus", async () => await ScalarAsync("count(videoregistry_camera_up == 1)") == live + Dead.Length, _prometheus);
        foreach (var n in Dead)
        {
            var url = n == DeadPath ? simulator.Url($"/missing/{n}") : $"rtsp://127.0.0.1:{simulator.RefusedPort}/ok/{n}";
            await ExecAsync("UPDATE cameras SET stream_url = @Url WHERE device_id = @Id", new { Url = url, Id = Id(n) });
        }

        await WaitUntilAsync("camera_up settled in Prometheus", async () =>
            await ScalarAsync("count(videoregistry_camera_up == 1)") == live
            && await ScalarAsync("count(videoregistry_camera_up == 0)") == Dead.Length
            && await ScalarAsync("min(count_over_time(videoregistry_camera_up[1m]))") >= 3
            && await ScalarAsync("sum(increase(videoregistry_probes_total{result=\"failure\"}[1m]))") > 0,
            _prometheus);

        // (a) every expression parses and runs; dashboard panels return data.
        var townships = await LabelValuesAsync("township", "videoregistry_cameras");
        Assert.Equal([TownshipA, TownshipB], townships.Order(StringComparer.Ordinal));
        await AssertEveryDashboardQueryAsync();
        await AssertEveryRuleQueryRunsAsync(PromQlCatalogue.YamlExprs(PromQlCatalogue.RulesDir));
        await AssertEveryRuleQueryRunsAsync(PromQlCatalogue.YamlExprs(PromQlCatalogue.GrafanaAlertingDir));

        await AssertOnlineRatioPerClassAsync(cameras);
        await AssertDeadCamerasTableAsync(cameras);
        await AssertCoveragePanelsAsync(cameras);
        await AssertNoUrlOrCredentialInAnyLabelAsync();

        // (b) the class I alert fires for the dead class I camera only (shortened for:), then Alertmanager groups and inhibits it.
        var classI = cameras.Single(c => c.Dead && c.Class == "I");
        var firing = await WaitForAsync("class I alert firing", async () =>
        {
            var alerts = await PrometheusAlertsAsync("VideoRegistryClassICameraOffline");
            return alerts.Count > 0 ? alerts : null;
        });
        var alert = Assert.Single(firing);
        Assert.Equal(classI.Id, alert["camera_id"]);
        Assert.Equal((classI.Name, classI.Township, classI.Village, classI.Grid), (alert["name"], alert["township"], alert["village"], alert["grid"]));
        await AssertAlertmanagerGroupsAndInhibitsAsync(classI);

        // A camera leaving the registry leaves Prometheus with its next scrape.
        await ExecAsync("UPDATE cameras SET lifecycle = 'decommissioned' WHERE device_id = @Id", new { Id = Id(Dead[2]) });
        await WaitUntilAsync("decommissioned camera gone", async () =>
            await ScalarAsync($"count(videoregistry_camera_info{{camera_id=\"{Id(Dead[2])}\"}}) or vector(0)") == 0
            && await ScalarAsync($"count(videoregistry_camera_up{{camera_id=\"{Id(Dead[2])}\"}}) or vector(0)") == 0,
            _prometheus);
    }

    public async Task DisposeAsync()
    {
        foreach (var child in _children)
        {
            child.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task AssertEveryDashboardQueryAsync()
    {
        var queries = PromQlCatalogue.Dashboards();
        Assert.True(queries.Count(q => !q.IsTemplateVariable) >= 25, $"only {queries.Count} dashboard queries found");
        var failures = new List<string>();
        // Grafana's "All" (allValue .*) as the dashboards open, and one concrete selection, to catch quoting of Chinese values.
        foreach (var selection in new[] { (Township: ".*", Class: ".*"), (Township: TownshipA, Class: "I") })
        {
            var values = GrafanaVariables(selection.Township, selection.Class);
            foreach (var q in queries)
            {
                if (q.IsTemplateVariable)
                {
                    var lv = PromQlCatalogue.LabelValues(q.Expr);
                    if (lv is not { } labelValues)
                    {
                        failures.Add($"{q}: not a label_values() query");
                        continue;
                    }

                    var found = await LabelValuesAsync(labelValues.Label, labelValues.Match);
                    if (found.Count == 0)
                    {
                        failures.Add($"{q}: no values");
                    }

                    continue;
                }

                var expr = PromQlCatalogue.Substitute(q.Expr, values);
                var (ok, result, error) = await QueryAsync(expr);
                if (!ok)
                {
                    failures.Add($"{q} → {error}");
                }
                else if (result.GetArrayLength() == 0 && !ExpectedEmpty(q.Expr))
                {
                    failures.Add($"{q} (township={selection.Township}, class={selection.Class}) → no data");
                }
            }
        }

        Assert.True(failures.Count == 0, "dashboard queries failing:\n" + string.Join('\n', failures));
    }

    /// <summary>Queries that are empty by design in this scenario: no monitor incident is open.</summary>
    private static bool ExpectedEmpty(string expr) => expr.Trim() == "videoregistry_monitor_incident";

    private async Task AssertEveryRuleQueryRunsAsync(IReadOnlyList<PromQuery> queries)
    {
        Assert.NotEmpty(queries);
        var failures = new List<string>();
        foreach (var q in queries)
        {
            var (ok, _, error) = await QueryAsync(q.Expr);
            if (!ok)
            {
                failures.Add($"{q} → {error}");
            }
        }

        Assert.True(failures.Count == 0, "rule queries failing:\n" + string.Join('\n', failures));
    }

    private async Task AssertOnlineRatioPerClassAsync(IReadOnlyList<SeededCamera> cameras)
    {
        var overview = PromQlCatalogue.Dashboards().First(q => q.File == "overview.json" && q.Where.StartsWith("在线率 Online rate", StringComparison.Ordinal));
        var (ok, result, error) = await QueryAsync(PromQlCatalogue.Substitute(overview.Expr, GrafanaVariables(".*", ".*")));
        Assert.True(ok, error);
        var byClass = result.EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetProperty("class").GetString()!, Value);
        foreach (var cls in new[] { "I", "II", "III" })
        {
            var counted = cameras.Where(c => c.Class == cls && !c.Maintenance).ToList();
            Assert.Equal((double)counted.Count(c => !c.Dead) / counted.Count, byClass[cls], 6);
        }

        Assert.Equal(3, byClass.Count);
    }

    private async Task AssertCoveragePanelsAsync(IReadOnlyList<SeededCamera> cameras)
    {
        var values = GrafanaVariables(".*", ".*");
        var coverage = PromQlCatalogue.Dashboards().Where(q => q.File == "coverage.json").ToList();

        var map = coverage.Single(q => q.Where.StartsWith("摄像机地图", StringComparison.Ordinal));
        var (ok, points, error) = await QueryAsync(PromQlCatalogue.Substitute(map.Expr, values));
        Assert.True(ok, error);
        var drawn = points.EnumerateArray().ToDictionary(p => Label(p.GetProperty("metric"), "camera_id"), p => (Value(p), p.GetProperty("metric")));
        Assert.Equal(cameras.Where(c => !c.Maintenance).Select(c => c.Id).Order(StringComparer.Ordinal), drawn.Keys.Order(StringComparer.Ordinal));
        foreach (var c in cameras.Where(c => !c.Maintenance))
        {
            var (up, metric) = drawn[c.Id];
            Assert.Equal(c.Dead ? 0 : 1, up);
            Assert.InRange(double.Parse(Label(metric, "latitude"), CultureInfo.InvariantCulture), 37.47, 37.51);
            Assert.InRange(double.Parse(Label(metric, "longitude"), CultureInfo.InvariantCulture), 102.89, 102.93);
        }

        // Grids with no working camera: the empty grid 05 of each township plus any grid whose cameras are all dead or in maintenance.
        var working = cameras.Where(c => !c.Dead && !c.Maintenance).Select(c => c.Grid).ToHashSet(StringComparer.Ordinal);
        var allGrids = new[] { TownshipA, TownshipB }.SelectMany(t => Enumerable.Range(0, 6).Select(g => GridCode(t, g))).ToList();
        var uncovered = coverage.Single(q => q.Where.StartsWith("无可用摄像机网格", StringComparison.Ordinal));
        Assert.Equal(allGrids.Count(g => !working.Contains(g)), await ScalarAsync(PromQlCatalogue.Substitute(uncovered.Expr, values)));
    }

    private async Task AssertDeadCamerasTableAsync(IReadOnlyList<SeededCamera> cameras)
    {
        var table = PromQlCatalogue.Dashboards().Where(q => q.File == "dead-cameras.json" && q.Where.StartsWith("故障清单", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, table.Count);
        var values = GrafanaVariables(".*", ".*");
        Assert.Contains("videoregistry_camera_up", table[0].Expr, StringComparison.Ordinal);
        Assert.Contains("videoregistry_camera_info", table[0].Expr, StringComparison.Ordinal);

        var (ok, rows, error) = await QueryAsync(PromQlCatalogue.Substitute(table[0].Expr, values));
        Assert.True(ok, error);
        var dead = cameras.Where(c => c.Dead).ToDictionary(c => c.Id);
        var got = rows.EnumerateArray().Select(r => r.GetProperty("metric")).ToList();
        Assert.Equal(dead.Keys.Order(StringComparer.Ordinal), got.Select(m => m.GetProperty("camera_id").GetString()!).Order(StringComparer.Ordinal));
        foreach (var m in got)
        {
            var c = dead[m.GetProperty("camera_id").GetString()!];
            Assert.Equal(
                (c.Name, c.Class, c.Township, c.Village, c.Grid),
                (Label(m, "name"), Label(m, "class"), Label(m, "township"), Label(m, "village"), Label(m, "grid")));
        }

        var (sinceOk, since, sinceError) = await QueryAsync(PromQlCatalogue.Substitute(table[1].Expr, values));
        Assert.True(sinceOk, sinceError);
        var reasons = since.EnumerateArray().ToDictionary(r => Label(r.GetProperty("metric"), "camera_id"), r => (Label(r.GetProperty("metric"), "state"), Label(r.GetProperty("metric"), "reason")));
        Assert.Equal(dead.Keys.Order(StringComparer.Ordinal), reasons.Keys.Order(StringComparer.Ordinal));
        Assert.All(reasons, r => Assert.Equal(("offline", r.Key == Id(DeadPath) ? "not_found" : "refused"), r.Value));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.All(since.EnumerateArray(), r => Assert.InRange(Value(r), now - 120_000, now));

        var (lastOk, last, lastError) = await QueryAsync(PromQlCatalogue.Substitute(table[2].Expr, values));
        Assert.True(lastOk, lastError);
        var lastSuccess = last.EnumerateArray().ToDictionary(r => Label(r.GetProperty("metric"), "camera_id"), Value);
        Assert.Equal(dead.Keys.Order(StringComparer.Ordinal), lastSuccess.Keys.Order(StringComparer.Ordinal));
        var sinceById = since.EnumerateArray().ToDictionary(r => Label(r.GetProperty("metric"), "camera_id"), Value);
        Assert.All(lastSuccess, kv => Assert.True(kv.Value <= sinceById[kv.Key], $"{kv.Key}: last success {kv.Value} after offline since {sinceById[kv.Key]}"));
    }

    private async Task AssertNoUrlOrCredentialInAnyLabelAsync()
    {
        using var names = await GetJsonAsync($"{_promUrl}/api/v1/labels?match[]={Uri.EscapeDataString("{__name__=~\"videoregistry_.*\"}")}");
        foreach (var name in names.RootElement.GetProperty("data").EnumerateArray().Select(n => n.GetString()!))
        {
            foreach (var value in await LabelValuesAsync(name, "{__name__=~\"videoregistry_.*\"}"))
            {
                Assert.DoesNotContain("://", value, StringComparison.Ordinal);
                Assert.DoesNotContain(CameraSimulator.Password, value, StringComparison.Ordinal);
                Assert.DoesNotContain("rtsp", value, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private async Task AssertAlertmanagerGroupsAndInhibitsAsync(SeededCamera classI)
    {
        var alertFilter = "alertname=\"VideoRegistryClassICameraOffline\"";
        var received = await WaitForAsync("class I alert active in Alertmanager", async () =>
        {
            var alerts = await AlertmanagerAlertsAsync(alertFilter);
            return alerts.Count == 1 && alerts[0].State == "active" ? alerts : null;
        });
        Assert.Equal(classI.Id, received[0].Labels["camera_id"]);

        // Grouping: per alert name and township (the shipped route).
        using (var groups = await GetJsonAsync($"{_amUrl}/api/v2/alerts/groups"))
        {
            var group = groups.RootElement.EnumerateArray().Single(g =>
                g.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "VideoRegistryClassICameraOffline"));
            var labels = group.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            Assert.Equal(new Dictionary<string, string?> { ["alertname"] = "VideoRegistryClassICameraOffline", ["township"] = classI.Township }, labels);
        }

        // A township incident elsewhere does not hold back this township's camera alert (inhibition `equal: [township]`)…
        await PostAlertAsync(new Dictionary<string, string>
        {
            ["alertname"] = "VideoRegistryMonitorIncident", ["kind"] = "township", ["scope"] = TownshipB, ["township"] = TownshipB,
            ["level"] = "monitor", ["severity"] = "critical",
        });
        await WaitUntilAsync("township incident received", async () => (await AlertmanagerAlertsAsync("kind=\"township\"")).Count == 1, _alertmanager!);
        Assert.Equal("active", (await AlertmanagerAlertsAsync(alertFilter)).Single().State);

        // …a canary incident (the monitor's own network) does: the per-camera alert is suppressed, not notified.
        await PostAlertAsync(new Dictionary<string, string>
        {
            ["alertname"] = "VideoRegistryMonitorIncident", ["kind"] = "canary", ["scope"] = "gateway", ["level"] = "monitor", ["severity"] = "critical",
        });
        var suppressed = await WaitForAsync("class I alert inhibited", async () =>
        {
            var alerts = await AlertmanagerAlertsAsync(alertFilter);
            return alerts.Count == 1 && alerts[0].State == "suppressed" ? alerts : null;
        });
        Assert.NotEmpty(suppressed[0].InhibitedBy);
        using var notifiable = await GetJsonAsync($"{_amUrl}/api/v2/alerts?active=true&inhibited=false&silenced=false&filter={Uri.EscapeDataString(alertFilter)}");
        Assert.Equal(0, notifiable.RootElement.GetArrayLength());
    }

    private async Task<IReadOnlyList<SeededCamera>> SeedRegistryAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_dir, "registry.db"));
        await database.MigrateAsync();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var cameras = new List<SeededCamera>();
        await using var connection = await database.OpenAsync();
        foreach (var township in new[] { TownshipA, TownshipB })
        {
            // Grid 05 of each township has no camera: an uncovered grid for the coverage panels.
            for (var g = 0; g <= 5; g++)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO grids (code, name, township, village, grid_type) VALUES (@Code, @Name, @Township, NULL, 'village')",
                    new { Code = GridCode(township, g), Name = $"{township}第{g}网格", Township = township });
            }
        }

        for (var n = 1; n <= Cameras; n++)
        {
            var township = n <= 15 ? TownshipA : TownshipB;
            var cls = (n % 3) switch { 1 => "I", 2 => "II", _ => "III" };
            var camera = new SeededCamera(
                Id(n), $"{township}{(n % 2 == 0 ? "东关村" : "西关村")}路口{n}号", cls, township, n % 2 == 0 ? "东关村" : "西关村",
                GridCode(township, n % 5), Dead.Contains(n), n == InMaintenance);
            cameras.Add(camera);
            await connection.ExecuteAsync(
                """
                INSERT INTO cameras (device_id, name, camera_class, township, village, grid, longitude, latitude, site_type, stream_url, upstream, lifecycle, created_at, updated_at)
                VALUES (@Id, @Name, @Class, @Township, @Village, @Grid, @Lon, @Lat, @SiteType, @Url, @Upstream, @Lifecycle, @Now, @Now)
                """,
                new
                {
                    camera.Id, camera.Name, Class = cls.Length == 1 ? 1 : cls.Length == 2 ? 2 : 3, camera.Township, camera.Village, camera.Grid,
                    Lon = 102.89 + (n * 0.001), Lat = 37.47 + (n * 0.001),
                    SiteType = (n % 4) switch { 0 => "school", 1 => "hospital", 2 => "market", _ => "road" },
                    Url = simulator.Url($"/ok/{n}"),
                    Upstream = n is >= 2 and <= 6 ? Nvr : null,
                    Lifecycle = camera.Maintenance ? "maintenance" : "active",
                    Now = now,
                });
        }

        return cameras;
    }

    private static string GridCode(string township, int g) => $"6206221{(township == TownshipA ? "01" : "02")}0{g:D2}";

    private static string Id(int n) => $"62062200001320{n:D6}";

    private ChildProcess StartWorker(int port)
    {
        string[] args =
        [
            "serve", "--db", Path.Combine(_dir, "registry.db"), "--urls", $"http://127.0.0.1:{port}",
            // A generous deadline: on a loaded 2-core machine a live simulator path must not time out three times in a row.
            "--Monitoring:ReachInterval=00:00:02",
            "--Monitoring:ReachDeadline=00:00:02",
            "--Monitoring:RegistryReloadInterval=00:00:01",
            "--Monitoring:HeartbeatInterval=00:00:01",
            "--Monitoring:FlushInterval=00:00:00.200",
            "--Monitoring:RollupInterval=00:00:01",
            "--Monitoring:StreamEnabled=false",
            "--Monitoring:PictureEnabled=false",
            "--Metrics:RegistryRefresh=00:00:01",
            "--Metrics:AvailabilityRefresh=00:00:01",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            "--Logging:LogLevel:Default=Warning",
        ];
        return Start(Path.Combine(AppContext.BaseDirectory, "videoregistry"), args);
    }

    private ChildProcess StartAlertmanager()
    {
        var port = ChildProcess.FreeTcpPort();
        _amUrl = $"http://127.0.0.1:{port}";
        return Start(ToolRunner.Require("prometheus-alertmanager"),
        [
            "--config.file=" + Path.Combine(ToolRunner.RepoRoot, "config", "alertmanager", "alertmanager.yml"),
            "--storage.path=" + Path.Combine(_dir, "alertmanager"),
            $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
            "--log.level=warn",
        ]);
    }

    private ChildProcess StartPrometheus(int workerPort)
    {
        // The shipped rules as they are, plus a copy with every `for:` shortened so alerts fire within the test.
        var fastRules = Path.Combine(_dir, "rules-fast");
        Directory.CreateDirectory(fastRules);
        foreach (var file in Directory.GetFiles(PromQlCatalogue.RulesDir, "*.yml"))
        {
            var text = ForRegex().Replace(File.ReadAllText(file), "$1for: 1s");
            Assert.Contains("for: 1s", text, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(fastRules, Path.GetFileName(file)), text);
        }

        var port = ChildProcess.FreeTcpPort();
        _promUrl = $"http://127.0.0.1:{port}";
        var config = $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(PromQlCatalogue.RulesDir, "*.yml")}
              - {Path.Combine(fastRules, "*.yml")}
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["{new Uri(_amUrl).Authority}"]
            scrape_configs:
              - job_name: videoregistry
                scrape_timeout: 1s
                static_configs:
                  - targets: ["127.0.0.1:{workerPort}"]
            """;
        var configFile = Path.Combine(_dir, "prometheus.yml");
        File.WriteAllText(configFile, config);
        return Start(ToolRunner.Require("prometheus"),
        [
            "--config.file=" + configFile,
            "--storage.tsdb.path=" + Path.Combine(_dir, "tsdb"),
            $"--web.listen-address=127.0.0.1:{port}",
            "--rules.alert.resend-delay=1s",
            "--log.level=warn",
        ]);
    }

    private ChildProcess Start(string fileName, string[] args)
    {
        var child = new ChildProcess(fileName, args, _dir);
        _children.Add(child);
        return child;
    }

    private static Dictionary<string, string> GrafanaVariables(string township, string cls) => new(StringComparer.Ordinal)
    {
        ["township"] = township,
        ["class"] = cls,
        ["datasource"] = "videoregistry-prometheus",
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__interval_ms"] = "15000",
        ["__range"] = "5m",
        ["__range_s"] = "300",
        ["__range_ms"] = "300000",
    };

    private async Task<(bool Ok, JsonElement Result, string Error)> QueryAsync(string expr)
    {
        using var response = await _http.PostAsync($"{_promUrl}/api/v1/query", new FormUrlEncodedContent([new("query", expr)]));
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.GetProperty("status").GetString() != "success")
        {
            return (false, default, body);
        }

        var data = doc.RootElement.GetProperty("data");
        var result = data.GetProperty("result").Clone();
        // Scalars come back as [time, "value"]: one value, count it as one row.
        return data.GetProperty("resultType").GetString() == "scalar"
            ? (true, JsonDocument.Parse("[{\"metric\":{},\"value\":" + result.GetRawText() + "}]").RootElement.Clone(), string.Empty)
            : (true, result, string.Empty);
    }

    private async Task<double> ScalarAsync(string expr)
    {
        var (ok, result, error) = await QueryAsync(expr);
        Assert.True(ok, $"{expr}: {error}");
        return result.GetArrayLength() == 0 ? double.NaN : Value(result[0]);
    }

    private async Task<List<string>> LabelValuesAsync(string label, string? match)
    {
        var url = $"{_promUrl}/api/v1/label/{Uri.EscapeDataString(label)}/values" + (match is null ? string.Empty : "?match[]=" + Uri.EscapeDataString(match));
        using var doc = await GetJsonAsync(url);
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetString()!)];
    }

    private async Task<List<Dictionary<string, string>>> PrometheusAlertsAsync(string alertName)
    {
        using var doc = await GetJsonAsync($"{_promUrl}/api/v1/alerts");
        return [.. doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("state").GetString() == "firing")
            .Select(a => a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!))
            .Where(l => l["alertname"] == alertName)];
    }

    private async Task<List<AmAlert>> AlertmanagerAlertsAsync(string filter)
    {
        using var doc = await GetJsonAsync($"{_amUrl}/api/v2/alerts?filter={Uri.EscapeDataString(filter)}");
        return [.. doc.RootElement.EnumerateArray().Select(a => new AmAlert(
            a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            a.GetProperty("status").GetProperty("state").GetString()!,
            [.. a.GetProperty("status").GetProperty("inhibitedBy").EnumerateArray().Select(x => x.GetString()!)]))];
    }

    private async Task PostAlertAsync(Dictionary<string, string> labels)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new[] { new { labels, startsAt = now.AddSeconds(-5), endsAt = now.AddMinutes(5) } };
        using var response = await _http.PostAsJsonAsync($"{_amUrl}/api/v2/alerts", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        var body = await _http.GetStringAsync(url);
        return JsonDocument.Parse(body);
    }

    private async Task<bool> GetOkAsync(string url)
    {
        try
        {
            using var response = await _http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private async Task ExecAsync(string sql, object args)
    {
        await using var connection = await new SqliteDatabase(Path.Combine(_dir, "registry.db")).OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    private async Task WaitUntilAsync(string what, Func<Task<bool>> condition, ChildProcess watched)
    {
        while (DateTime.UtcNow < _deadline)
        {
            if (await condition())
            {
                return;
            }

            Assert.False(watched.HasExited, $"{what}: process exited:\n{watched.Output}");
            await Task.Delay(250);
        }

        Assert.Fail($"{what}: not reached within the test budget of {Budget}.\nworker:\n{Tail(_worker)}\nprometheus:\n{Tail(_prometheus)}\nalertmanager:\n{Tail(_alertmanager)}");
    }

    private async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe)
        where T : class
    {
        T? value = null;
        await WaitUntilAsync(what, async () => (value = await probe()) is not null, _prometheus!);
        return value!;
    }

    private static string Tail(ChildProcess? child) => child is null ? "(not started)" : string.Join('\n', child.Lines.TakeLast(30));

    private static double Value(JsonElement sample) => double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    private static string Label(JsonElement metric, string name) => metric.TryGetProperty(name, out var v) ? v.GetString()! : string.Empty;

    [GeneratedRegex(@"(?m)^(\s+)for:\s*\S+")]
    private static partial Regex ForRegex();

    private sealed record SeededCamera(string Id, string Name, string Class, string Township, string Village, string Grid, bool Dead, bool Maintenance);

    private sealed record AmAlert(Dictionary<string, string> Labels, string State, List<string> InhibitedBy);
}
