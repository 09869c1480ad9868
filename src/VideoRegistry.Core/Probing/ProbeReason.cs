namespace VideoRegistry.Core.Probing;

/// <summary>
/// One reason per failed probe (DESIGN.md failure taxonomy). Low cardinality: used as a metric label.
/// </summary>
public enum ProbeReason
{
    None,
    Dns,
    Refused,
    Timeout,
    Unreachable,
    Auth,
    NotFound,
    ServerError,
    Protocol,
    NoVideo,
    Decode,
    Black,
    Frozen,
    Blurred,
    Noisy,
    ColorCast,
    TooDark,
    TooBright,
}

public static class ProbeReasonLabels
{
    public static string ToLabel(this ProbeReason r) => r switch
    {
        ProbeReason.None => "none",
        ProbeReason.Dns => "dns",
        ProbeReason.Refused => "refused",
        ProbeReason.Timeout => "timeout",
        ProbeReason.Unreachable => "unreachable",
        ProbeReason.Auth => "auth",
        ProbeReason.NotFound => "not_found",
        ProbeReason.ServerError => "server_error",
        ProbeReason.Protocol => "protocol",
        ProbeReason.NoVideo => "no_video",
        ProbeReason.Decode => "decode",
        ProbeReason.Black => "black",
        ProbeReason.Frozen => "frozen",
        ProbeReason.Blurred => "blurred",
        ProbeReason.Noisy => "noisy",
        ProbeReason.ColorCast => "color_cast",
        ProbeReason.TooDark => "too_dark",
        ProbeReason.TooBright => "too_bright",
        _ => "unknown",
    };

    public static bool TryParse(string? label, out ProbeReason reason)
    {
        foreach (var r in Enum.GetValues<ProbeReason>())
        {
            if (string.Equals(r.ToLabel(), label, StringComparison.OrdinalIgnoreCase))
            {
                reason = r;
                return true;
            }
        }

        reason = ProbeReason.None;
        return false;
    }

    /// <summary>Picture faults: the stream is pullable (camera up) but the picture is wrong (degraded).</summary>
    public static bool IsPictureFault(this ProbeReason r) => r >= ProbeReason.Black;

    /// <summary>Failures a broken network produces; a burst of these behind one upstream is an incident, not N dead cameras.</summary>
    public static bool IsNetworkReason(this ProbeReason r) => r is ProbeReason.Dns or ProbeReason.Refused or ProbeReason.Timeout or ProbeReason.Unreachable;

    /// <summary>Bilingual wording for reports and CLI.</summary>
    public static string Describe(this ProbeReason r) => r switch
    {
        ProbeReason.None => "正常 OK",
        ProbeReason.Dns => "域名解析失败 DNS failure",
        ProbeReason.Refused => "连接被拒绝 Connection refused",
        ProbeReason.Timeout => "超时 Timeout",
        ProbeReason.Unreachable => "网络不可达 Unreachable",
        ProbeReason.Auth => "认证失败 Authentication failed",
        ProbeReason.NotFound => "地址不存在 Not found",
        ProbeReason.ServerError => "设备/服务器错误 Server error",
        ProbeReason.Protocol => "协议错误 Protocol error",
        ProbeReason.NoVideo => "无视频 No video",
        ProbeReason.Decode => "解码失败 Decode error",
        ProbeReason.Black => "黑屏 Black picture",
        ProbeReason.Frozen => "画面冻结 Frozen picture",
        ProbeReason.Blurred => "画面模糊 Blurred",
        ProbeReason.Noisy => "噪声/雪花 Noisy",
        ProbeReason.ColorCast => "偏色 Colour cast",
        ProbeReason.TooDark => "过暗 Too dark",
        ProbeReason.TooBright => "过亮 Too bright",
        _ => r.ToString(),
    };
}
