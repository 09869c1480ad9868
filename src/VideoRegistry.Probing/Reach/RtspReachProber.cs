using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Probing.Reach;

/// <summary>
/// L1 reach probe, native and async: RTSP OPTIONS + DESCRIBE with Basic/Digest auth and one redirect, the SDP must
/// carry a video track; HTTP(S) streams get a ranged GET, RTMP the C0/C1 → S0/S1 handshake. No child process, no
/// thread per probe, pooled buffers: a 2-core box sweeps thousands of cameras a second. Bounding concurrency is
/// the caller's job (the probe runner's channel).
/// </summary>
public sealed class RtspReachProber : IStreamProber, IDisposable
{
    private readonly ReachProbeOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Lazy<HttpClient> http;

    public RtspReachProber(IOptions<ReachProbeOptions> options, ILogger<RtspReachProber>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        http = new Lazy<HttpClient>(() => HttpReachCheck.CreateClient(this.options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ProbeTier Tier => ProbeTier.Reach;

    public async Task<ProbeResult> ProbeAsync(StreamEndpoint endpoint, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        using var clock = new ProbeClock(deadline > TimeSpan.Zero ? deadline : options.TotalTimeout, cancellationToken);
        ProbeResult result;
        try
        {
            result = endpoint.Scheme switch
            {
                "rtsp" or "rtsps" => await ProbeRtspAsync(endpoint, clock),
                "http" or "https" => await HttpReachCheck.ProbeAsync(http.Value, endpoint, options, clock),
                "rtmp" => await RtmpHandshakeCheck.ProbeAsync(endpoint, options, clock),
                _ => Fail(ProbeReason.Protocol, $"不支持的协议 unsupported scheme '{endpoint.Scheme}'"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = Fail(ProbeReason.Timeout, clock.TimeoutDetail());
        }
        catch (ReachProbeException e)
        {
            result = Fail(e.Reason, e.Message);
        }
        catch (Exception e) when (Classify(e) is { } failure)
        {
            result = Fail(failure.Reason, $"{clock.Step}: {failure.Detail}");
        }
#pragma warning disable CA1031 // One camera's surprise must never break a sweep: report it as that camera's protocol failure.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            ReachLog.ProbeCrashed(logger, endpoint.Redacted, e.GetType().Name);
            result = Fail(ProbeReason.Protocol, $"{clock.Step}: {e.GetType().Name}");
        }

        var duration = time.GetElapsedTime(started);
        result = result with { Duration = duration, StartedAt = startedAt };
        if (result.Ok)
        {
            ReachLog.ProbeOk(logger, endpoint.Redacted, (long)duration.TotalMilliseconds, result.Detail);
        }
        else
        {
            ReachLog.ProbeFailed(logger, endpoint.Redacted, result.Reason.ToLabel(), (long)duration.TotalMilliseconds, result.Detail);
        }

        return result;
    }

    public void Dispose()
    {
        if (http.IsValueCreated)
        {
            http.Value.Dispose();
        }
    }

    internal static ProbeResult Fail(ProbeReason reason, string detail) => ProbeResult.Failure(ProbeTier.Reach, reason, detail, TimeSpan.Zero);

    /// <summary>Socket, TLS and HTTP exceptions → taxonomy; null for anything unexpected.</summary>
    internal static (ProbeReason Reason, string Detail)? Classify(Exception e)
    {
        switch (e)
        {
            case SocketException s:
                return (ReachFailure.FromSocketError(s.SocketErrorCode), Describe(s));
            case AuthenticationException:
                return (ProbeReason.Protocol, "TLS 握手失败 TLS handshake failed");
            case HttpRequestException h:
                if (h.InnerException is SocketException hs)
                {
                    return (ReachFailure.FromSocketError(hs.SocketErrorCode), Describe(hs));
                }

                return h.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => (ProbeReason.Dns, "域名解析失败 name resolution failed"),
                    HttpRequestError.ConnectionError => (ProbeReason.Unreachable, "连接失败 connection failed"),
                    HttpRequestError.SecureConnectionError => (ProbeReason.Protocol, "TLS 握手失败 TLS handshake failed"),
                    _ => (ProbeReason.Protocol, $"HTTP 应答错误 invalid HTTP answer ({h.HttpRequestError})"),
                };
            case IOException io when io.InnerException is SocketException ios:
                return (ReachFailure.FromSocketError(ios.SocketErrorCode), Describe(ios));
            case IOException:
                return (ProbeReason.Protocol, "连接中断 connection broken");
            default:
                return null;
        }
    }

    private static string Describe(SocketException s) => s.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "连接被拒绝 connection refused",
        SocketError.HostNotFound or SocketError.NoData => "域名不存在 host not found",
        SocketError.TryAgain => "域名解析暂时失败 DNS temporary failure",
        SocketError.TimedOut => "连接超时 connection timed out",
        SocketError.ConnectionReset => "连接被重置 connection reset by peer",
        _ => $"网络错误 socket error {s.SocketErrorCode}",
    };

    private async Task<ProbeResult> ProbeRtspAsync(StreamEndpoint endpoint, ProbeClock clock)
    {
        var redirected = false;
        while (true)
        {
            var outcome = await RtspSessionAsync(endpoint, clock);
            if (outcome.RedirectTo is null)
            {
                return redirected && outcome.Result.Ok
                    ? outcome.Result with { Detail = outcome.Result.Detail + " (已重定向 after one redirect)" }
                    : outcome.Result;
            }

            if (redirected)
            {
                return Fail(ProbeReason.ServerError, "重定向过多 more than one redirect");
            }

            redirected = true;
            endpoint = outcome.RedirectTo;
        }
    }

    private async Task<(ProbeResult Result, StreamEndpoint? RedirectTo)> RtspSessionAsync(StreamEndpoint endpoint, ProbeClock clock)
    {
        await using var connection = await ReachConnection.OpenAsync(endpoint.Host, endpoint.Port, endpoint.Scheme == "rtsps", options, clock);
        var session = new RtspExchange(connection, endpoint, options, clock);

        var optionsReply = await session.RequestAsync("OPTIONS", accept: null);
        if (Redirect(endpoint, optionsReply.Response) is { } early)
        {
            return early;
        }

        if (optionsReply.Response.StatusCode is 401 or 403)
        {
            return (AuthFailure(endpoint, "OPTIONS", optionsReply.Response, session.Authorized), null);
        }

        // Any other OPTIONS status is tolerated: several NVRs answer 501 or 404 to OPTIONS and serve DESCRIBE fine.
        var describe = await session.RequestAsync("DESCRIBE", accept: "application/sdp");
        var response = describe.Response;
        if (Redirect(endpoint, response) is { } redirect)
        {
            return redirect;
        }

        var reason = ReachFailure.FromStatus(response.StatusCode);
        if (reason == ProbeReason.Auth)
        {
            return (AuthFailure(endpoint, "DESCRIBE", response, session.Authorized), null);
        }

        if (reason != ProbeReason.None)
        {
            return (Fail(reason, $"DESCRIBE {Status(response)}"), null);
        }

        var video = SdpParser.FirstVideo(describe.Body);
        if (video is null)
        {
            var kinds = string.Join(',', SdpParser.Parse(describe.Body).Select(m => m.Kind));
            return (Fail(ProbeReason.NoVideo, $"SDP 中无视频轨 no video track in SDP (media: {(kinds.Length == 0 ? "none" : kinds)})"), null);
        }

        var facts = new StreamFacts { Codec = video.Codec, Width = video.Width, Height = video.Height, Fps = video.Fps, FramesArrived = false };
        return (ProbeResult.Success(ProbeTier.Reach, TimeSpan.Zero, facts, $"DESCRIBE {response.StatusCode}, video {video.Codec ?? "unknown"}"), null);
    }

    private static ProbeResult AuthFailure(StreamEndpoint endpoint, string method, RtspResponse response, bool sentCredentials)
    {
        var why = sentCredentials
            ? "凭据被拒绝 credentials rejected"
            : endpoint.HasCredentials ? "无法应答认证质询 no usable challenge" : "未配置凭据 no credentials stored";
        return Fail(ProbeReason.Auth, $"{method} {Status(response)}: {why}");
    }

    private static (ProbeResult, StreamEndpoint?)? Redirect(StreamEndpoint endpoint, RtspResponse response)
    {
        if (response.StatusCode is < 300 or >= 400 || response.StatusCode == 304)
        {
            return null;
        }

        var location = response.Header("Location");
        if (string.IsNullOrWhiteSpace(location) || !Uri.TryCreate(endpoint.Uri, location, out var target))
        {
            return (Fail(ProbeReason.ServerError, $"{Status(response)} 无 Location / without a usable Location"), null);
        }

        // Credentials follow a redirect only to the same host: a redirect must not hand them to a third party.
        var sameHost = string.Equals(target.Host, endpoint.Uri.Host, StringComparison.OrdinalIgnoreCase);
        var parsed = StreamEndpoint.TryParse(target.AbsoluteUri, sameHost ? endpoint.UserName : null, sameHost ? endpoint.Password : null);
        if (!parsed.Ok || parsed.Value!.Scheme is not ("rtsp" or "rtsps"))
        {
            return (Fail(ProbeReason.Protocol, $"{Status(response)} 重定向到非 RTSP 地址 redirect to a non-RTSP address"), null);
        }

        return (Fail(ProbeReason.None, string.Empty), parsed.Value);
    }

    internal static string Status(RtspResponse response)
    {
        var phrase = response.ReasonPhrase.Length > 60 ? response.ReasonPhrase[..60] : response.ReasonPhrase;
        return string.Create(CultureInfo.InvariantCulture, $"{response.StatusCode} {phrase}").Trim();
    }

    /// <summary>One RTSP conversation on one connection: CSeq numbering and authorization after a 401.</summary>
    private sealed class RtspExchange(ReachConnection connection, StreamEndpoint endpoint, ReachProbeOptions options, ProbeClock clock)
    {
        private readonly string url = endpoint.UrlWithoutCredentials;
        private int cseq;
        private SessionAuthorization? authorization;

        public bool Authorized => authorization is not null;

        public async Task<(RtspResponse Response, string Body)> RequestAsync(string method, string? accept)
        {
            var reply = await SendAsync(method, accept);
            if (reply.Response.StatusCode == 401 && endpoint.HasCredentials && RetryWithAuthorization(reply.Response))
            {
                reply = await SendAsync(method, accept);
            }

            return reply;
        }

        /// <summary>True when a (new) challenge can be answered: first 401, or a Digest nonce the server marked stale.</summary>
        private bool RetryWithAuthorization(RtspResponse response)
        {
            var challenges = WwwAuthenticateParser.Parse(response.HeadersNamed("WWW-Authenticate"));
            var stale = challenges.Any(c => string.Equals(c["stale"], "true", StringComparison.OrdinalIgnoreCase));
            if (authorization is not null && !stale)
            {
                return false;
            }

            return SessionAuthorization.TryCreate(challenges, endpoint.UserName ?? string.Empty, endpoint.Password ?? string.Empty, null, out authorization);
        }

        private async Task<(RtspResponse Response, string Body)> SendAsync(string method, string? accept)
        {
            var request = new StringBuilder(256);
            request.Append(method).Append(' ').Append(url).Append(" RTSP/1.0\r\n")
                .Append("CSeq: ").Append(++cseq).Append("\r\n")
                .Append("User-Agent: ").Append(options.UserAgent).Append("\r\n");
            if (accept is not null)
            {
                request.Append("Accept: ").Append(accept).Append("\r\n");
            }

            if (authorization is not null)
            {
                request.Append("Authorization: ").Append(authorization.HeaderFor(method, url)).Append("\r\n");
            }

            request.Append("\r\n");
            var token = clock.Begin($"{method} 应答 response", options.ResponseTimeout);
            await connection.SendAsync(request.ToString(), token);
            return await connection.ReadRtspResponseAsync(token);
        }
    }
}
