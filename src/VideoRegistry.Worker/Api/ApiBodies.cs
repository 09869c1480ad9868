using System.Globalization;

namespace VideoRegistry.Worker.Api;

/// <summary>
/// Reads a request body into memory up to a limit: a declared Content-Length over it, or a chunked body that grows
/// past it, is a 413 before anything is parsed. Enforced here rather than only in Kestrel so that every host
/// (and the test server) applies the same limit, per endpoint.
/// </summary>
internal static class ApiBodies
{
    public static async Task<(MemoryStream? Body, IResult? Problem)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return (null, ApiProblems.TooLarge(limit));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = await request.Body.ReadAsync(chunk, cancellationToken);
            if (n == 0)
            {
                break;
            }

            if (buffer.Length + n > limit)
            {
                await buffer.DisposeAsync();
                return (null, ApiProblems.TooLarge(limit));
            }

            buffer.Write(chunk, 0, n);
        }

        buffer.Position = 0;
        return (buffer, null);
    }

    /// <summary>Paging from query text: offset ≥ 0, 1 ≤ limit ≤ max; the problem names the bad value.</summary>
    public static IResult? Paging(string? rawOffset, string? rawLimit, int defaultLimit, int maxLimit, out int offset, out int limit)
    {
        offset = 0;
        limit = defaultLimit;
        if (!string.IsNullOrEmpty(rawOffset) && (!int.TryParse(rawOffset, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            return ApiProblems.BadRequest("bad_offset", $"offset 无效 '{ApiProblems.Shorten(rawOffset)}' / bad offset '{ApiProblems.Shorten(rawOffset)}': expected a whole number ≥ 0");
        }

        if (!string.IsNullOrEmpty(rawLimit) && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            return ApiProblems.BadRequest("bad_limit", $"limit 无效 '{ApiProblems.Shorten(rawLimit)}' / bad limit '{ApiProblems.Shorten(rawLimit)}': expected 1..{maxLimit}");
        }

        return null;
    }
}
