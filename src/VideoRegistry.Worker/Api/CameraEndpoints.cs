using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Import;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;
using VideoRegistry.Storage.Import;
using VideoRegistry.Worker.Monitoring;

namespace VideoRegistry.Worker.Api;

/// <summary>/api/cameras: list, detail, register, edit, decommission, import, export, history and on-demand probe.</summary>
internal static class CameraEndpoints
{
    private const int DefaultLimit = 50;

    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder writes)
    {
        reads.MapGet("/cameras", ListAsync).WithName("ListCameras").WithSummary("Cameras with filters and paging")
            .Produces<Page<CameraView>>().ProducesProblem(400);
        reads.MapGet("/cameras/export", ExportAsync).WithName("ExportCameras").WithSummary("The registry as CSV (UTF-8 BOM, Chinese headers) or JSON; never credentials")
            .Produces<IReadOnlyList<CameraView>>(200, "application/json", "text/csv").ProducesProblem(400);
        reads.MapGet("/cameras/{id}", GetAsync).WithName("GetCamera").WithSummary("One camera: registry fields, current state, last probes per tier, stream facts")
            .Produces<CameraDetail>().ProducesProblem(400).ProducesProblem(404);
        reads.MapGet("/cameras/{id}/history", HistoryAsync).WithName("CameraHistory").WithSummary("State transitions with reasons, newest first, paged")
            .Produces<Page<HistoryItem>>().ProducesProblem(400).ProducesProblem(404);

        writes.MapPost("/cameras", CreateAsync).WithName("CreateCamera").WithSummary("Register a camera")
            .Accepts<CameraInput>("application/json").Produces<CameraView>(201).ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
        writes.MapPut("/cameras/{id}", UpdateAsync).WithName("UpdateCamera").WithSummary("Edit a camera (full replacement of the registry fields)")
            .Accepts<CameraInput>("application/json").Produces<CameraView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);
        writes.MapDelete("/cameras/{id}", DecommissionAsync).WithName("DecommissionCamera").WithSummary("Decommission (soft delete): history is kept")
            .Produces(204).ProducesProblem(400).ProducesProblem(404);
        writes.MapPost("/cameras/import", ImportAsync).WithName("ImportCameras").WithSummary("CSV upload (raw text/csv or multipart file); dryRun, skipInvalid; the CLI import report")
            .Accepts<string>("text/csv", "multipart/form-data").Produces<ImportReport>().ProducesProblem(400).ProducesProblem(413);
        writes.MapPost("/cameras/{id}/probe", ProbeAsync).WithName("ProbeCamera").WithSummary("Probe now (tier 1 reach, 2 stream, 3 picture) and apply the result")
            .Produces<ProbeAnswer>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
    }

    private static async Task<IResult> ListAsync(
        [FromQuery(Name = "class")] string? cameraClass,
        string? township,
        string? village,
        string? grid,
        string? status,
        string? reason,
        string? lifecycle,
        string? q,
        string? offset,
        string? limit,
        ICameraRepository cameras,
        IHealthView health,
        CancellationToken cancellationToken)
    {
        if (ApiBodies.Paging(offset, limit, DefaultLimit, CameraQuery.MaxLimit, out var skip, out var take) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var query = new CameraQuery { Township = Blank(township), Village = Blank(village), Grid = Blank(grid), Text = Blank(q) };
        if (Blank(cameraClass) is { } rawClass)
        {
            var parsed = CameraClassParser.TryParse(rawClass);
            if (!parsed.Ok)
            {
                return ApiProblems.BadRequest("bad_class", $"类别无效 '{ApiProblems.Shorten(rawClass)}' / bad class '{ApiProblems.Shorten(rawClass)}': {parsed.Error!.Message}");
            }

            query = query with { Class = parsed.Value };
        }

        if (Blank(lifecycle) is { } rawLifecycle)
        {
            var parsed = CameraLifecycleParser.TryParse(rawLifecycle);
            if (!parsed.Ok)
            {
                return ApiProblems.BadRequest("bad_lifecycle", $"状态无效 '{ApiProblems.Shorten(rawLifecycle)}' / bad lifecycle '{ApiProblems.Shorten(rawLifecycle)}': {parsed.Error!.Message}");
            }

            query = query with { Lifecycle = parsed.Value };
        }

        HealthState? wantedState = null;
        if (Blank(status) is { } rawStatus)
        {
            if (!HealthStateLabels.TryParse(rawStatus, out var s))
            {
                return ApiProblems.BadRequest("bad_status", $"状态无效 '{ApiProblems.Shorten(rawStatus)}' / bad status '{ApiProblems.Shorten(rawStatus)}': expected online, degraded, offline, unknown, maintenance or decommissioned");
            }

            wantedState = s;
        }

        ProbeReason? wantedReason = null;
        if (Blank(reason) is { } rawReason)
        {
            if (!ProbeReasonLabels.TryParse(rawReason, out var r))
            {
                return ApiProblems.BadRequest("bad_reason", $"原因无效 '{ApiProblems.Shorten(rawReason)}' / bad reason '{ApiProblems.Shorten(rawReason)}': expected a reason label such as timeout, refused, auth, black");
            }

            wantedReason = r;
        }

        if (wantedState is null && wantedReason is null)
        {
            var total = await cameras.CountAsync(query, cancellationToken);
            var page = await cameras.ListAsync(query with { Offset = skip, Limit = take }, cancellationToken);
            return Results.Ok(new Page<CameraView>(total, skip, take, [.. page.Select(c => CameraView.From(c, health.Get(c.DeviceId)))]));
        }

        // Health filters: walk the registry matches in pages (same filter semantics as above) and keep those whose state fits.
        var matches = new List<CameraView>();
        for (var from = 0; ; from += CameraQuery.MaxLimit)
        {
            var chunk = await cameras.ListAsync(query with { Offset = from, Limit = CameraQuery.MaxLimit }, cancellationToken);
            foreach (var camera in chunk)
            {
                var view = CameraView.From(camera, health.Get(camera.DeviceId));
                var h = health.Get(camera.DeviceId);
                if ((wantedState is null || view.State == wantedState.Value.ToLabel())
                    && (wantedReason is null || (h is not null && (h.Reason == wantedReason || h.Faults.Contains(wantedReason.Value)))))
                {
                    matches.Add(view);
                }
            }

            if (chunk.Count < CameraQuery.MaxLimit)
            {
                break;
            }
        }

        return Results.Ok(new Page<CameraView>(matches.Count, skip, take, [.. matches.Skip(skip).Take(take)]));
    }

    private static async Task<IResult> GetAsync(string id, ICameraRepository cameras, IHealthView health, HealthStore store, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryDeviceId(id, out var deviceId, out var problem))
        {
            return problem;
        }

        var camera = await cameras.GetAsync(deviceId, cancellationToken);
        if (camera is null)
        {
            return ApiProblems.NotFound("camera", deviceId.Value);
        }

        var probes = await store.LatestProbesAsync(deviceId, cancellationToken);
        return Results.Ok(CameraDetail.From(camera, health.Get(deviceId), probes));
    }

    private static async Task<IResult> HistoryAsync(string id, string? offset, string? limit, ICameraRepository cameras, HealthStore store, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryDeviceId(id, out var deviceId, out var problem))
        {
            return problem;
        }

        if (ApiBodies.Paging(offset, limit, DefaultLimit, 1000, out var skip, out var take) is { } pagingProblem)
        {
            return pagingProblem;
        }

        if (await cameras.GetAsync(deviceId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("camera", deviceId.Value);
        }

        var (total, items) = await store.TransitionPageAsync(deviceId, skip, take, cancellationToken);
        return Results.Ok(new Page<HistoryItem>(total, skip, take, [.. items.Select(t => new HistoryItem(
            t.At, t.From.ToLabel(), t.To.ToLabel(), t.Reason, ProbeReasonLabels.TryParse(t.Reason, out var r) ? r.Describe() : t.Reason))]));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ICameraRepository cameras, CameraMonitor monitor, IOptionsMonitor<ApiOptions> options, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadJsonAsync<CameraInput>(http, options.CurrentValue.MaxBodyBytes, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var (camera, invalid) = Validate(input, null);
        if (camera is null)
        {
            return invalid!;
        }

        if (await cameras.GetAsync(camera.DeviceId, cancellationToken) is not null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "camera_exists",
                $"设备编码已登记 '{camera.DeviceId.Value}' / camera '{camera.DeviceId.Value}' is already registered: use PUT /api/cameras/{camera.DeviceId.Value}",
                new Dictionary<string, object?> { ["value"] = camera.DeviceId.Value });
        }

        await cameras.UpsertAsync([camera], new ImportAudit("api", "POST /api/cameras", Caller(http)), cancellationToken);
        await monitor.ReloadAsync(cancellationToken);
        return Results.Created($"/api/cameras/{camera.DeviceId.Value}", CameraView.From(camera, monitor.Get(camera.DeviceId)));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, ICameraRepository cameras, CameraMonitor monitor, IOptionsMonitor<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryDeviceId(id, out var deviceId, out var idProblem))
        {
            return idProblem;
        }

        var (input, problem) = await ReadJsonAsync<CameraInput>(http, options.CurrentValue.MaxBodyBytes, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        if (input.DeviceId is { Length: > 0 } bodyId && !string.Equals(bodyId.Trim(), deviceId.Value, StringComparison.Ordinal))
        {
            return ApiProblems.BadRequest("device_id_mismatch", $"请求体设备编码 '{ApiProblems.Shorten(bodyId)}' 与路径 '{deviceId.Value}' 不符 / body deviceId '{ApiProblems.Shorten(bodyId)}' differs from the path '{deviceId.Value}'");
        }

        var existing = await cameras.GetAsync(deviceId, cancellationToken);
        if (existing is null)
        {
            return ApiProblems.NotFound("camera", deviceId.Value);
        }

        var (camera, invalid) = Validate(input with { DeviceId = deviceId.Value }, existing);
        if (camera is null)
        {
            return invalid!;
        }

        await cameras.UpsertAsync([camera], new ImportAudit("api", $"PUT /api/cameras/{deviceId.Value}", Caller(http)), cancellationToken);
        await monitor.ReloadAsync(cancellationToken);
        return Results.Ok(CameraView.From(camera, monitor.Get(camera.DeviceId)));
    }

    private static async Task<IResult> DecommissionAsync(string id, HttpContext http, ICameraRepository cameras, CameraMonitor monitor, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryDeviceId(id, out var deviceId, out var problem))
        {
            return problem;
        }

        if (!await cameras.DecommissionAsync(deviceId, Caller(http), cancellationToken))
        {
            return ApiProblems.NotFound("camera", deviceId.Value);
        }

        await monitor.ReloadAsync(cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> ImportAsync(
        HttpContext http,
        string? dryRun,
        string? skipInvalid,
        string? county,
        RegistryImporter importer,
        CameraMonitor monitor,
        IOptionsMonitor<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!TryFlag(dryRun, "dryRun", out var dry, out var flagProblem) || !TryFlag(skipInvalid, "skipInvalid", out var skip, out flagProblem))
        {
            return flagProblem!;
        }

        var limit = options.CurrentValue.MaxUploadBytes;
        var (body, tooLarge) = await ApiBodies.ReadAsync(http.Request, limit, cancellationToken);
        if (body is null)
        {
            return tooLarge!;
        }

        await using var _ = body;
        var fileName = "upload.csv";
        Stream content = body;
        if (http.Request.HasFormContentType)
        {
            http.Request.Body = body;
            var form = await http.Request.ReadFormAsync(cancellationToken);
            var file = form.Files.Count > 0 ? form.Files[0] : null;
            if (file is null)
            {
                return ApiProblems.BadRequest("file_missing", "未上传文件 / the multipart form has no file part: send the CSV as a file field");
            }

            fileName = Path.GetFileName(file.FileName);
            content = file.OpenReadStream();
        }

        var report = await importer.ImportAsync(content, new ImportOptions
        {
            Kind = ImportKind.Cameras,
            County = Blank(county),
            DryRun = dry,
            SkipInvalid = skip,
            SourceName = fileName,
            ImportedBy = Caller(http),
        }, cancellationToken);
        if (report.Committed)
        {
            await monitor.ReloadAsync(cancellationToken);
        }

        if (report.Error is not null || (report.Rejected > 0 && !skip))
        {
            var detail = report.Error is { } e
                ? $"导入文件无效 / the file was not imported: {e.Message}"
                : $"{report.Rejected} 行有误，未导入任何数据 / {report.Rejected} of {report.Total} rows were rejected; nothing was imported (fix them, or pass skipInvalid=true)";
            return ApiProblems.BadRequest(report.Error?.Code ?? "rows_rejected", detail, new Dictionary<string, object?>
            {
                ["report"] = JsonSerializer.Deserialize<JsonElement>(report.ToJson()),
            });
        }

        return Results.Text(report.ToJson(), "application/json; charset=utf-8");
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string? format, ICameraRepository cameras, IHealthView health, CancellationToken cancellationToken)
    {
        if (!ApiFormats.TryCsv(http.Request, format, out var csv, out var problem, defaultCsv: true))
        {
            return problem!;
        }

        var all = await cameras.ListAllAsync(cancellationToken);
        if (!csv)
        {
            return Results.Ok(all.Select(c => CameraView.From(c, health.Get(c.DeviceId))).ToList());
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        RegistryCsvWriter.WriteCameras(writer, all, includeCredentials: false);
        return ApiFormats.Csv(writer.ToString(), "cameras.csv");
    }

    private static async Task<IResult> ProbeAsync(string id, string? tier, ICameraRepository cameras, IOnDemandProber prober, CameraMonitor monitor, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryDeviceId(id, out var deviceId, out var problem))
        {
            return problem;
        }

        var probeTier = ProbeTier.Reach;
        if (Blank(tier) is { } rawTier)
        {
            if (rawTier is not ("1" or "2" or "3"))
            {
                return ApiProblems.BadRequest("bad_tier", $"探测层级无效 '{ApiProblems.Shorten(rawTier)}' / bad tier '{ApiProblems.Shorten(rawTier)}': expected 1 (reach), 2 (stream) or 3 (picture)");
            }

            probeTier = (ProbeTier)int.Parse(rawTier, CultureInfo.InvariantCulture);
        }

        var camera = await cameras.GetAsync(deviceId, cancellationToken);
        if (camera is null)
        {
            return ApiProblems.NotFound("camera", deviceId.Value);
        }

        if (camera.Stream is null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "no_stream_url", $"摄像机 '{deviceId.Value}' 未登记取流地址 / camera '{deviceId.Value}' has no stream URL to probe");
        }

        if (monitor.Find(deviceId) is null)
        {
            await monitor.ReloadAsync(cancellationToken);
        }

        var result = await prober.ProbeNowAsync(deviceId, probeTier, cancellationToken);
        if (result is null)
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "tier_unavailable", $"第 {(int)probeTier} 层探测不可用 / no tier {(int)probeTier} prober is running in this service");
        }

        var at = result.StartedAt == default ? DateTimeOffset.UtcNow : result.StartedAt;
        return Results.Ok(new ProbeAnswer(deviceId.Value, ProbeView.From(result, at), (monitor.Get(deviceId)?.State ?? HealthState.Unknown).ToLabel()));
    }

    /// <summary>
    /// Validates a JSON camera with the import's row rules (one implementation of what a valid camera is). On PUT,
    /// credentials not given are kept when the stream URL is the stored one (GET never shows them, so a client
    /// editing the name must not wipe them).
    /// </summary>
    internal static (Camera? Camera, IResult? Problem) Validate(CameraInput input, Camera? existing)
    {
        var user = input.Username;
        var pass = input.Password;
        if (existing?.Stream is { HasCredentials: true } stored && user is null && pass is null && input.StreamUrl is { } url
            && (string.Equals(url.Trim(), stored.UrlWithoutCredentials, StringComparison.Ordinal) || string.Equals(url.Trim(), stored.Redacted, StringComparison.Ordinal)))
        {
            input = input with { StreamUrl = stored.UrlWithoutCredentials };
            user = stored.UserName;
            pass = stored.Password;
        }

        var columns = RegistryColumns.Camera;
        var map = HeaderMap.Resolve([.. columns.Select(c => c.EnglishHeader)], columns);
        string? Value(string field) => field switch
        {
            "device_id" => input.DeviceId,
            "name" => input.Name,
            "class" => input.Class,
            "township" => input.Township,
            "village" => input.Village,
            "grid" => input.Grid,
            "longitude" => input.Longitude?.ToString("R", CultureInfo.InvariantCulture),
            "latitude" => input.Latitude?.ToString("R", CultureInfo.InvariantCulture),
            "coord_system" => input.CoordSystem,
            "site_type" => input.SiteType,
            "owner" => input.Owner,
            "stream_url" => input.StreamUrl,
            "username" => user,
            "password" => pass,
            "upstream" => input.Upstream,
            "status" => input.Status,
            _ => null,
        };
        var record = new CsvRecord(1, [.. columns.Select(c => Value(c.Field) ?? string.Empty)]);
        var verdict = RegistryRowValidator.ValidateCamera(1, record, map, null);
        if (verdict.Accepted)
        {
            return (verdict.Value, null);
        }

        var errors = verdict.Errors.Select(e => new { field = e.Field, code = e.Code, message = e.Message }).ToList();
        return (null, ApiProblems.BadRequest("camera_invalid",
            "摄像机信息有误 / invalid camera: " + string.Join("; ", verdict.Errors.Select(e => $"{e.Field}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = errors }));
    }

    internal static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http, long limit, CancellationToken cancellationToken)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "json_expected", "请求体须为 JSON / send the body as application/json"));
        }

        var (body, tooLarge) = await ApiBodies.ReadAsync(http.Request, limit, cancellationToken);
        if (body is null)
        {
            return (null, tooLarge);
        }

        await using var _ = body;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(body, JsonSerializerOptions.Web, cancellationToken);
            return value is null
                ? (null, ApiProblems.BadRequest("body_missing", "请求体为空 / the request body is empty"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.BadRequest("bad_json", $"JSON 格式错误 / malformed JSON at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): expected the documented fields and types"));
        }
    }

    internal static string Caller(HttpContext http) => http.Items.TryGetValue(ApiKeyFilter.CallerItem, out var caller) && caller is string s ? s : "api";

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryFlag(string? raw, string name, out bool value, out IResult? problem)
    {
        problem = null;
        value = false;
        switch (Blank(raw)?.ToLowerInvariant())
        {
            case null or "false" or "0":
                return true;
            case "true" or "1" or "":
                value = true;
                return true;
            default:
                problem = ApiProblems.BadRequest("bad_flag", $"参数 {name} 无效 '{ApiProblems.Shorten(raw)}' / bad {name} '{ApiProblems.Shorten(raw)}': expected true or false");
                return false;
        }
    }
}

/// <summary>JSON or CSV: <c>?format=csv|json</c> wins, then <c>Accept: text/csv</c>.</summary>
internal static class ApiFormats
{
    public static bool TryCsv(HttpRequest request, string? format, out bool csv, out IResult? problem, bool defaultCsv = false)
    {
        problem = null;
        csv = defaultCsv;
        switch (CameraEndpoints.Blank(format)?.ToLowerInvariant())
        {
            case "csv":
                csv = true;
                return true;
            case "json":
                csv = false;
                return true;
            case null:
                var accept = request.Headers.Accept.ToString();
                if (accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase))
                {
                    csv = true;
                }
                else if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
                {
                    csv = false;
                }

                return true;
            default:
                problem = ApiProblems.BadRequest("bad_format", $"格式无效 '{ApiProblems.Shorten(format)}' / bad format '{ApiProblems.Shorten(format)}': expected csv or json");
                return false;
        }
    }

    /// <summary>CSV as Excel on Chinese Windows opens it: UTF-8 with a BOM.</summary>
    public static IResult Csv(string text, string fileName) => Results.File(
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        "text/csv; charset=utf-8",
        fileName);

    public static IResult CsvBytes(byte[] bytes, string fileName) => Results.File(bytes, "text/csv; charset=utf-8", fileName);
}
