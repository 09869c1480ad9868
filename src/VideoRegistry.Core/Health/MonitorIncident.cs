using VideoRegistry.Core.Probing;

namespace VideoRegistry.Core.Health;

/// <summary>
/// A monitor-side or upstream incident: many cameras failing together for one cause (canary down, one NVR or
/// platform down, one township's line down). While open, its cameras' failures count as unknown, not downtime.
/// </summary>
/// <param name="Kind">canary, upstream or township.</param>
/// <param name="Scope">The upstream device ID, township name or canary name.</param>
public sealed record MonitorIncident(long Id, string Kind, string Scope, DateTimeOffset OpenedAt, int Cameras, ProbeReason Reason);
