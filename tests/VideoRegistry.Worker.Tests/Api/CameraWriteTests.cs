using System.Net;
using System.Net.Http.Json;
using System.Text;
using VideoRegistry.Core.Registry;
using static VideoRegistry.Worker.Tests.Api.ApiHost;

namespace VideoRegistry.Worker.Tests.Api;

/// <summary>
/// Writes: API key (401/403 and nothing changed), register, edit (credentials kept), decommission, CSV import
/// (dry run, all-or-nothing, 413), on-demand L1 probe against the in-process RTSP responder.
/// </summary>
public sealed class CameraWriteTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _keyed = host.Client(Key);

    private static object NewCamera(int n, string? streamUrl = null) => new
    {
        deviceId = Id(n).Value,
        name = $"新建点位{n}",
        @class = "II",
        township = "丙镇",
        grid = "G9",
        longitude = 103.2,
        latitude = 37.6,
        streamUrl,
    };

    [Fact]
    public async Task Create_WithoutKey_401AndNothingChanged()
    {
        using var anonymous = host.Client();

        await ApiAssert.Problem(await anonymous.PostAsJsonAsync("/api/cameras", NewCamera(101)), HttpStatusCode.Unauthorized, "api_key_missing");

        Assert.Null(await host.Cameras.GetAsync(Id(101), default));
    }

    [Fact]
    public async Task Create_WrongKey_403AndNothingChanged()
    {
        using var wrong = host.Client("test-key-5f2c9b");

        var problem = await ApiAssert.Problem(await wrong.PostAsJsonAsync("/api/cameras", NewCamera(102)), HttpStatusCode.Forbidden, "api_key_invalid");

        Assert.Null(await host.Cameras.GetAsync(Id(102), default));
        Assert.DoesNotContain("test-key", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithKey_201ThenListedAndConflictOnRepeat()
    {
        using var second = host.Client(OtherKey);

        var created = await ApiAssert.Json(await second.PostAsJsonAsync("/api/cameras", NewCamera(103, "rtsp://cam:s3cr3t-pw@127.0.0.1:1/x")), HttpStatusCode.Created);
        var again = await _keyed.PostAsJsonAsync("/api/cameras", NewCamera(103));

        Assert.Equal(Id(103).Value, created.GetProperty("deviceId").GetString());
        Assert.Equal("rtsp://***@127.0.0.1:1/x", created.GetProperty("streamUrl").GetString());
        Assert.DoesNotContain("s3cr3t", created.ToString(), StringComparison.Ordinal);
        var stored = await host.Cameras.GetAsync(Id(103), default);
        Assert.Equal(("新建点位103", CameraClass.II, "s3cr3t-pw"), (stored!.Name, stored.Class, stored.Stream!.Password));
        await ApiAssert.Problem(again, HttpStatusCode.Conflict, "camera_exists");
        var listed = await ApiAssert.Json(await _keyed.GetAsync("/api/cameras?township=丙镇&q=103"));
        Assert.Equal([Id(103).Value], ApiAssert.Ids(listed));
    }

    [Fact]
    public async Task Create_Invalid_400WithFieldErrorsAndNothingChanged()
    {
        var body = new { deviceId = Id(104).Value, name = "", @class = "IV", township = "丙镇", streamUrl = "file:///etc/passwd" };

        var problem = await ApiAssert.Problem(await _keyed.PostAsJsonAsync("/api/cameras", body), HttpStatusCode.BadRequest, "camera_invalid");

        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("name", fields);
        Assert.Contains("class", fields);
        Assert.Contains("stream_url", fields);
        Assert.Null(await host.Cameras.GetAsync(Id(104), default));
    }

    [Fact]
    public async Task Create_MalformedJsonOrOversized_400And413()
    {
        using var malformed = new StringContent("{\"deviceId\": ", Encoding.UTF8, "application/json");
        using var huge = new StringContent("{\"name\":\"" + new string('x', 10_000) + "\"}", Encoding.UTF8, "application/json");

        await ApiAssert.Problem(await _keyed.PostAsync("/api/cameras", malformed), HttpStatusCode.BadRequest, "bad_json");
        await ApiAssert.Problem(await _keyed.PostAsync("/api/cameras", huge), HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Fact]
    public async Task Update_ChangesFieldsKeepsCredentials()
    {
        await ApiAssert.Json(await _keyed.PostAsJsonAsync("/api/cameras", NewCamera(105, "rtsp://cam:keep-me-9@127.0.0.1:2/y")), HttpStatusCode.Created);
        var current = await ApiAssert.Json(await _keyed.GetAsync($"/api/cameras/{Id(105).Value}"));

        var edit = new { name = "改名点位", @class = "I", township = "丙镇", streamUrl = current.GetProperty("streamUrl").GetString() };
        var updated = await ApiAssert.Json(await _keyed.PutAsJsonAsync($"/api/cameras/{Id(105).Value}", edit));

        Assert.Equal(("改名点位", "I"), (updated.GetProperty("name").GetString(), updated.GetProperty("class").GetString()));
        var stored = await host.Cameras.GetAsync(Id(105), default);
        Assert.Equal(("cam", "keep-me-9", "rtsp://127.0.0.1:2/y"), (stored!.Stream!.UserName, stored.Stream.Password, stored.Stream.UrlWithoutCredentials));
    }

    [Fact]
    public async Task Update_Errors_404UnknownAndMismatchAndNoKey()
    {
        using var anonymous = host.Client();
        var edit = new { name = "x", @class = "I", township = "丙镇" };

        await ApiAssert.Problem(await _keyed.PutAsJsonAsync($"/api/cameras/{Id(998).Value}", edit), HttpStatusCode.NotFound, "not_found");
        await ApiAssert.Problem(await _keyed.PutAsJsonAsync($"/api/cameras/{Id(1).Value}", new { deviceId = Id(2).Value, name = "x", @class = "I", township = "甲镇" }), HttpStatusCode.BadRequest, "device_id_mismatch");
        await ApiAssert.Problem(await _keyed.PutAsJsonAsync("/api/cameras/12345", edit), HttpStatusCode.BadRequest, "bad_device_id");
        await ApiAssert.Problem(await anonymous.PutAsJsonAsync($"/api/cameras/{Id(1).Value}", edit), HttpStatusCode.Unauthorized);

        Assert.Equal("甲镇重点集镇1号", (await host.Cameras.GetAsync(Id(1), default))!.Name);
    }

    [Fact]
    public async Task Delete_Decommissions_KeepsCameraAndHistory()
    {
        using var anonymous = host.Client();
        await ApiAssert.Json(await _keyed.PostAsJsonAsync("/api/cameras", NewCamera(106)), HttpStatusCode.Created);

        await ApiAssert.Problem(await anonymous.DeleteAsync($"/api/cameras/{Id(106).Value}"), HttpStatusCode.Unauthorized);
        Assert.Equal(CameraLifecycle.Active, (await host.Cameras.GetAsync(Id(106), default))!.Lifecycle);

        var response = await _keyed.DeleteAsync($"/api/cameras/{Id(106).Value}");
        var after = await ApiAssert.Json(await _keyed.GetAsync($"/api/cameras/{Id(106).Value}"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("decommissioned", after.GetProperty("lifecycle").GetString());
        Assert.Equal("decommissioned", after.GetProperty("state").GetString());
        await ApiAssert.Problem(await _keyed.DeleteAsync($"/api/cameras/{Id(997).Value}"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await _keyed.DeleteAsync("/api/cameras/not-an-id"), HttpStatusCode.BadRequest, "bad_device_id");
    }

    private static string Csv(params int[] serials)
    {
        var sb = new StringBuilder("设备编码,设备名称,点位类别,乡镇(街道),网格编码,取流地址,用户名,密码\r\n");
        foreach (var n in serials)
        {
            sb.Append(Id(n).Value).Append(",导入点位").Append(n).Append(",一类,丁镇,G8,rtsp://127.0.0.1:3/").Append(n).Append(",admin,imp-secret-").Append(n).Append("\r\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task Import_DryRunThenCommit_ReportLikeTheCli()
    {
        using var content = new StringContent(Csv(201, 202), Encoding.UTF8, "text/csv");
        var dry = await ApiAssert.Json(await _keyed.PostAsync("/api/cameras/import?dryRun=true", content));
        Assert.Null(await host.Cameras.GetAsync(Id(201), default));

        using var again = new StringContent(Csv(201, 202), Encoding.UTF8, "text/csv");
        var report = await ApiAssert.Json(await _keyed.PostAsync("/api/cameras/import", again));

        Assert.Equal((2, 2, true, false), (dry.GetProperty("total").GetInt32(), dry.GetProperty("accepted").GetInt32(), dry.GetProperty("dryRun").GetBoolean(), dry.GetProperty("committed").GetBoolean()));
        Assert.Equal((2, true), (report.GetProperty("inserted").GetInt32(), report.GetProperty("committed").GetBoolean()));
        Assert.Equal("imp-secret-202", (await host.Cameras.GetAsync(Id(202), default))!.Stream!.Password);
        Assert.DoesNotContain("imp-secret", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_Multipart_FileField()
    {
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(211)));
        file.Headers.ContentType = new("text/csv");
        form.Add(file, "file", "台账.csv");

        var report = await ApiAssert.Json(await _keyed.PostAsync("/api/cameras/import", form));

        Assert.Equal("台账.csv", report.GetProperty("file").GetString());
        Assert.Equal(1, report.GetProperty("inserted").GetInt32());
    }

    [Fact]
    public async Task Import_MalformedRow_400WithRowErrorsAndNothingImported()
    {
        var csv = Csv(221, 222) + "62062200001320ABC223,坏行,五类,丁镇,G8,,,\r\n";
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");

        var problem = await ApiAssert.Problem(await _keyed.PostAsync("/api/cameras/import", content), HttpStatusCode.BadRequest, "rows_rejected");

        var report = problem.GetProperty("report");
        Assert.Equal((3, 1, false), (report.GetProperty("total").GetInt32(), report.GetProperty("rejected").GetInt32(), report.GetProperty("committed").GetBoolean()));
        var bad = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("status").GetString() == "rejected");
        Assert.Equal(4, bad.GetProperty("line").GetInt32());
        var fields = bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("device_id", fields);
        Assert.Contains("class", fields);
        Assert.Null(await host.Cameras.GetAsync(Id(221), default));
        Assert.DoesNotContain("imp-secret", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingColumns_400FileError()
    {
        using var content = new StringContent("名称,备注\r\n甲,乙\r\n", Encoding.UTF8, "text/csv");

        var problem = await ApiAssert.Problem(await _keyed.PostAsync("/api/cameras/import", content), HttpStatusCode.BadRequest);

        Assert.NotNull(problem.GetProperty("report").GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Import_Oversized_413AndNothingImported()
    {
        var csv = Csv([.. Enumerable.Range(300, 200)]);
        Assert.True(Encoding.UTF8.GetByteCount(csv) > UploadLimit);
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");

        await ApiAssert.Problem(await _keyed.PostAsync("/api/cameras/import", content), HttpStatusCode.RequestEntityTooLarge, "body_too_large");

        Assert.Null(await host.Cameras.GetAsync(Id(300), default));
    }

    [Fact]
    public async Task Import_WithoutKey_401AndNothingImported()
    {
        using var anonymous = host.Client();
        using var content = new StringContent(Csv(231), Encoding.UTF8, "text/csv");

        await ApiAssert.Problem(await anonymous.PostAsync("/api/cameras/import", content), HttpStatusCode.Unauthorized);

        Assert.Null(await host.Cameras.GetAsync(Id(231), default));
    }

    [Fact]
    public async Task Probe_DigestCameraWithStoredCredentials_OkAndStreamFacts()
    {
        var answer = await ApiAssert.Json(await _keyed.PostAsync($"/api/cameras/{Id(1).Value}/probe?tier=1", null));

        var result = answer.GetProperty("result");
        Assert.True(result.GetProperty("ok").GetBoolean(), answer.ToString());
        Assert.Equal(1, result.GetProperty("tier").GetInt32());
        Assert.Equal("h264", result.GetProperty("stream").GetProperty("codec").GetString());
        Assert.Equal("online", answer.GetProperty("state").GetString());
        Assert.True(host.Responder.Authorized > 0);
    }

    [Fact]
    public async Task Probe_RefusedCamera_ResultWithReason()
    {
        var answer = await ApiAssert.Json(await _keyed.PostAsync($"/api/cameras/{Id(2).Value}/probe", null));

        Assert.False(answer.GetProperty("result").GetProperty("ok").GetBoolean());
        Assert.Equal("refused", answer.GetProperty("result").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Probe_Errors()
    {
        using var anonymous = host.Client();

        await ApiAssert.Problem(await _keyed.PostAsync($"/api/cameras/{Id(4).Value}/probe", null), HttpStatusCode.Conflict, "no_stream_url");
        await ApiAssert.Problem(await _keyed.PostAsync($"/api/cameras/{Id(1).Value}/probe?tier=7", null), HttpStatusCode.BadRequest, "bad_tier");
        await ApiAssert.Problem(await _keyed.PostAsync($"/api/cameras/{Id(996).Value}/probe", null), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await _keyed.PostAsync("/api/cameras/xyz/probe", null), HttpStatusCode.BadRequest, "bad_device_id");
        await ApiAssert.Problem(await anonymous.PostAsync($"/api/cameras/{Id(1).Value}/probe", null), HttpStatusCode.Unauthorized);
    }
}
