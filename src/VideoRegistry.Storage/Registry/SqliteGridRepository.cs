using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Registry;

/// <summary>The grid catalogue in the SQLite store; batch upserts in one transaction, unchanged grids untouched.</summary>
public sealed class SqliteGridRepository(SqliteDatabase database, TimeProvider time) : IGridRepository
{
    private const string Select = """
        SELECT code AS Code, name AS Name, township AS Township, village AS Village, grid_type AS Type, required_cameras AS RequiredCameras
        FROM grids
        """;

    public async Task<IReadOnlyList<Grid>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<Grid>(new CommandDefinition(Select + " ORDER BY code", cancellationToken: cancellationToken))];
    }

    public async Task<Grid?> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Grid>(new CommandDefinition(Select + " WHERE code = @Code", new { Code = code }, cancellationToken: cancellationToken));
    }

    public async Task<UpsertSummary> UpsertAsync(IReadOnlyList<Grid> grids, ImportAudit? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grids);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var existing = (await connection.QueryAsync<Grid>(new CommandDefinition(Select, transaction: tx, cancellationToken: cancellationToken)))
            .ToDictionary(g => g.Code, StringComparer.Ordinal);
        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var runId = audit is null ? null : Guid.CreateVersion7(time.GetUtcNow()).ToString();
        using var change = SqliteCameraRepository.AuditChangeCommand(connection, tx);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var grid in grids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string action;
            string changes;
            if (existing.TryGetValue(grid.Code, out var old))
            {
                if (old == grid)
                {
                    unchanged++;
                    continue;
                }

                action = "update";
                changes = Diff(old, grid);
                updated++;
            }
            else
            {
                action = "insert";
                changes = "new";
                inserted++;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO grids (code, name, township, village, grid_type, required_cameras)
                VALUES (@Code, @Name, @Township, @Village, @Type, @RequiredCameras)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, township = excluded.township, village = excluded.village,
                    grid_type = excluded.grid_type, required_cameras = excluded.required_cameras
                """,
                grid,
                tx,
                cancellationToken: cancellationToken));
            existing[grid.Code] = grid;
            if (runId is not null)
            {
                change.Parameters["$run"].Value = runId;
                change.Parameters["$entity"].Value = grid.Code;
                change.Parameters["$action"].Value = action;
                change.Parameters["$changes"].Value = changes;
                await change.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (audit is not null)
        {
            await SqliteCameraRepository.InsertRunAsync(connection, tx, runId!, audit, now, inserted, updated, unchanged, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new UpsertSummary(inserted, updated, unchanged, runId);
    }

    private static string Diff(Grid old, Grid now)
    {
        var parts = new List<string>();
        void Check(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                parts.Add($"{field}: {a ?? "∅"} → {b ?? "∅"}");
            }
        }

        Check("name", old.Name, now.Name);
        Check("township", old.Township, now.Township);
        Check("village", old.Village, now.Village);
        Check("type", old.Type, now.Type);
        Check("required_cameras", old.RequiredCameras?.ToString(CultureInfo.InvariantCulture), now.RequiredCameras?.ToString(CultureInfo.InvariantCulture));
        return string.Join("; ", parts);
    }
}
