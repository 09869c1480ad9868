using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;

namespace VideoRegistry.Worker.Metrics;

/// <summary>Reads the grid catalogue (网格编码目录) table for coverage metrics.</summary>
internal sealed class SqliteGridCatalog(SqliteDatabase database)
{
    public async Task<IReadOnlyList<Grid>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT code, name, township, village, grid_type, required_cameras FROM grids";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var grids = new List<Grid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            grids.Add(new Grid
            {
                Code = reader.GetString(0),
                Name = reader.GetString(1),
                Township = reader.GetString(2),
                Village = reader.IsDBNull(3) ? null : reader.GetString(3),
                Type = reader.IsDBNull(4) ? null : reader.GetString(4),
                RequiredCameras = reader.IsDBNull(5) ? null : reader.GetInt32(5),
            });
        }

        return grids;
    }
}
