using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Registry;

/// <summary>
/// Cameras in the SQLite store. Stream credentials live in <c>camera_credentials</c>, never in <c>stream_url</c>.
/// Batch writes compare against what is stored and touch only changed rows, all in one transaction.
/// </summary>
public sealed class SqliteCameraRepository(SqliteDatabase database, TimeProvider time) : ICameraRepository
{
    private const string SelectColumns = """
        SELECT c.device_id AS DeviceId, c.name AS Name, c.camera_class AS CameraClass, c.township AS Township,
               c.village AS Village, c.grid AS Grid, c.longitude AS Longitude, c.latitude AS Latitude,
               c.coord_source AS CoordSource, c.site_type AS SiteType, c.owner AS Owner, c.stream_url AS StreamUrl,
               c.upstream AS Upstream, c.lifecycle AS Lifecycle, k.username AS Username, k.password AS Password
        FROM cameras c LEFT JOIN camera_credentials k ON k.device_id = c.device_id
        """;

    private const string ReportColumns = """
        SELECT device_id, name, camera_class, township, village, grid, longitude, latitude, coord_source, site_type,
               owner, upstream, lifecycle
        FROM cameras
        """;

    static SqliteCameraRepository() => DapperTypeHandlers.Register();

    /// <summary>Maps rows of <see cref="ReportColumns"/> by hand: 100k cameras in well under a second.</summary>
    private static async Task<List<Camera>> ReadReportCamerasAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Camera>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        // SQLite steps synchronously anyway; a Task per row is pure overhead at 100k rows.
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var location = reader.IsDBNull(6) || reader.IsDBNull(7)
                ? null
                : GeoPoint.Restore(reader.GetDouble(6), reader.GetDouble(7), StoredDatum(Text(8)));
            var upstream = Text(11);
            list.Add(new Camera
            {
                DeviceId = GbDeviceId.Parse(reader.GetString(0)),
                Name = reader.GetString(1),
                Class = (CameraClass)reader.GetInt32(2),
                Township = reader.GetString(3),
                Village = Text(4),
                Grid = Text(5),
                Location = location,
                SiteType = Text(9),
                Owner = Text(10),
                Upstream = upstream is null ? null : GbDeviceId.TryParse(upstream).Value,
                Lifecycle = StoredLifecycle(reader.GetString(12)),
            });
        }

        return list;
    }

    /// <summary>Stored labels are canonical; the lenient import parsers (which allocate) only for anything else.</summary>
    private static CoordinateSystem StoredDatum(string? label) => label switch
    {
        null or "WGS84" => CoordinateSystem.Wgs84,
        "GCJ02" => CoordinateSystem.Gcj02,
        "BD09" => CoordinateSystem.Bd09,
        _ => CoordinateSystemParser.TryParse(label).Value,
    };

    private static CameraLifecycle StoredLifecycle(string label) => label switch
    {
        "active" => CameraLifecycle.Active,
        "maintenance" => CameraLifecycle.Maintenance,
        "decommissioned" => CameraLifecycle.Decommissioned,
        _ => CameraLifecycleParser.TryParse(label).Value,
    };

    public async Task<Camera?> GetAsync(GbDeviceId deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CameraRow>(new CommandDefinition(
            SelectColumns + " WHERE c.device_id = @Id", new { Id = deviceId }, cancellationToken: cancellationToken));
        return row?.ToCamera();
    }

    public async Task<IReadOnlyList<Camera>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CameraRow>(new CommandDefinition(SelectColumns + " ORDER BY c.device_id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToCamera())];
    }

    public async Task<IReadOnlyList<CameraSummary>> ListSummariesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Sorted here rather than by ORDER BY, which would walk the primary-key index with a row lookup per camera.
        command.CommandText = "SELECT device_id, name, camera_class, township, grid, lifecycle FROM cameras";
        var list = new List<CameraSummary>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            // Townships and grids repeat across thousands of cameras: one string instance each.
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            string Shared(string value) => names.TryGetValue(value, out var known) ? known : names[value] = value;

            // SQLite steps synchronously anyway; a Task per row is pure overhead at 100k rows.
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                list.Add(new CameraSummary(
                    GbDeviceId.Parse(reader.GetString(0)),
                    reader.GetString(1),
                    (CameraClass)reader.GetInt32(2),
                    Shared(reader.GetString(3)),
                    reader.IsDBNull(4) ? null : Shared(reader.GetString(4)),
                    StoredLifecycle(reader.GetString(5))));
            }
        }

        list.Sort((x, y) => string.CompareOrdinal(x.DeviceId.Value, y.DeviceId.Value));
        return list;
    }

    public async Task<IReadOnlyList<Camera>> ListForReportsAsync(IReadOnlyCollection<GbDeviceId> deviceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var list = new List<Camera>(deviceIds.Count);
        if (deviceIds.Count == 0)
        {
            return list;
        }

        await using var connection = await database.OpenAsync(cancellationToken);

        // Batches well under SQLite's (and PostgreSQL's) bound-parameter limits.
        foreach (var batch in deviceIds.Distinct().Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var names = new string[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                names[i] = "$p" + i.ToString(CultureInfo.InvariantCulture);
                command.Parameters.AddWithValue(names[i], batch[i].Value);
            }

            command.CommandText = ReportColumns + " WHERE device_id IN (" + string.Join(", ", names) + ")";
            list.AddRange(await ReadReportCamerasAsync(command, cancellationToken));
        }

        return list;
    }

    public async Task<IReadOnlyList<Camera>> ListAsync(CameraQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = Filter(query);
        parameters.Add("Limit", Math.Clamp(query.Limit, 0, CameraQuery.MaxLimit));
        parameters.Add("Offset", Math.Max(0, query.Offset));
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CameraRow>(new CommandDefinition(
            SelectColumns + where + " ORDER BY c.device_id LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToCamera())];
    }

    public async Task<int> CountAsync(CameraQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = Filter(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM cameras c" + where, parameters, cancellationToken: cancellationToken));
    }

    public async Task<UpsertSummary> UpsertAsync(IReadOnlyList<Camera> cameras, ImportAudit? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        await using var connection = await database.OpenAsync(cancellationToken);
        // A county-sized batch touches six indexes; a larger page cache for this write keeps SQLite from spilling
        // dirty pages to the WAL mid-transaction. Reset afterwards because the connection goes back to the pool.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA cache_size = -65536", cancellationToken: cancellationToken));
        try
        {
            return await UpsertInTransactionAsync(connection, cameras, audit, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync("PRAGMA cache_size = -2000");
        }
    }

    private async Task<UpsertSummary> UpsertInTransactionAsync(SqliteConnection connection, IReadOnlyList<Camera> cameras, ImportAudit? audit, CancellationToken cancellationToken)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        var existing = new Dictionary<string, CameraRow>(StringComparer.Ordinal);
        foreach (var row in await connection.QueryAsync<CameraRow>(new CommandDefinition(SelectColumns, transaction: tx, cancellationToken: cancellationToken)))
        {
            existing[row.DeviceId] = row;
        }

        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var runId = audit is null ? null : Guid.CreateVersion7(time.GetUtcNow()).ToString();
        using var upsert = CameraUpsertCommand(connection, tx);
        using var credentials = connection.CreateCommand();
        credentials.Transaction = tx;
        credentials.CommandText = """
            INSERT INTO camera_credentials (device_id, username, password) VALUES ($id, $user, $pass)
            ON CONFLICT (device_id) DO UPDATE SET username = excluded.username, password = excluded.password
            """;
        var credId = credentials.Parameters.Add("$id", SqliteType.Text);
        var credUser = credentials.Parameters.Add("$user", SqliteType.Text);
        var credPass = credentials.Parameters.Add("$pass", SqliteType.Text);
        using var dropCredentials = connection.CreateCommand();
        dropCredentials.Transaction = tx;
        dropCredentials.CommandText = "DELETE FROM camera_credentials WHERE device_id = $id";
        var dropId = dropCredentials.Parameters.Add("$id", SqliteType.Text);
        using var change = AuditChangeCommand(connection, tx);

        int inserted = 0, updated = 0, unchanged = 0;
        // In device-ID order every primary-key and audit index insert lands at the end of its B-tree instead of at a
        // random page: a registry import is several times cheaper. OrderBy is stable, so the batch's own order is
        // kept for equal keys.
        foreach (var camera in cameras.OrderBy(c => c.DeviceId.Value, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = CameraRow.From(camera);
            string action;
            IReadOnlyList<string> diff;
            if (existing.TryGetValue(row.DeviceId, out var old))
            {
                diff = row.DiffFrom(old);
                if (diff.Count == 0)
                {
                    unchanged++;
                    continue;
                }

                action = "update";
                updated++;
            }
            else
            {
                diff = ["new"];
                action = "insert";
                inserted++;
            }

            Bind(upsert, row, now);
            // Microsoft.Data.Sqlite runs async commands synchronously anyway; the sync call saves a Task per row.
            upsert.ExecuteNonQuery();
            if (row.Username is not null || row.Password is not null)
            {
                credId.Value = row.DeviceId;
                credUser.Value = (object?)row.Username ?? DBNull.Value;
                credPass.Value = (object?)row.Password ?? DBNull.Value;
                credentials.ExecuteNonQuery();
            }
            else if (old is not null && (old.Username is not null || old.Password is not null))
            {
                dropId.Value = row.DeviceId;
                await dropCredentials.ExecuteNonQueryAsync(cancellationToken);
            }

            existing[row.DeviceId] = row;
            if (runId is not null)
            {
                change.Parameters["$run"].Value = runId;
                change.Parameters["$entity"].Value = row.DeviceId;
                change.Parameters["$action"].Value = action;
                change.Parameters["$changes"].Value = string.Join("; ", diff);
                change.ExecuteNonQuery();
            }
        }

        if (audit is not null)
        {
            await InsertRunAsync(connection, tx, runId!, audit, now, inserted, updated, unchanged, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new UpsertSummary(inserted, updated, unchanged, runId);
    }

    public async Task<bool> DecommissionAsync(GbDeviceId deviceId, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var old = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT lifecycle FROM cameras WHERE device_id = @Id", new { Id = deviceId }, tx, cancellationToken: cancellationToken));
        if (old is null)
        {
            return false;
        }

        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE cameras SET lifecycle = 'decommissioned', updated_at = @Now WHERE device_id = @Id", new { Id = deviceId, Now = now }, tx, cancellationToken: cancellationToken));
        var runId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        await InsertRunAsync(connection, tx, runId, new ImportAudit("decommission", "-", changedBy), now, 0, old == "decommissioned" ? 0 : 1, old == "decommissioned" ? 1 : 0, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO import_changes (run_id, entity_id, action, changes) VALUES (@Run, @Id, 'decommission', @Changes)",
            new { Run = runId, Id = deviceId, Changes = $"status: {old} → decommissioned" }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    internal static async Task InsertRunAsync(SqliteConnection connection, SqliteTransaction tx, string runId, ImportAudit audit, string now, int inserted, int updated, int unchanged, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO import_runs (run_id, kind, source_file, file_sha256, imported_by, imported_at, inserted, updated, unchanged)
            VALUES (@RunId, @Kind, @SourceFile, @FileSha256, @ImportedBy, @Now, @Inserted, @Updated, @Unchanged)
            """,
            new { RunId = runId, audit.Kind, audit.SourceFile, audit.FileSha256, audit.ImportedBy, Now = now, Inserted = inserted, Updated = updated, Unchanged = unchanged },
            tx,
            cancellationToken: cancellationToken));

    internal static SqliteCommand AuditChangeCommand(SqliteConnection connection, SqliteTransaction tx)
    {
        var change = connection.CreateCommand();
        change.Transaction = tx;
        change.CommandText = "INSERT INTO import_changes (run_id, entity_id, action, changes) VALUES ($run, $entity, $action, $changes)";
        change.Parameters.Add("$run", SqliteType.Text);
        change.Parameters.Add("$entity", SqliteType.Text);
        change.Parameters.Add("$action", SqliteType.Text);
        change.Parameters.Add("$changes", SqliteType.Text);
        return change;
    }

    private static SqliteCommand CameraUpsertCommand(SqliteConnection connection, SqliteTransaction tx)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO cameras (device_id, name, camera_class, township, village, grid, longitude, latitude, coord_source,
                                 site_type, owner, stream_url, upstream, lifecycle, created_at, updated_at)
            VALUES ($device_id, $name, $camera_class, $township, $village, $grid, $longitude, $latitude, $coord_source,
                    $site_type, $owner, $stream_url, $upstream, $lifecycle, $now, $now)
            ON CONFLICT (device_id) DO UPDATE SET
                name = excluded.name, camera_class = excluded.camera_class, township = excluded.township,
                village = excluded.village, grid = excluded.grid, longitude = excluded.longitude, latitude = excluded.latitude,
                coord_source = excluded.coord_source, site_type = excluded.site_type, owner = excluded.owner,
                stream_url = excluded.stream_url, upstream = excluded.upstream, lifecycle = excluded.lifecycle,
                updated_at = excluded.updated_at
            """;
        foreach (var name in new[] { "$device_id", "$name", "$township", "$village", "$grid", "$coord_source", "$site_type", "$owner", "$stream_url", "$upstream", "$lifecycle", "$now" })
        {
            command.Parameters.Add(name, SqliteType.Text);
        }

        command.Parameters.Add("$camera_class", SqliteType.Integer);
        command.Parameters.Add("$longitude", SqliteType.Real);
        command.Parameters.Add("$latitude", SqliteType.Real);
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, CameraRow row, string now)
    {
        var p = command.Parameters;
        p["$device_id"].Value = row.DeviceId;
        p["$name"].Value = row.Name;
        p["$camera_class"].Value = row.CameraClass;
        p["$township"].Value = row.Township;
        p["$village"].Value = Db(row.Village);
        p["$grid"].Value = Db(row.Grid);
        p["$longitude"].Value = (object?)row.Longitude ?? DBNull.Value;
        p["$latitude"].Value = (object?)row.Latitude ?? DBNull.Value;
        p["$coord_source"].Value = Db(row.CoordSource);
        p["$site_type"].Value = Db(row.SiteType);
        p["$owner"].Value = Db(row.Owner);
        p["$stream_url"].Value = Db(row.StreamUrl);
        p["$upstream"].Value = Db(row.Upstream);
        p["$lifecycle"].Value = row.Lifecycle;
        p["$now"].Value = now;
    }

    private static object Db(string? value) => (object?)value ?? DBNull.Value;

    private static (string Where, DynamicParameters Parameters) Filter(CameraQuery query)
    {
        var clauses = new List<string>();
        var parameters = new DynamicParameters();
        if (query.Class is { } cls)
        {
            clauses.Add("c.camera_class = @Class");
            parameters.Add("Class", (int)cls);
        }

        if (!string.IsNullOrWhiteSpace(query.Township))
        {
            clauses.Add("c.township = @Township");
            parameters.Add("Township", query.Township.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Village))
        {
            clauses.Add("c.village = @Village");
            parameters.Add("Village", query.Village.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Grid))
        {
            clauses.Add("c.grid = @Grid");
            parameters.Add("Grid", query.Grid.Trim());
        }

        if (query.Lifecycle is { } lifecycle)
        {
            clauses.Add("c.lifecycle = @Lifecycle");
            parameters.Add("Lifecycle", lifecycle.ToLabel());
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            // Escape LIKE wildcards so a search for "10%" means the literal text.
            var text = new StringBuilder();
            foreach (var ch in query.Text.Trim())
            {
                if (ch is '%' or '_' or '\\')
                {
                    text.Append('\\');
                }

                text.Append(ch);
            }

            clauses.Add("(c.name LIKE @Text ESCAPE '\\' OR c.device_id LIKE @Text ESCAPE '\\')");
            parameters.Add("Text", "%" + text + "%");
        }

        return (clauses.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", clauses), parameters);
    }
}
