namespace VideoRegistry.Probing.Reach;

/// <summary>Status line and headers of one RTSP response (the body is read apart, by Content-Length).</summary>
public sealed class RtspResponse
{
    public RtspResponse(string version, int statusCode, string reasonPhrase, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Version = version;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
    }

    public string Version { get; }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Body length announced by Content-Length (0 when absent).</summary>
    public int ContentLength => int.TryParse(Header("Content-Length"), out var n) && n >= 0 ? n : 0;

    /// <summary>First header of that name (names are case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var h in Headers)
        {
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return h.Value;
            }
        }

        return null;
    }

    /// <summary>Every header of that name, in order (a server may send several WWW-Authenticate headers).</summary>
    public IEnumerable<string> HeadersNamed(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}
