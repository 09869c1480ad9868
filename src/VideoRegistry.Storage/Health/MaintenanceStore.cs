using Dapper;
using VideoRegistry.Core.Health;

namespace VideoRegistry.Storage.Health;

/// <summary>Maintenance windows (维修窗口) per camera, upstream or township.</summary>
public sealed class MaintenanceStore(SqliteDatabase database)
{
    public async Task<MaintenanceWindow> AddAsync(MaintenanceScope scope, string target, DateTimeOffset start, DateTimeOffset? end, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO maintenance_windows (scope, target, starts_at_ms, ends_at_ms, reason, created_at_ms) VALUES (@Scope, @Target, @Start, @End, @Reason, @Now) RETURNING id",
            new { Scope = scope.ToLabel(), Target = target, Start = UnixMs.From(start), End = UnixMs.From(end), Reason = reason, Now = UnixMs.From(now) },
            cancellationToken: cancellationToken));
        return new MaintenanceWindow(id, scope, target, start, end, reason);
    }

    /// <summary>All windows, or only those active at <paramref name="activeAt"/> (newest first).</summary>
    public async Task<IReadOnlyList<MaintenanceWindow>> ListAsync(DateTimeOffset? activeAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var at = UnixMs.From(activeAt);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id AS Id, scope AS Scope, target AS Target, starts_at_ms AS StartsAtMs, ends_at_ms AS EndsAtMs, reason AS Reason FROM maintenance_windows "
            + "WHERE @At IS NULL OR (starts_at_ms <= @At AND (ends_at_ms IS NULL OR ends_at_ms > @At)) ORDER BY id DESC",
            new { At = at },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r =>
        {
            var scope = StoredLabels.Scope(r.Scope);
            return new MaintenanceWindow(r.Id, scope, r.Target, UnixMs.To(r.StartsAtMs), UnixMs.To(r.EndsAtMs), r.Reason);
        })];
    }

    /// <summary>Ends a window now (or keeps an earlier planned end). False when no such window.</summary>
    public async Task<bool> EndAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var n = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE maintenance_windows SET ends_at_ms = CASE WHEN ends_at_ms IS NOT NULL AND ends_at_ms < @Now THEN ends_at_ms "
            + "WHEN starts_at_ms > @Now THEN starts_at_ms ELSE @Now END WHERE id = @Id",
            new { Id = id, Now = UnixMs.From(now) },
            cancellationToken: cancellationToken));
        return n > 0;
    }

    public async Task<MaintenanceWindow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id AS Id, scope AS Scope, target AS Target, starts_at_ms AS StartsAtMs, ends_at_ms AS EndsAtMs, reason AS Reason FROM maintenance_windows WHERE id = @Id",
            new { Id = id },
            cancellationToken: cancellationToken));
        return row is null ? null : new MaintenanceWindow(row.Id, StoredLabels.Scope(row.Scope), row.Target, UnixMs.To(row.StartsAtMs), UnixMs.To(row.EndsAtMs), row.Reason);
    }

    /// <summary>Replaces the times and the reason of a window (scope and target stay). False when no such window.</summary>
    public async Task<bool> UpdateAsync(long id, DateTimeOffset start, DateTimeOffset? end, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var n = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE maintenance_windows SET starts_at_ms = @Start, ends_at_ms = @End, reason = @Reason WHERE id = @Id",
            new { Id = id, Start = UnixMs.From(start), End = UnixMs.From(end), Reason = reason },
            cancellationToken: cancellationToken));
        return n > 0;
    }

    private sealed record Row(long Id, string Scope, string Target, long StartsAtMs, long? EndsAtMs, string Reason);
}
