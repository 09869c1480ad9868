using System.Buffers;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Probing.Reach;

/// <summary>
/// L1 for HTTP(S) streams (HTTP-FLV, HLS, MJPEG): a GET for the first KiB through one shared
/// <see cref="SocketsHttpHandler"/>, then close. Status mapping as RTSP; the body must start arriving.
/// </summary>
internal static class HttpReachCheck
{
    private const int FirstBytes = 1024;

    public static HttpClient CreateClient(ReachProbeOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 1,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        if (!options.ValidateTlsCertificates)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = CameraCertificates.AcceptAny;
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public static async Task<ProbeResult> ProbeAsync(HttpClient client, StreamEndpoint endpoint, ReachProbeOptions options, ProbeClock clock)
    {
        var token = clock.Begin("HTTP 连接与应答 connect and response", options.ConnectTimeout + options.ResponseTimeout);
        using var first = await SendAsync(client, endpoint, options, null, token);
        var response = first;
        HttpResponseMessage? retried = null;
        try
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized && endpoint.HasCredentials)
            {
                var challenges = WwwAuthenticateParser.Parse(response.Headers.WwwAuthenticate.Select(h => h.ToString()));
                if (SessionAuthorization.TryCreate(challenges, endpoint.UserName ?? string.Empty, endpoint.Password ?? string.Empty, null, out var auth))
                {
                    token = clock.Begin("HTTP 认证应答 authorized response", options.ResponseTimeout);
                    retried = await SendAsync(client, endpoint, options, auth!.HeaderFor("GET", endpoint.PathAndQuery), token);
                    response = retried;
                }
            }

            var status = (int)response.StatusCode;
            var reason = ReachFailure.FromStatus(status);
            if (reason != ProbeReason.None)
            {
                var why = reason == ProbeReason.Auth && !endpoint.HasCredentials ? ": 未配置凭据 no credentials stored" : string.Empty;
                return RtspReachProber.Fail(reason, $"GET {status} {response.ReasonPhrase}{why}");
            }

            token = clock.Begin("HTTP 首字节 first bytes", options.ResponseTimeout);
            var buffer = ArrayPool<byte>.Shared.Rent(FirstBytes);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(token);
                var read = await body.ReadAtLeastAsync(buffer.AsMemory(0, FirstBytes), 1, throwOnEndOfStream: false, token);
                if (read == 0)
                {
                    return RtspReachProber.Fail(ProbeReason.NoVideo, $"GET {status}: 无数据 empty body");
                }

                var type = response.Content.Headers.ContentType?.MediaType ?? "unknown type";
                return ProbeResult.Success(ProbeTier.Reach, TimeSpan.Zero, new StreamFacts { FramesArrived = false }, $"GET {status}, {type}, {read} bytes");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            retried?.Dispose();
        }
    }

    private static Task<HttpResponseMessage> SendAsync(
        HttpClient client, StreamEndpoint endpoint, ReachProbeOptions options, string? authorization, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Uri);
        request.Headers.Range = new RangeHeaderValue(0, FirstBytes - 1);
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
    }
}
