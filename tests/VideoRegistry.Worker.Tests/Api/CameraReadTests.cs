using System.Net;
using System.Text;
using System.Text.Json;
using static VideoRegistry.Worker.Tests.Api.ApiHost;

namespace VideoRegistry.Worker.Tests.Api;

/// <summary>Read endpoints over the seeded registry: filters, paging, detail, history, export, errors, credentials never shown.</summary>
public sealed class CameraReadTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _client = host.Client();

    [Fact]
    public async Task List_NoFilter_AllCamerasWithTotalAndStates()
    {
        var page = await ApiAssert.Json(await _client.GetAsync("/api/cameras"));

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal([Id(1).Value, Id(2).Value, Id(3).Value, Id(4).Value, Id(5).Value], ApiAssert.Ids(page));
        var states = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("state").GetString()).ToList();
        Assert.Equal(["online", "offline", "degraded", "unknown", "decommissioned"], states);
        var first = page.GetProperty("items")[0];
        Assert.True(first.GetProperty("hasCredentials").GetBoolean());
        Assert.StartsWith("rtsp://***@127.0.0.1:", first.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("class=I", new[] { 1, 2 })]
    [InlineData("class=二类", new[] { 3, 5 })]
    [InlineData("township=乙镇", new[] { 3, 4, 5 })]
    [InlineData("village=甲镇一村", new[] { 1, 2 })]
    [InlineData("grid=G2", new[] { 3, 5 })]
    [InlineData("status=offline", new[] { 2 })]
    [InlineData("status=degraded&township=乙镇", new[] { 3 })]
    [InlineData("reason=black", new[] { 3 })]
    [InlineData("reason=refused", new[] { 2 })]
    [InlineData("lifecycle=decommissioned", new[] { 5 })]
    [InlineData("q=学校", new[] { 3 })]
    [InlineData("q=0000004", new[] { 4 })]
    public async Task List_Filter_ReturnsMatchingCameras(string query, int[] expected)
    {
        var page = await ApiAssert.Json(await _client.GetAsync("/api/cameras?" + query));

        Assert.Equal(expected.Select(n => Id(n).Value), ApiAssert.Ids(page));
        Assert.Equal(expected.Length, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_Paging_TotalCountsAllMatches()
    {
        var page = await ApiAssert.Json(await _client.GetAsync("/api/cameras?offset=1&limit=2"));
        var filtered = await ApiAssert.Json(await _client.GetAsync("/api/cameras?township=乙镇&status=unknown&limit=1"));

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal([Id(2).Value, Id(3).Value], ApiAssert.Ids(page));
        Assert.Equal(1, filtered.GetProperty("total").GetInt32());
        Assert.Equal([Id(4).Value], ApiAssert.Ids(filtered));
    }

    [Theory]
    [InlineData("class=IV", "bad_class", "IV")]
    [InlineData("status=asleep", "bad_status", "asleep")]
    [InlineData("reason=gremlins", "bad_reason", "gremlins")]
    [InlineData("limit=0", "bad_limit", "0")]
    [InlineData("limit=5000", "bad_limit", "5000")]
    [InlineData("offset=-3", "bad_offset", "-3")]
    [InlineData("lifecycle=sold", "bad_lifecycle", "sold")]
    public async Task List_BadFilter_400NamingTheValue(string query, string code, string value)
    {
        var problem = await ApiAssert.Problem(await _client.GetAsync("/api/cameras?" + query), HttpStatusCode.BadRequest, code);

        Assert.Contains($"'{value}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Camera_RegistryStateProbesAndStreamFactsWithoutCredentials()
    {
        var camera = await ApiAssert.Json(await _client.GetAsync($"/api/cameras/{Id(1).Value}"));

        Assert.Equal("甲镇", camera.GetProperty("township").GetString());
        Assert.Equal("I", camera.GetProperty("class").GetString());
        Assert.Equal("online", camera.GetProperty("state").GetString());
        Assert.Equal(host.SeededAt.AddHours(-5).ToUnixTimeMilliseconds(), camera.GetProperty("since").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal($"rtsp://***@127.0.0.1:{host.Responder.Port}/digest-qop", camera.GetProperty("streamUrl").GetString());
        var probes = camera.GetProperty("probes").EnumerateArray().ToList();
        Assert.Equal([1, 2], probes.Select(p => p.GetProperty("tier").GetInt32()));
        Assert.All(probes, p => Assert.True(p.GetProperty("ok").GetBoolean()));
        // Stream facts come from the most recent probe that measured them (the L1 probe, one minute ago).
        Assert.Equal(640, camera.GetProperty("streamFacts").GetProperty("width").GetInt32());
        Assert.Equal("h264", camera.GetProperty("streamFacts").GetProperty("codec").GetString());
    }

    [Fact]
    public async Task Get_OfflineCamera_ReasonAndFailedProbe()
    {
        var camera = await ApiAssert.Json(await _client.GetAsync($"/api/cameras/{Id(2).Value}"));

        Assert.Equal("offline", camera.GetProperty("state").GetString());
        Assert.Equal("refused", camera.GetProperty("reason").GetString());
        Assert.Contains("Refused", camera.GetProperty("reasonText").GetString(), StringComparison.OrdinalIgnoreCase);
        var probe = camera.GetProperty("probes")[0];
        Assert.False(probe.GetProperty("ok").GetBoolean());
        Assert.Equal("refused", probe.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("6206220000132000000")]
    [InlineData("62062200001320000001x")]
    public async Task Get_BadId_400WithReason(string id)
    {
        var problem = await ApiAssert.Problem(await _client.GetAsync($"/api/cameras/{id}"), HttpStatusCode.BadRequest, "bad_device_id");

        Assert.Contains($"'{id}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, problem.GetProperty("value").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Get_UnknownId_404()
    {
        var problem = await ApiAssert.Problem(await _client.GetAsync($"/api/cameras/{Id(999).Value}"), HttpStatusCode.NotFound, "not_found");
        await ApiAssert.Problem(await _client.GetAsync($"/api/cameras/{Id(999).Value}/history"), HttpStatusCode.NotFound, "not_found");
        await ApiAssert.Problem(await _client.GetAsync("/api/cameras/bad-id/history"), HttpStatusCode.BadRequest, "bad_device_id");

        Assert.Contains(Id(999).Value, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_NewestFirstPaged()
    {
        var all = await ApiAssert.Json(await _client.GetAsync($"/api/cameras/{Id(2).Value}/history"));
        var second = await ApiAssert.Json(await _client.GetAsync($"/api/cameras/{Id(2).Value}/history?offset=1&limit=1"));

        Assert.Equal(2, all.GetProperty("total").GetInt32());
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(("online", "offline", "refused"), (items[0].GetProperty("from").GetString(), items[0].GetProperty("to").GetString(), items[0].GetProperty("reason").GetString()));
        Assert.Equal(("unknown", "online"), (items[1].GetProperty("from").GetString(), items[1].GetProperty("to").GetString()));
        Assert.Equal(2, second.GetProperty("total").GetInt32());
        Assert.Equal("unknown", second.GetProperty("items")[0].GetProperty("from").GetString());
        await ApiAssert.Problem(await _client.GetAsync($"/api/cameras/{Id(2).Value}/history?limit=x"), HttpStatusCode.BadRequest, "bad_limit");
    }

    [Fact]
    public async Task Export_Csv_BomChineseHeadersNoCredentials()
    {
        var response = await _client.GetAsync("/api/cameras/export?format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("设备编码,设备名称,点位类别", text, StringComparison.Ordinal);
        Assert.Equal(6, text.Split("\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"rtsp://127.0.0.1:{host.Responder.Port}/digest-qop", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(RtspResponderUser, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Json_ViewsWithoutCredentials()
    {
        var list = await ApiAssert.Json(await _client.GetAsync("/api/cameras/export?format=json"));
        var byAccept = await _client.GetAsync("/api/cameras/export");

        Assert.Equal(5, list.GetArrayLength());
        Assert.Equal("application/json", byAccept.Content.Headers.ContentType?.MediaType);
        await ApiAssert.Problem(await _client.GetAsync("/api/cameras/export?format=xlsx"), HttpStatusCode.BadRequest, "bad_format");
    }

    [Fact]
    public async Task Reads_Open_WithoutKey()
    {
        using var anonymous = host.Factory.CreateClient();

        var response = await anonymous.GetAsync("/api/cameras");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_ListsEveryEndpoint()
    {
        var document = await ApiAssert.Json(await _client.GetAsync("/openapi/v1.json"));
        var paths = document.GetProperty("paths");

        var expected = new (string Path, string Method)[]
        {
            ("/api/cameras", "get"), ("/api/cameras", "post"), ("/api/cameras/{id}", "get"), ("/api/cameras/{id}", "put"),
            ("/api/cameras/{id}", "delete"), ("/api/cameras/import", "post"), ("/api/cameras/export", "get"),
            ("/api/cameras/{id}/history", "get"), ("/api/cameras/{id}/probe", "post"), ("/api/maintenance", "get"),
            ("/api/maintenance", "post"), ("/api/maintenance/{windowId}", "get"), ("/api/maintenance/{windowId}", "put"),
            ("/api/maintenance/{windowId}", "delete"), ("/api/reports/dead", "get"), ("/api/reports/coverage", "get"),
            ("/api/reports/uptime", "get"), ("/api/cameras/{id}/snapshot", "get"),
        };
        foreach (var (path, method) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"OpenAPI document lacks {path}");
            Assert.True(item.TryGetProperty(method, out _), $"OpenAPI document lacks {method.ToUpperInvariant()} {path}");
        }

        var apiPaths = paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name))).ToList();
        Assert.Equal(expected.Length, apiPaths.Count);
    }

    private const string RtspResponderUser = "viewer:";
}
