namespace VideoRegistry.Core.Health;

/// <summary>Measured state of a camera, plus the two states people set (maintenance, decommissioned).</summary>
public enum HealthState
{
    Unknown,
    Online,
    Degraded,
    Offline,
    Maintenance,
    Decommissioned,
}

public static class HealthStateLabels
{
    public static string ToLabel(this HealthState s) => s switch
    {
        HealthState.Unknown => "unknown",
        HealthState.Online => "online",
        HealthState.Degraded => "degraded",
        HealthState.Offline => "offline",
        HealthState.Maintenance => "maintenance",
        _ => "decommissioned",
    };

    private static readonly HealthState[] AllStates = Enum.GetValues<HealthState>();

    public static bool TryParse(string? label, out HealthState state)
    {
        foreach (var s in AllStates)
        {
            if (string.Equals(s.ToLabel(), label, StringComparison.OrdinalIgnoreCase))
            {
                state = s;
                return true;
            }
        }

        state = HealthState.Unknown;
        return false;
    }

    public static string ToChinese(this HealthState s) => s switch
    {
        HealthState.Unknown => "未知 Unknown",
        HealthState.Online => "在线 Online",
        HealthState.Degraded => "故障画面 Degraded",
        HealthState.Offline => "离线 Offline",
        HealthState.Maintenance => "维修 Maintenance",
        _ => "停用 Decommissioned",
    };

    /// <summary>The stream can be pulled (camera_up = 1).</summary>
    public static bool IsUp(this HealthState s) => s is HealthState.Online or HealthState.Degraded;
}
