namespace VideoRegistry.Core.Registry.Import;

/// <summary>Why one field of one row was rejected.</summary>
public sealed record RowError(string Field, string Code, string Message)
{
    public static RowError From(string field, ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RowError(field, error.Code, error.Message);
    }
}

/// <summary>
/// The verdict on one data record: <see cref="Row"/> is the 1-based record number (header excluded), <see cref="Line"/>
/// the physical line it starts on, <see cref="Key"/> the (normalised when possible) device ID or grid code.
/// </summary>
public sealed record RowVerdict<T>(int Row, int Line, string? Key, T? Value, IReadOnlyList<RowError> Errors)
    where T : class
{
    public bool Accepted => Errors.Count == 0 && Value is not null;
}
