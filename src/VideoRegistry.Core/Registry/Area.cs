namespace VideoRegistry.Core.Registry;

/// <summary>A grid from the county grid catalogue (网格编码目录): the unit coverage is asked for.</summary>
public sealed record Grid
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required string Township { get; init; }

    public string? Village { get; init; }

    /// <summary>town / rural / residential / enterprise (城镇/农村/小区/企业).</summary>
    public string? Type { get; init; }

    /// <summary>How many working cameras the grid should have; null when the catalogue does not say.</summary>
    public int? RequiredCameras { get; init; }
}
