using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage;

/// <summary>The camera registry. Multi-row writes are atomic.</summary>
public interface ICameraRepository
{
    Task<Camera?> GetAsync(GbDeviceId deviceId, CancellationToken cancellationToken);

    /// <summary>All cameras (any lifecycle), with stream credentials, for the monitor.</summary>
    Task<IReadOnlyList<Camera>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Every camera (any lifecycle) as a <see cref="CameraSummary"/>, ordered by device ID, for fleet-wide tables.</summary>
    async Task<IReadOnlyList<CameraSummary>> ListSummariesAsync(CancellationToken cancellationToken) =>
        [.. (await ListAllAsync(cancellationToken)).Select(CameraSummary.From)];

    /// <summary>The given cameras (unknown IDs skipped) without their stream endpoint (<see cref="Camera.Stream"/> is null): no credential join, no URL parsing.</summary>
    async Task<IReadOnlyList<Camera>> ListForReportsAsync(IReadOnlyCollection<GbDeviceId> deviceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var wanted = deviceIds.ToHashSet();
        return [.. (await ListAllAsync(cancellationToken)).Where(c => wanted.Contains(c.DeviceId))];
    }

    /// <summary>One page of cameras matching the filters, ordered by device ID.</summary>
    Task<IReadOnlyList<Camera>> ListAsync(CameraQuery query, CancellationToken cancellationToken);

    /// <summary>How many cameras match the filters (paging ignored).</summary>
    Task<int> CountAsync(CameraQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts new cameras and updates changed ones (by device ID) in one transaction; unchanged rows are not
    /// touched. When <paramref name="audit"/> is given, the run and every change are recorded in the same transaction.
    /// </summary>
    Task<UpsertSummary> UpsertAsync(IReadOnlyList<Camera> cameras, ImportAudit? audit, CancellationToken cancellationToken);

    /// <summary>Soft delete: the camera stays in the registry (and its history) as decommissioned. False if unknown.</summary>
    Task<bool> DecommissionAsync(GbDeviceId deviceId, string changedBy, CancellationToken cancellationToken);
}

/// <summary>The grid catalogue (网格编码目录).</summary>
public interface IGridRepository
{
    Task<UpsertSummary> UpsertAsync(IReadOnlyList<Grid> grids, ImportAudit? audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<Grid>> ListAsync(CancellationToken cancellationToken);

    Task<Grid?> GetAsync(string code, CancellationToken cancellationToken);
}

/// <summary>Filters and paging for <see cref="ICameraRepository.ListAsync"/>; null filters match everything.</summary>
public sealed record CameraQuery
{
    public const int MaxLimit = 1000;

    public CameraClass? Class { get; init; }

    public string? Township { get; init; }

    public string? Village { get; init; }

    public string? Grid { get; init; }

    public CameraLifecycle? Lifecycle { get; init; }

    /// <summary>Substring of the name or device ID.</summary>
    public string? Text { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 100;
}

/// <summary>Who imported what: written with the data in the same transaction.</summary>
public sealed record ImportAudit(string Kind, string SourceFile, string ImportedBy, string? FileSha256 = null);

public sealed record UpsertSummary(int Inserted, int Updated, int Unchanged, string? RunId)
{
    public int Changed => Inserted + Updated;
}
