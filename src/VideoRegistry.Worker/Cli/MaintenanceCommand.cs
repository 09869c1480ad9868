using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;

namespace VideoRegistry.Worker.Cli;

/// <summary>
/// <c>videoregistry maintenance add|list|end</c>: planned work on a camera, everything behind an upstream, or a
/// township. The running service picks windows up on its next registry reload; their time leaves the denominator.
/// </summary>
public static class MaintenanceCommand
{
    public static Command Create()
    {
        var command = new Command("maintenance", "维修窗口 / maintenance windows (add, list, end)");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(End());
        return command;
    }

    private static Command Add()
    {
        var db = CommonOptions.Db();
        var camera = new Option<string?>("--camera") { Description = "设备编码 / camera device ID" };
        var upstream = new Option<string?>("--upstream") { Description = "上级设备编码 (NVR/平台) / upstream device ID: every camera behind it" };
        var township = new Option<string?>("--township") { Description = "乡镇(街道) / township: every camera in it" };
        var from = new Option<string?>("--from") { Description = "开始时间 / start (ISO 8601; default now; no offset = local time)" };
        var to = new Option<string?>("--to") { Description = "结束时间 / end (ISO 8601)" };
        var hours = new Option<double?>("--hours") { Description = "持续小时数 / duration in hours (instead of --to)" };
        var reason = new Option<string?>("--reason") { Description = "原因 / reason (required)" };
        var command = new Command("add", "添加维修窗口 / add a maintenance window") { db, camera, upstream, township, from, to, hours, reason };
        command.SetAction(async (parse, ct) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var scopes = new List<(MaintenanceScope Scope, string Target)>();
            if (parse.GetValue(camera) is { } c)
            {
                scopes.Add((MaintenanceScope.Camera, c));
            }

            if (parse.GetValue(upstream) is { } u)
            {
                scopes.Add((MaintenanceScope.Upstream, u));
            }

            if (parse.GetValue(township) is { } t)
            {
                scopes.Add((MaintenanceScope.Township, t.Trim()));
            }

            if (scopes.Count != 1)
            {
                return Fail("请且只请指定一个范围 / give exactly one of --camera, --upstream, --township");
            }

            var (scope, target) = scopes[0];
            if (scope != MaintenanceScope.Township)
            {
                var id = GbDeviceId.TryParse(target);
                if (!id.Ok)
                {
                    return Fail(id.Error!.Message);
                }

                target = id.Value!.Value;
            }
            else if (target.Length == 0)
            {
                return Fail("乡镇名称为空 / township name is empty");
            }

            if (string.IsNullOrWhiteSpace(parse.GetValue(reason)))
            {
                return Fail("请填写原因 / --reason is required");
            }

            var start = now;
            if (parse.GetValue(from) is { } f && !TryParseTime(f, out start))
            {
                return Fail($"无法识别的开始时间 / cannot read --from '{f}' (ISO 8601, e.g. 2026-11-24T08:00+08:00)");
            }

            DateTimeOffset? end = null;
            if (parse.GetValue(to) is { } e)
            {
                if (!TryParseTime(e, out var parsedEnd))
                {
                    return Fail($"无法识别的结束时间 / cannot read --to '{e}' (ISO 8601)");
                }

                end = parsedEnd;
            }

            if (parse.GetValue(hours) is { } h)
            {
                if (end is not null || h <= 0 || h > 24 * 366)
                {
                    return Fail("--hours 须为正数且不能与 --to 同用 / --hours must be positive and not combined with --to");
                }

                end = start.AddHours(h);
            }

            if (end is { } endAt && endAt <= start)
            {
                return Fail("结束时间须晚于开始时间 / the end must be after the start");
            }

            var store = new MaintenanceStore(await OpenAsync(parse.GetValue(db), ct));
            var window = await store.AddAsync(scope, target, start, end, parse.GetValue(reason)!.Trim(), now, ct);
            Console.WriteLine($"已添加维修窗口 / maintenance window added: #{window.Id} {Describe(window)}");
            return CommonOptions.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Db();
        var active = new Option<bool>("--active") { Description = "只列出当前生效的 / only windows in force now" };
        var format = new Option<string>("--format") { Description = "table | json", DefaultValueFactory = _ => "table" };
        var command = new Command("list", "列出维修窗口 / list maintenance windows") { db, active, format };
        command.SetAction(async (parse, ct) =>
        {
            var fmt = parse.GetValue(format);
            if (fmt is not ("table" or "json"))
            {
                return Fail($"未知格式 / unknown --format '{fmt}' (table, json)");
            }

            var now = TimeProvider.System.GetUtcNow();
            var store = new MaintenanceStore(await OpenAsync(parse.GetValue(db), ct));
            var windows = await store.ListAsync(parse.GetValue(active) ? now : null, ct);
            if (fmt == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(windows.Select(w => new
                {
                    id = w.Id,
                    scope = w.Scope.ToLabel(),
                    target = w.Target,
                    start = w.Start,
                    end = w.End,
                    reason = w.Reason,
                    active = w.IsActive(now),
                }), JsonOptions));
                return CommonOptions.Ok;
            }

            if (windows.Count == 0)
            {
                Console.WriteLine("没有维修窗口 / no maintenance windows");
                return CommonOptions.Ok;
            }

            Console.WriteLine("编号 ID | 状态 State | 范围 Scope | 对象 Target | 开始 Start (UTC) | 结束 End (UTC) | 原因 Reason");
            foreach (var w in windows)
            {
                var state = w.IsActive(now) ? "生效 active" : w.Start > now ? "计划 planned" : "结束 ended";
                Console.WriteLine(string.Join(" | ", w.Id.ToString(CultureInfo.InvariantCulture), state, w.Scope.ToLabel(), w.Target, Format(w.Start), w.End is { } e ? Format(e) : "—", w.Reason));
            }

            return CommonOptions.Ok;
        });
        return command;
    }

    private static Command End()
    {
        var db = CommonOptions.Db();
        var id = new Argument<long>("id") { Description = "维修窗口编号 / window ID (from list)" };
        var command = new Command("end", "结束维修窗口 / end a maintenance window now") { db, id };
        command.SetAction(async (parse, ct) =>
        {
            var store = new MaintenanceStore(await OpenAsync(parse.GetValue(db), ct));
            var windowId = parse.GetValue(id);
            if (!await store.EndAsync(windowId, TimeProvider.System.GetUtcNow(), ct))
            {
                return Fail($"没有编号为 {windowId} 的维修窗口 / no maintenance window #{windowId}");
            }

            Console.WriteLine($"维修窗口 #{windowId} 已结束 / maintenance window #{windowId} ended");
            return CommonOptions.Ok;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    private static async Task<SqliteDatabase> OpenAsync(string? path, CancellationToken ct)
    {
        var config = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var database = new SqliteDatabase(path ?? config["Storage:Path"] ?? "var/videoregistry.db");
        await database.MigrateAsync(ct);
        return database;
    }

    private static bool TryParseTime(string raw, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(raw.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out at);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Describe(MaintenanceWindow w) =>
        $"{w.Scope.ToLabel()} {w.Target}, {Format(w.Start)} – {(w.End is { } e ? Format(e) : "open")} UTC, {w.Reason}";

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return CommonOptions.BadInput;
    }
}
