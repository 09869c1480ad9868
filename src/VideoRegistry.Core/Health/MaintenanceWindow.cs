using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Health;

/// <summary>What a maintenance window covers.</summary>
public enum MaintenanceScope
{
    Camera,
    Upstream,
    Township,
}

public static class MaintenanceScopeLabels
{
    public static string ToLabel(this MaintenanceScope s) => s switch
    {
        MaintenanceScope.Camera => "camera",
        MaintenanceScope.Upstream => "upstream",
        _ => "township",
    };

    public static bool TryParse(string? label, out MaintenanceScope scope)
    {
        foreach (var s in Enum.GetValues<MaintenanceScope>())
        {
            if (string.Equals(s.ToLabel(), label, StringComparison.OrdinalIgnoreCase))
            {
                scope = s;
                return true;
            }
        }

        scope = MaintenanceScope.Camera;
        return false;
    }
}

/// <summary>
/// Planned work (维修窗口) on one camera, everything behind one upstream, or one township: its cameras are in
/// maintenance from <see cref="Start"/> until <see cref="End"/> (open-ended when null) and leave the denominator.
/// </summary>
public sealed record MaintenanceWindow(long Id, MaintenanceScope Scope, string Target, DateTimeOffset Start, DateTimeOffset? End, string Reason)
{
    public bool IsActive(DateTimeOffset at) => Start <= at && (End is null || at < End);

    public bool Covers(Camera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return Scope switch
        {
            MaintenanceScope.Camera => string.Equals(camera.DeviceId.Value, Target, StringComparison.Ordinal),
            MaintenanceScope.Upstream => camera.Upstream is not null && string.Equals(camera.Upstream.Value, Target, StringComparison.Ordinal),
            _ => string.Equals(camera.Township, Target, StringComparison.Ordinal),
        };
    }

    /// <summary>True when the camera is in any window active at <paramref name="at"/>.</summary>
    public static bool InMaintenance(Camera camera, IEnumerable<MaintenanceWindow> windows, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return windows.Any(w => w.IsActive(at) && w.Covers(camera));
    }
}
