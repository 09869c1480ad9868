using System.Net;
using System.Net.Http.Json;
using static VideoRegistry.Worker.Tests.Api.ApiHost;

namespace VideoRegistry.Worker.Tests.Api;

/// <summary>Maintenance windows CRUD: the monitor sees a window at once (the camera's state becomes maintenance).</summary>
public sealed class MaintenanceApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _keyed = host.Client(Key);

    [Fact]
    public async Task Crud_CreateListGetUpdateEnd()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var created = await ApiAssert.Json(await _keyed.PostAsJsonAsync("/api/maintenance", new { scope = "camera", target = Id(3).Value, start, reason = "更换镜头 lens" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.True(created.GetProperty("active").GetBoolean());
        var camera = await ApiAssert.Json(await _keyed.GetAsync($"/api/cameras/{Id(3).Value}"));
        Assert.Equal("maintenance", camera.GetProperty("state").GetString());

        var active = await ApiAssert.Json(await _keyed.GetAsync("/api/maintenance?active=true"));
        Assert.Contains(active.EnumerateArray(), w => w.GetProperty("id").GetInt64() == id);

        var end = DateTimeOffset.UtcNow.AddHours(2);
        var updated = await ApiAssert.Json(await _keyed.PutAsJsonAsync($"/api/maintenance/{id}", new { end, reason = "更换镜头和电源 lens and power" }));
        Assert.Equal("更换镜头和电源 lens and power", updated.GetProperty("reason").GetString());
        var fetched = await ApiAssert.Json(await _keyed.GetAsync($"/api/maintenance/{id}"));
        Assert.Equal(end.ToUnixTimeMilliseconds(), fetched.GetProperty("end").GetDateTimeOffset().ToUnixTimeMilliseconds());

        var ended = await _keyed.DeleteAsync($"/api/maintenance/{id}");
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        var after = await ApiAssert.Json(await _keyed.GetAsync($"/api/maintenance/{id}"));
        Assert.False(after.GetProperty("active").GetBoolean());
        var all = await ApiAssert.Json(await _keyed.GetAsync("/api/maintenance"));
        Assert.Contains(all.EnumerateArray(), w => w.GetProperty("id").GetInt64() == id);
        camera = await ApiAssert.Json(await _keyed.GetAsync($"/api/cameras/{Id(3).Value}"));
        Assert.NotEqual("maintenance", camera.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Errors_BadInputUnknownAndNoKey()
    {
        using var anonymous = host.Client();
        var before = (await ApiAssert.Json(await _keyed.GetAsync("/api/maintenance"))).GetArrayLength();

        await ApiAssert.Problem(await _keyed.PostAsJsonAsync("/api/maintenance", new { scope = "county", target = "x", reason = "r" }), HttpStatusCode.BadRequest, "bad_scope");
        var badId = await ApiAssert.Problem(await _keyed.PostAsJsonAsync("/api/maintenance", new { scope = "camera", target = "123", reason = "r" }), HttpStatusCode.BadRequest, "bad_device_id");
        Assert.Contains("'123'", badId.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ApiAssert.Problem(await _keyed.PostAsJsonAsync("/api/maintenance", new { scope = "township", target = "甲镇", reason = " " }), HttpStatusCode.BadRequest, "reason_missing");
        await ApiAssert.Problem(await _keyed.PostAsJsonAsync("/api/maintenance", new { scope = "township", target = "甲镇", reason = "r", start = DateTimeOffset.UtcNow, end = DateTimeOffset.UtcNow.AddHours(-1) }), HttpStatusCode.BadRequest, "bad_end");
        await ApiAssert.Problem(await anonymous.PostAsJsonAsync("/api/maintenance", new { scope = "township", target = "甲镇", reason = "r" }), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await _keyed.GetAsync("/api/maintenance/99999"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await _keyed.DeleteAsync("/api/maintenance/99999"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await _keyed.PutAsJsonAsync("/api/maintenance/99999", new { reason = "r" }), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await _keyed.GetAsync("/api/maintenance/abc"), HttpStatusCode.BadRequest, "bad_window_id");
        await ApiAssert.Problem(await _keyed.GetAsync("/api/maintenance?active=maybe"), HttpStatusCode.BadRequest, "bad_flag");

        Assert.Equal(before, (await ApiAssert.Json(await _keyed.GetAsync("/api/maintenance"))).GetArrayLength());
    }
}
