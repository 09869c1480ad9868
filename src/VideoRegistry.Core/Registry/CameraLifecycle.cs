namespace VideoRegistry.Core.Registry;

/// <summary>What people decided about a camera (状态 column): distinct from its measured health.</summary>
public enum CameraLifecycle
{
    Active,
    Maintenance,
    Decommissioned,
}

public static class CameraLifecycleParser
{
    public static Parsed<CameraLifecycle> TryParse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Parsed<CameraLifecycle>.Success(CameraLifecycle.Active);
        }

        return raw.Trim().ToLowerInvariant() switch
        {
            "在用" or "正常" or "启用" or "active" or "in use" or "1" => Parsed<CameraLifecycle>.Success(CameraLifecycle.Active),
            "维修" or "维护" or "检修" or "maintenance" => Parsed<CameraLifecycle>.Success(CameraLifecycle.Maintenance),
            "停用" or "报废" or "拆除" or "decommissioned" or "inactive" or "0" => Parsed<CameraLifecycle>.Success(CameraLifecycle.Decommissioned),
            _ => Parsed<CameraLifecycle>.Fail("status_unknown", $"无法识别的状态 '{raw.Trim()}' / unknown status '{raw.Trim()}'; expected 在用/维修/停用 (active/maintenance/decommissioned)"),
        };
    }

    public static string ToLabel(this CameraLifecycle l) => l switch
    {
        CameraLifecycle.Active => "active",
        CameraLifecycle.Maintenance => "maintenance",
        _ => "decommissioned",
    };
}
