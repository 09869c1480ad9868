using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using VideoRegistry.Probing.Picture;
using static VideoRegistry.Worker.Tests.Api.ApiHost;

namespace VideoRegistry.Worker.Tests.Api;

/// <summary>/api/reports over the seeded fleet: JSON, CSV by Accept or ?format, bilingual headers with a BOM, errors.</summary>
public sealed class ReportApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _client = host.Client();

    [Fact]
    public async Task Dead_Json_OfflineAndDegradedByClassWithSnapshotLinks()
    {
        // Camera 2 has a kept L3 snapshot, camera 3 none: only camera 2 links one (no dead links for a technician).
        var jpeg = Path.Combine(Path.GetTempPath(), $"vr-snap-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(jpeg, [0xFF, 0xD8, 0xFF, 0xD9]);
        Assert.NotNull(host.Factory.Services.GetRequiredService<SnapshotStore>().Keep(Id(2), jpeg, faulted: false));

        var report = await ApiAssert.Json(await _client.GetAsync("/api/reports/dead"));

        Assert.Equal((1, 1), (report.GetProperty("offline").GetInt32(), report.GetProperty("degraded").GetInt32()));
        var rows = report.GetProperty("cameras").EnumerateArray().ToList();
        Assert.Equal([Id(2).Value, Id(3).Value], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(("offline", "refused"), (rows[0].GetProperty("state").GetString(), rows[0].GetProperty("reason").GetString()));
        Assert.Equal($"/api/cameras/{Id(2).Value}/snapshot", rows[0].GetProperty("snapshot").GetString());
        Assert.False(rows[1].TryGetProperty("snapshot", out var none) && none.ValueKind == System.Text.Json.JsonValueKind.String, rows[1].ToString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(rows[0].GetProperty("snapshot").GetString())).StatusCode);
        Assert.Equal(("甲镇", "G1"), (rows[0].GetProperty("township").GetString(), rows[0].GetProperty("grid").GetString()));
        Assert.InRange(rows[0].GetProperty("durationSeconds").GetDouble(), 7_200, 7_200 + 600);
    }

    [Fact]
    public async Task Dead_CsvByAcceptAndByFormat_BomBilingualHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/dead");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var byAccept = await _client.SendAsync(request);
        var byFormat = await _client.GetAsync("/api/reports/dead?format=csv");

        foreach (var response in new[] { byAccept, byFormat })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
            Assert.Contains("设备编码 Device ID,名称 Name,类别 Class", text, StringComparison.Ordinal);
            Assert.Contains(Id(2).Value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Id(1).Value, text, StringComparison.Ordinal);
        }

        var json = await _client.GetAsync("/api/reports/dead?format=json");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        await ApiAssert.Problem(await _client.GetAsync("/api/reports/dead?format=pdf"), HttpStatusCode.BadRequest, "bad_format");
    }

    [Fact]
    public async Task Coverage_Json_GridGapsAndTownships()
    {
        var report = await ApiAssert.Json(await _client.GetAsync("/api/reports/coverage"));

        var gaps = report.GetProperty("gridGaps").EnumerateArray().ToDictionary(g => g.GetProperty("grid").GetString()!, g => g.GetProperty("status").GetString());
        Assert.Equal("no_camera", gaps["G3"]);
        Assert.Equal("below_required", gaps["G2"]);  // C3 degraded still shows the place; C5 decommissioned does not count
        Assert.False(gaps.ContainsKey("G1"));
        var yi = report.GetProperty("townships").EnumerateArray().Single(t => t.GetProperty("township").GetString() == "乙镇");
        Assert.Equal((2, 1), (yi.GetProperty("grids").GetInt32(), yi.GetProperty("coveredGrids").GetInt32()));

        var csv = await _client.GetAsync("/api/reports/coverage?format=csv");
        Assert.Contains("网格编码 Grid", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uptime_PeriodAndGrouping_JsonAndCsv()
    {
        var from = Uri.EscapeDataString(host.SeededAt.AddHours(-6).ToString("O"));
        var to = Uri.EscapeDataString(host.SeededAt.ToString("O"));

        var report = await ApiAssert.Json(await _client.GetAsync($"/api/reports/uptime?from={from}&to={to}&groupBy=class"));
        var csv = await _client.GetAsync($"/api/reports/uptime?from={from}&to={to}&groupBy=camera&format=csv");

        Assert.Equal("class", report.GetProperty("groupBy").GetString());
        Assert.Equal(["I", "II", "III"], report.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        var classI = report.GetProperty("groups")[0];
        // C1: unknown 1 h then online 5 h; C2: unknown 1 h, online 3 h, offline 2 h → 8 h up of 12.
        Assert.Equal(8 * 3600, classI.GetProperty("onlineSeconds").GetDouble(), 0);
        Assert.Equal(2 * 3600, classI.GetProperty("offlineSeconds").GetDouble(), 0);
        Assert.Equal(8.0 / 12, classI.GetProperty("onlineRate").GetDouble(), 6);
        Assert.Equal(1, classI.GetProperty("outages").GetInt32());
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("在线率 Online rate", text, StringComparison.Ordinal);
        Assert.Contains(Id(2).Value + ",1,50.00%", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("groupBy=street", "bad_group_by", "street")]
    [InlineData("from=yesterday", "bad_period", "yesterday")]
    [InlineData("from=2026-11-02&to=2026-11-01", "bad_period", "2026-11-01")]
    [InlineData("from=2020-01-01&to=2026-01-01", "bad_period", "2020-01-01")]
    public async Task Uptime_BadInput_400NamingTheValue(string query, string code, string value)
    {
        var problem = await ApiAssert.Problem(await _client.GetAsync("/api/reports/uptime?" + query), HttpStatusCode.BadRequest, code);

        Assert.Contains(value, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_KeyRequiredByConfiguration_401WithoutAnd200With()
    {
        await using var keyed = host.Factory.WithWebHostBuilder(b => b.UseSetting("Api:RequireKeyForReads", "true"));
        using var anonymous = keyed.CreateClient();
        using var withKey = keyed.CreateClient();
        withKey.DefaultRequestHeaders.Add("X-Api-Key", Key);
        using var wrong = keyed.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "nope");

        await ApiAssert.Problem(await anonymous.GetAsync("/api/reports/dead"), HttpStatusCode.Unauthorized, "api_key_missing");
        await ApiAssert.Problem(await wrong.GetAsync("/api/cameras"), HttpStatusCode.Forbidden, "api_key_invalid");
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/api/reports/dead")).StatusCode);
    }
}
