namespace VideoRegistry.Core;

/// <summary>
/// Why a value was rejected: a stable machine code (snake_case) and a bilingual message a technician can act on.
/// </summary>
public sealed record ValidationError(string Code, string Message);

/// <summary>Outcome of parsing a domain value: either a value or the reason it was rejected.</summary>
public readonly record struct Parsed<T>(T? Value, ValidationError? Error)
{
    public bool Ok => Error is null;

    public static Parsed<T> Success(T value) => new(value, null);

    public static Parsed<T> Fail(string code, string message) => new(default, new ValidationError(code, message));
}
