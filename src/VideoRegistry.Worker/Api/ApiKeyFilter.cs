using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VideoRegistry.Worker.Api;

/// <summary>
/// <c>X-Api-Key</c> check: missing → 401, not one of <see cref="ApiOptions.Keys"/> → 403, both before the handler runs.
/// Keys are compared as SHA-256 digests in constant time against every configured key (no early exit, no length
/// leak), and never logged or echoed.
/// </summary>
internal sealed class ApiKeyFilter(bool write) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    /// <summary>Item set on the request: which key (by position, never its value) made the change, for the audit table.</summary>
    public const string CallerItem = "videoregistry.api.caller";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue;
        if (!write && !options.RequireKeyForReads)
        {
            return await next(context);
        }

        if (!http.Request.Headers.TryGetValue(Header, out var presented) || string.IsNullOrEmpty(presented.ToString()))
        {
            http.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "api_key_missing",
                "缺少 API 密钥 / missing API key: send it in the X-Api-Key header");
        }

        var index = Match(presented.ToString(), options.Keys);
        if (index < 0)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "api_key_invalid",
                "API 密钥无效 / the X-Api-Key value is not an accepted key");
        }

        http.Items[CallerItem] = $"api-key-{index + 1}";
        return await next(context);
    }

    /// <summary>Position of the matching key or -1; the time taken does not depend on where or whether it matches.</summary>
    internal static int Match(string presented, IReadOnlyList<string> keys)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var found = -1;
        for (var i = 0; i < keys.Count; i++)
        {
            var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(keys[i] ?? string.Empty));
            var equal = CryptographicOperations.FixedTimeEquals(digest, candidate) && !string.IsNullOrEmpty(keys[i]);
            found = equal && found < 0 ? i : found;
        }

        return found;
    }
}
