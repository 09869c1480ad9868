namespace VideoRegistry.Storage.Health;

/// <summary>Timestamps in the health tables are INTEGER unix milliseconds (portable, sortable).</summary>
internal static class UnixMs
{
    public static long From(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? From(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset To(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? To(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

/// <summary>Parses the low-cardinality labels stored in the health tables (unknown labels fall back safely).</summary>
internal static class StoredLabels
{
    public static Core.Health.HealthState State(string? label) =>
        Core.Health.HealthStateLabels.TryParse(label, out var s) ? s : Core.Health.HealthState.Unknown;

    public static Core.Probing.ProbeReason Reason(string? label) =>
        Core.Probing.ProbeReasonLabels.TryParse(label, out var r) ? r : Core.Probing.ProbeReason.None;

    public static Core.Health.MaintenanceScope Scope(string? label) =>
        Core.Health.MaintenanceScopeLabels.TryParse(label, out var s) ? s : Core.Health.MaintenanceScope.Camera;
}
