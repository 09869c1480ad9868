using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Api;

/// <summary>problem+json answers: a stable <c>code</c> extension and a bilingual detail naming the bad value.</summary>
internal static class ApiProblems
{
    public static IResult Problem(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                all[key] = value;
            }
        }

        return Results.Problem(detail: detail, statusCode: status, title: Title(status), extensions: all);
    }

    public static IResult BadRequest(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status400BadRequest, code, detail, extensions);

    public static IResult NotFound(string what, string value) =>
        Problem(StatusCodes.Status404NotFound, "not_found", $"未找到 / no {what} '{value}'", new Dictionary<string, object?> { ["value"] = value });

    public static IResult TooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"请求体过大 / request body larger than the limit of {limit} bytes");

    /// <summary>Parses a route device ID; the problem names the value and what a GB/T 28181 ID looks like.</summary>
    public static bool TryDeviceId(string raw, out GbDeviceId id, out IResult problem)
    {
        var parsed = GbDeviceId.TryParse(raw);
        if (parsed.Ok)
        {
            id = parsed.Value!;
            problem = Results.Empty;
            return true;
        }

        id = null!;
        problem = BadRequest("bad_device_id", $"设备编码无效 '{Shorten(raw)}' / bad device ID '{Shorten(raw)}': {parsed.Error!.Message}",
            new Dictionary<string, object?> { ["value"] = Shorten(raw), ["reason"] = parsed.Error.Code });
        return false;
    }

    /// <summary>Echoed values are bounded so a huge bad input does not come back whole.</summary>
    public static string Shorten(string? raw) => raw is null ? string.Empty : raw.Length > 64 ? raw[..64] + "…" : raw;

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        503 => "Service unavailable",
        _ => "Error",
    };
}
