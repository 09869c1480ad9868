using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Storage;
using VideoRegistry.Worker.Hosting;
using VideoRegistry.Worker.Probing;
using VideoRegistry.Worker.Registry;

namespace VideoRegistry.Worker.Cli;

/// <summary>
/// <c>videoregistry probe TARGET [--tier 1|2|3] [--timeout 5s] [--format text|json] [--db PATH]</c>: one probe of one
/// stream, by URL or by registered device ID. The prober for a tier is whatever <see cref="IStreamProber"/> DI holds
/// for it, so new tiers plug in by registration; every field of <see cref="ProbeResult"/> is printed when present.
/// </summary>
public static class ProbeCommand
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "取流地址或设备编码 / stream URL or registered device ID (GB/T 28181, 20 digits)" };
        var tier = new Option<int>("--tier") { Description = "探测层级 / probe tier: 1 reach, 2 stream (ffprobe), 3 picture", DefaultValueFactory = _ => 1 };
        tier.AcceptOnlyFromAmong("1", "2", "3");
        var timeout = new Option<string?>("--timeout") { Description = "时限 / deadline, e.g. 5s, 500ms, 2m (default: 5s tier 1, 20s tier 2, 60s tier 3)" };
        var format = new Option<string>("--format") { Description = "输出格式 / output format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var db = CommonOptions.Db();
        var command = new Command("probe", "探测一路视频 / probe one stream (URL or device ID)") { target, tier, timeout, format, db };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var probeTier = (ProbeTier)parse.GetValue(tier);
            TimeSpan deadline;
            if (parse.GetValue(timeout) is { } raw)
            {
                if (!TryParseTimeout(raw, out deadline))
                {
                    await error.WriteLineAsync($"时限格式错误 '{raw}' / bad --timeout '{raw}': use e.g. 5s, 500ms, 2m (100ms..10m)");
                    return CommonOptions.BadInput;
                }
            }
            else
            {
                deadline = DefaultTimeout(probeTier);
            }

            await using var app = BuildServices(parse.GetValue(db));
            var request = new ProbeRequest(parse.GetValue(target) ?? string.Empty, probeTier, deadline, parse.GetValue(format) == "json");
            return await RunAsync(request, app.Services, output, error, ct);
        });
        return command;
    }

    internal sealed record ProbeRequest(string Target, ProbeTier Tier, TimeSpan Deadline, bool Json);

    internal static async Task<int> RunAsync(ProbeRequest request, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var prober = services.GetServices<IStreamProber>().FirstOrDefault(p => p.Tier == request.Tier);
        if (prober is null)
        {
            await error.WriteLineAsync($"第 {(int)request.Tier} 层探测未安装 / no tier {(int)request.Tier} prober is available in this build");
            return CommonOptions.BadInput;
        }

        var (endpoint, deviceId, problem) = await ResolveAsync(request.Target, services, cancellationToken);
        if (endpoint is null)
        {
            await error.WriteLineAsync(problem);
            return CommonOptions.BadInput;
        }

        var result = await prober.ProbeAsync(endpoint, request.Deadline, cancellationToken);
        if (deviceId is not null && result.SnapshotPath is { } incoming && services.GetService<SnapshotStore>() is { } snapshots)
        {
            // A registered camera's on-demand snapshot is evidence like a scheduled one; a bare URL's stays where the probe wrote it.
            result = result with { SnapshotPath = snapshots.Keep(deviceId, incoming, result.Faults.Count > 0) };
        }

        await output.WriteLineAsync(request.Json ? ToJson(endpoint, deviceId, result) : ToText(endpoint, deviceId, result));
        // A picture fault is a finding: the stream plays, but the camera needs a technician.
        return result.Ok && result.Faults.Count == 0 ? CommonOptions.Ok : CommonOptions.Findings;
    }

    /// <summary>Accepts <c>500ms</c>, <c>5s</c>, <c>2m</c> (or a bare number of seconds); 100 ms to 10 min.</summary>
    internal static bool TryParseTimeout(string? raw, out TimeSpan timeout)
    {
        timeout = TimeSpan.Zero;
        var text = raw?.Trim().ToLowerInvariant() ?? string.Empty;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        timeout = TimeSpan.FromSeconds(value * unit);
        return timeout >= TimeSpan.FromMilliseconds(100) && timeout <= TimeSpan.FromMinutes(10);
    }

    internal static TimeSpan DefaultTimeout(ProbeTier tier) => tier switch
    {
        ProbeTier.Reach => TimeSpan.FromSeconds(5),
        ProbeTier.Stream => TimeSpan.FromSeconds(20),
        _ => TimeSpan.FromSeconds(60),
    };

    internal static string ToJson(StreamEndpoint endpoint, GbDeviceId? deviceId, ProbeResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("target", endpoint.Redacted);
            if (deviceId is not null)
            {
                json.WriteString("deviceId", deviceId.ToString());
            }

            json.WriteNumber("tier", (int)result.Tier);
            json.WriteBoolean("ok", result.Ok);
            if (result.Ok)
            {
                json.WriteNull("reason");
            }
            else
            {
                json.WriteString("reason", result.Reason.ToLabel());
            }

            json.WriteString("detail", result.Detail);
            json.WriteNumber("durationMs", (long)result.Duration.TotalMilliseconds);
            json.WriteString("startedAt", result.StartedAt);
            if (result.Stream is { } s)
            {
                json.WriteStartObject("stream");
                WriteIfPresent(json, "codec", s.Codec);
                WriteIfPresent(json, "width", s.Width);
                WriteIfPresent(json, "height", s.Height);
                WriteIfPresent(json, "fps", s.Fps);
                WriteIfPresent(json, "bitRate", s.BitRate);
                json.WriteBoolean("framesArrived", s.FramesArrived);
                json.WriteEndObject();
            }

            if (result.Faults.Count > 0 || result.Tier == ProbeTier.Picture)
            {
                json.WriteStartArray("faults");
                foreach (var fault in result.Faults)
                {
                    json.WriteStringValue(fault.ToLabel());
                }

                json.WriteEndArray();
            }

            if (result.Picture is { } p)
            {
                // Tier 3 measured values sit beside "faults" (issue contract: "brightness":3.1, "frozenSeconds":5).
                WriteIfPresent(json, "brightness", p.Brightness);
                WriteIfPresent(json, "saturation", p.Saturation);
                WriteIfPresent(json, "colorCast", p.ColorCast);
                WriteIfPresent(json, "contrast", p.Contrast);
                WriteIfPresent(json, "blackSeconds", p.BlackSeconds);
                WriteIfPresent(json, "frozenSeconds", p.FrozenSeconds);
                WriteIfPresent(json, "blur", p.Blur);
                WriteIfPresent(json, "noise", p.Noise);
                json.WriteNumber("sampledSeconds", Math.Round(p.SampledSeconds, 3));
            }

            WriteIfPresent(json, "snapshot", result.SnapshotPath);
            WriteIfPresent(json, "cpuSeconds", result.CpuSeconds);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static string ToText(StreamEndpoint endpoint, GbDeviceId? deviceId, ProbeResult result)
    {
        var sb = new StringBuilder();
        sb.Append("目标 Target:    ").AppendLine(endpoint.Redacted);
        if (deviceId is not null)
        {
            sb.Append("设备 Device:    ").AppendLine(deviceId.ToString());
        }

        sb.Append("层级 Tier:      ").Append((int)result.Tier).Append(' ').AppendLine(TierName(result.Tier));
        sb.Append("结果 Result:    ").AppendLine(result.Ok
            ? "正常 OK"
            : $"失败 FAILED — {result.Reason.Describe()} ({result.Reason.ToLabel()})");
        if (!string.IsNullOrEmpty(result.Detail))
        {
            sb.Append("详情 Detail:    ").AppendLine(result.Detail);
        }

        sb.Append("耗时 Duration:  ").Append((long)result.Duration.TotalMilliseconds).AppendLine(" ms");
        if (result.Stream is { } s)
        {
            var size = s.Width is { } w && s.Height is { } h ? $" {w}x{h}" : string.Empty;
            var fps = s.Fps is { } f ? string.Create(CultureInfo.InvariantCulture, $" {f:0.##} fps") : string.Empty;
            var bitrate = s.BitRate is { } b ? $" {b / 1000} kb/s" : string.Empty;
            sb.Append("码流 Stream:    ").Append(s.Codec ?? "?").Append(size).Append(fps).AppendLine(bitrate);
        }

        if (result.Faults.Count > 0)
        {
            sb.Append("画面 Faults:    ").AppendLine(string.Join(", ", result.Faults.Select(f => f.Describe())));
        }

        if (result.Picture is { } p)
        {
            sb.Append("亮度 Brightness: ").AppendLine(Number(p.Brightness, "0.#"));
            sb.Append("饱和 Saturation: ").AppendLine(Number(p.Saturation, "0.#"));
            sb.Append("偏色 Colour cast: ").AppendLine(Number(p.ColorCast, "0.#"));
            sb.Append("模糊 Blur:      ").AppendLine(Number(p.Blur, "0.##"));
            sb.Append("噪声 Noise:     ").AppendLine(Number(p.Noise, "0.#####"));
            sb.Append("黑屏 Black:     ").Append(Number(p.BlackSeconds, "0.#")).AppendLine(" s");
            sb.Append("冻结 Frozen:    ").Append(Number(p.FrozenSeconds, "0.#")).AppendLine(" s");
            sb.Append("采样 Sampled:   ").Append(Number(p.SampledSeconds, "0.#")).AppendLine(" s");
        }

        if (result.SnapshotPath is { } snapshot)
        {
            sb.Append("截图 Snapshot:  ").AppendLine(snapshot);
        }

        if (result.CpuSeconds is { } cpu)
        {
            sb.Append("CPU 时间 CPU:   ").AppendLine(string.Create(CultureInfo.InvariantCulture, $"{cpu:0.###} s"));
        }

        return sb.ToString().TrimEnd();
    }

    private static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string TierName(ProbeTier tier) => tier switch
    {
        ProbeTier.Reach => "可达 reach",
        ProbeTier.Stream => "取流 stream",
        _ => "画面 picture",
    };

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, 3));
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    /// <summary>A URL is parsed (only allowed schemes); anything else must be a registered device ID.</summary>
    private static async Task<(StreamEndpoint? Endpoint, GbDeviceId? DeviceId, string Problem)> ResolveAsync(
        string target, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (target.Contains(':', StringComparison.Ordinal))
        {
            var parsed = StreamEndpoint.TryParse(target);
            return parsed.Ok ? (parsed.Value, null, string.Empty) : (null, null, parsed.Error!.Message);
        }

        var id = GbDeviceId.TryParse(target);
        if (!id.Ok)
        {
            return (null, null, $"既不是取流地址也不是设备编码 '{target}' / '{target}' is neither a stream URL nor a device ID: {id.Error!.Message}");
        }

        var repository = services.GetService<ICameraRepository>();
        var database = services.GetService<IOptions<StorageOptions>>()?.Value.Path;
        if (repository is null || database is null || !File.Exists(database))
        {
            return (null, id.Value, $"设备未登记 '{target}' / device '{target}' is not registered (no registry database{(database is null ? string.Empty : " at " + database)})");
        }

        await services.GetRequiredService<SqliteDatabase>().MigrateAsync(cancellationToken);
        var camera = await repository.GetAsync(id.Value!, cancellationToken);
        if (camera is null)
        {
            return (null, id.Value, $"设备未登记 '{target}' / device '{target}' is not registered");
        }

        return camera.Stream is null
            ? (null, id.Value, $"设备 '{target}' 未登记取流地址 / device '{target}' has no stream URL")
            : (camera.Stream, id.Value, string.Empty);
    }

    /// <summary>The registry and probing services without starting the host (no HTTP listener, no scheduler).</summary>
    private static WebApplication BuildServices(string? databasePath)
    {
        var args = databasePath is null ? Array.Empty<string>() : [$"--Storage:Path={databasePath}"];
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddStorage();
        builder.AddRegistry();
        builder.AddProbing();
        return builder.Build();
    }
}
