using System.Diagnostics.CodeAnalysis;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage.Health;

namespace VideoRegistry.Worker.Api;

/// <summary>A camera as the API shows it: registry fields (stream URL without credentials) and current health.</summary>
public record CameraView
{
    public required string DeviceId { get; init; }

    public required string Name { get; init; }

    public required string Class { get; init; }

    public required string Township { get; init; }

    public string? Village { get; init; }

    public string? Grid { get; init; }

    public double? Longitude { get; init; }

    public double? Latitude { get; init; }

    public string? SiteType { get; init; }

    public string? Owner { get; init; }

    /// <summary>Redacted: <c>rtsp://***@host/…</c> when the camera has credentials; they never leave the service.</summary>
    public string? StreamUrl { get; init; }

    public bool HasCredentials { get; init; }

    public string? Upstream { get; init; }

    /// <summary>active, maintenance, decommissioned.</summary>
    public required string Lifecycle { get; init; }

    /// <summary>online, degraded, offline, unknown, maintenance, decommissioned.</summary>
    public required string State { get; init; }

    public DateTimeOffset? Since { get; init; }

    public string? Reason { get; init; }

    public string? ReasonText { get; init; }

    public IReadOnlyList<string> Faults { get; init; } = [];

    public DateTimeOffset? LastSuccess { get; init; }

    public DateTimeOffset? LastProbe { get; init; }

    public bool Flapping { get; init; }

    public static CameraView From(Camera camera, CameraHealth? health)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var state = health?.State ?? (camera.Lifecycle == CameraLifecycle.Decommissioned ? HealthState.Decommissioned : HealthState.Unknown);
        var reason = health?.Reason ?? ProbeReason.None;
        return new CameraView
        {
            DeviceId = camera.DeviceId.Value,
            Name = camera.Name,
            Class = camera.Class.ToLabel(),
            Township = camera.Township,
            Village = camera.Village,
            Grid = camera.Grid,
            Longitude = camera.Location?.Longitude,
            Latitude = camera.Location?.Latitude,
            SiteType = camera.SiteType,
            Owner = camera.Owner,
            StreamUrl = camera.Stream?.Redacted,
            HasCredentials = camera.Stream?.HasCredentials ?? false,
            Upstream = camera.Upstream?.Value,
            Lifecycle = camera.Lifecycle.ToLabel(),
            State = state.ToLabel(),
            Since = health?.Since,
            Reason = reason == ProbeReason.None ? null : reason.ToLabel(),
            ReasonText = reason == ProbeReason.None ? null : reason.Describe(),
            Faults = health is null ? [] : [.. health.Faults.Select(f => f.ToLabel())],
            LastSuccess = health?.LastSuccess,
            LastProbe = health?.LastProbe,
            Flapping = health?.Flapping ?? false,
        };
    }
}

/// <summary>One camera with its last probe per tier and the stream facts last measured.</summary>
public sealed record CameraDetail : CameraView
{
    public IReadOnlyList<ProbeView> Probes { get; init; } = [];

    /// <summary>Codec, resolution, frame rate from the most recent probe that measured them.</summary>
    public StreamView? StreamFacts { get; init; }

    public static CameraDetail From(Camera camera, CameraHealth? health, IReadOnlyList<StoredProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var views = probes.Select(p => ProbeView.From(p.Result, p.At)).ToList();
        var facts = probes.Where(p => p.Result.Stream is not null).OrderByDescending(p => p.At).Select(p => StreamView.From(p.Result.Stream!)).FirstOrDefault();
        return new CameraDetail(CameraView.From(camera, health)) { Probes = views, StreamFacts = facts };
    }

    [SetsRequiredMembers]
    private CameraDetail(CameraView view)
        : base(view)
    {
    }
}

public sealed record StreamView(string? Codec, int? Width, int? Height, double? Fps, long? BitRate)
{
    public static StreamView From(StreamFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new StreamView(facts.Codec, facts.Width, facts.Height, facts.Fps, facts.BitRate);
    }
}

/// <summary>One probe outcome (stored latest per tier, or an on-demand probe's result).</summary>
public sealed record ProbeView
{
    public required int Tier { get; init; }

    public required DateTimeOffset At { get; init; }

    public required bool Ok { get; init; }

    public string? Reason { get; init; }

    public string? ReasonText { get; init; }

    /// <summary>Probe detail text; probers redact URLs before they write it.</summary>
    public string? Detail { get; init; }

    public double DurationMs { get; init; }

    public StreamView? Stream { get; init; }

    public IReadOnlyList<string> Faults { get; init; } = [];

    public static ProbeView From(ProbeResult result, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ProbeView
        {
            Tier = (int)result.Tier,
            At = at,
            Ok = result.Ok,
            Reason = result.Ok && result.Reason == ProbeReason.None ? null : result.Reason.ToLabel(),
            ReasonText = result.Ok && result.Reason == ProbeReason.None ? null : result.Reason.Describe(),
            Detail = result.Detail,
            DurationMs = Math.Round(result.Duration.TotalMilliseconds, 1),
            Stream = result.Stream is { } s ? StreamView.From(s) : null,
            Faults = [.. result.Faults.Select(f => f.ToLabel())],
        };
    }
}

/// <summary>On-demand probe answer: the result and the camera's state after it was applied.</summary>
public sealed record ProbeAnswer(string DeviceId, ProbeView Result, string State);

public sealed record HistoryItem(DateTimeOffset At, string From, string To, string Reason, string ReasonText);

public sealed record Page<T>(int Total, int Offset, int Limit, IReadOnlyList<T> Items);

/// <summary>Body of POST/PUT /api/cameras: the registry columns, validated by the same rules as a CSV row.</summary>
public sealed record CameraInput
{
    public string? DeviceId { get; init; }

    public string? Name { get; init; }

    /// <summary>I, II, III (or 一类/二类/三类).</summary>
    public string? Class { get; init; }

    public string? Township { get; init; }

    public string? Village { get; init; }

    public string? Grid { get; init; }

    public double? Longitude { get; init; }

    public double? Latitude { get; init; }

    /// <summary>wgs84 (default), gcj02, bd09.</summary>
    public string? CoordSystem { get; init; }

    public string? SiteType { get; init; }

    public string? Owner { get; init; }

    public string? StreamUrl { get; init; }

    /// <summary>Write-only; on PUT, omitted credentials keep the stored ones when the stream URL is unchanged.</summary>
    public string? Username { get; init; }

    /// <summary>Write-only.</summary>
    public string? Password { get; init; }

    public string? Upstream { get; init; }

    /// <summary>Lifecycle: active (default), maintenance, decommissioned.</summary>
    public string? Status { get; init; }
}

/// <summary>Body of POST/PUT /api/maintenance.</summary>
public sealed record MaintenanceInput
{
    /// <summary>camera, upstream or township.</summary>
    public string? Scope { get; init; }

    /// <summary>Device ID (camera, upstream) or township name.</summary>
    public string? Target { get; init; }

    public DateTimeOffset? Start { get; init; }

    /// <summary>Open-ended when omitted.</summary>
    public DateTimeOffset? End { get; init; }

    public string? Reason { get; init; }
}

public sealed record MaintenanceView(long Id, string Scope, string Target, DateTimeOffset Start, DateTimeOffset? End, string Reason, bool Active)
{
    public static MaintenanceView From(MaintenanceWindow w, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new MaintenanceView(w.Id, w.Scope.ToLabel(), w.Target, w.Start, w.End, w.Reason, w.IsActive(now));
    }
}
