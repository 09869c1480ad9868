using System.Globalization;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Health;
using VideoRegistry.Storage.Health;
using VideoRegistry.Worker.Monitoring;

namespace VideoRegistry.Worker.Api;

/// <summary>/api/maintenance: maintenance windows (维修窗口) per camera, upstream device or township.</summary>
internal static class MaintenanceEndpoints
{
    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder writes)
    {
        reads.MapGet("/maintenance", ListAsync).WithName("ListMaintenance").WithSummary("Maintenance windows, newest first; ?active=true for those in force now")
            .Produces<IReadOnlyList<MaintenanceView>>().ProducesProblem(400);
        reads.MapGet("/maintenance/{windowId}", GetAsync).WithName("GetMaintenance").WithSummary("One maintenance window")
            .Produces<MaintenanceView>().ProducesProblem(400).ProducesProblem(404);
        writes.MapPost("/maintenance", CreateAsync).WithName("CreateMaintenance").WithSummary("Open a maintenance window")
            .Accepts<MaintenanceInput>("application/json").Produces<MaintenanceView>(201).ProducesProblem(400).ProducesProblem(413);
        writes.MapPut("/maintenance/{windowId}", UpdateAsync).WithName("UpdateMaintenance").WithSummary("Change a window's start, end and reason")
            .Accepts<MaintenanceInput>("application/json").Produces<MaintenanceView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);
        writes.MapDelete("/maintenance/{windowId}", EndAsync).WithName("EndMaintenance").WithSummary("End a window now (kept for the uptime history)")
            .Produces(204).ProducesProblem(400).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(string? active, MaintenanceStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var onlyActive = CameraEndpoints.Blank(active)?.ToLowerInvariant() switch
        {
            null or "false" or "0" => (bool?)false,
            "true" or "1" => true,
            _ => null,
        };
        if (onlyActive is null)
        {
            return ApiProblems.BadRequest("bad_flag", $"参数 active 无效 '{ApiProblems.Shorten(active)}' / bad active '{ApiProblems.Shorten(active)}': expected true or false");
        }

        var windows = await store.ListAsync(onlyActive.Value ? now : null, cancellationToken);
        return Results.Ok(windows.Select(w => MaintenanceView.From(w, now)).ToList());
    }

    private static async Task<IResult> GetAsync(string windowId, MaintenanceStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryId(windowId, out var id, out var problem))
        {
            return problem;
        }

        return await store.GetAsync(id, cancellationToken) is { } w
            ? Results.Ok(MaintenanceView.From(w, time.GetUtcNow()))
            : ApiProblems.NotFound("maintenance window", windowId);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, MaintenanceStore store, CameraMonitor monitor, TimeProvider time, IOptionsMonitor<ApiOptions> options, CancellationToken cancellationToken)
    {
        var (input, problem) = await CameraEndpoints.ReadJsonAsync<MaintenanceInput>(http, options.CurrentValue.MaxBodyBytes, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var now = time.GetUtcNow();
        if (!MaintenanceScopeLabels.TryParse(input.Scope, out var scope))
        {
            return ApiProblems.BadRequest("bad_scope", $"范围无效 '{ApiProblems.Shorten(input.Scope)}' / bad scope '{ApiProblems.Shorten(input.Scope)}': expected camera, upstream or township");
        }

        var target = CameraEndpoints.Blank(input.Target);
        if (target is null)
        {
            return ApiProblems.BadRequest("target_missing", "缺少目标 / target is empty: a device ID (camera, upstream) or a township name");
        }

        if (scope is MaintenanceScope.Camera or MaintenanceScope.Upstream && !ApiProblems.TryDeviceId(target, out _, out var idProblem))
        {
            return idProblem;
        }

        var start = input.Start ?? now;
        if (Check(start, input.End, input.Reason) is { } invalid)
        {
            return invalid;
        }

        var window = await store.AddAsync(scope, target, start, input.End, input.Reason!.Trim(), now, cancellationToken);
        await monitor.ReloadAsync(cancellationToken);
        return Results.Created($"/api/maintenance/{window.Id}", MaintenanceView.From(window, now));
    }

    private static async Task<IResult> UpdateAsync(string windowId, HttpContext http, MaintenanceStore store, CameraMonitor monitor, TimeProvider time, IOptionsMonitor<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (!TryId(windowId, out var id, out var idProblem))
        {
            return idProblem;
        }

        var (input, problem) = await CameraEndpoints.ReadJsonAsync<MaintenanceInput>(http, options.CurrentValue.MaxBodyBytes, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return ApiProblems.NotFound("maintenance window", windowId);
        }

        var start = input.Start ?? existing.Start;
        var reason = input.Reason ?? existing.Reason;
        if (Check(start, input.End, reason) is { } invalid)
        {
            return invalid;
        }

        await store.UpdateAsync(id, start, input.End, reason.Trim(), cancellationToken);
        await monitor.ReloadAsync(cancellationToken);
        return Results.Ok(MaintenanceView.From(existing with { Start = start, End = input.End, Reason = reason.Trim() }, time.GetUtcNow()));
    }

    private static async Task<IResult> EndAsync(string windowId, MaintenanceStore store, CameraMonitor monitor, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryId(windowId, out var id, out var problem))
        {
            return problem;
        }

        if (!await store.EndAsync(id, time.GetUtcNow(), cancellationToken))
        {
            return ApiProblems.NotFound("maintenance window", windowId);
        }

        await monitor.ReloadAsync(cancellationToken);
        return Results.NoContent();
    }

    private static IResult? Check(DateTimeOffset start, DateTimeOffset? end, string? reason)
    {
        if (end is { } e && e <= start)
        {
            return ApiProblems.BadRequest("bad_end", $"结束时间须晚于开始时间 / end ({e:O}) must be after start ({start:O})");
        }

        return string.IsNullOrWhiteSpace(reason)
            ? ApiProblems.BadRequest("reason_missing", "请填写维修原因 / reason is empty: say why (e.g. 线路改造 line works)")
            : null;
    }

    private static bool TryId(string raw, out long id, out IResult problem)
    {
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0)
        {
            problem = Results.Empty;
            return true;
        }

        problem = ApiProblems.BadRequest("bad_window_id", $"维修窗口编号无效 '{ApiProblems.Shorten(raw)}' / bad maintenance window id '{ApiProblems.Shorten(raw)}': expected a positive whole number",
            new Dictionary<string, object?> { ["value"] = ApiProblems.Shorten(raw) });
        return false;
    }
}
