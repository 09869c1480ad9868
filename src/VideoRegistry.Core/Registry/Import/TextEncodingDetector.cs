using System.Text;

namespace VideoRegistry.Core.Registry.Import;

/// <summary>Which text encoding a registry file is in.</summary>
public enum RegistryEncoding
{
    Auto,
    Utf8,
    Gb18030,
}

/// <summary>
/// Decodes spreadsheet exports: a UTF-8 BOM or bytes that are valid UTF-8 mean UTF-8; anything else is taken as
/// GB18030, the superset of GBK/GB2312 that Excel on Chinese Windows writes.
/// </summary>
public static class TextEncodingDetector
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    public static string Label(RegistryEncoding encoding) => encoding == RegistryEncoding.Gb18030 ? "gb18030" : "utf-8";

    public static Parsed<RegistryEncoding> ParseOption(string? raw) => (raw ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" or "" => Parsed<RegistryEncoding>.Success(RegistryEncoding.Auto),
        "utf-8" or "utf8" => Parsed<RegistryEncoding>.Success(RegistryEncoding.Utf8),
        "gb18030" or "gbk" or "gb2312" => Parsed<RegistryEncoding>.Success(RegistryEncoding.Gb18030),
        _ => Parsed<RegistryEncoding>.Fail("encoding_unknown", $"不支持的编码 '{raw}' / unknown encoding '{raw}'; expected auto, utf-8 or gb18030"),
    };

    /// <summary>Decodes <paramref name="bytes"/>; with <see cref="RegistryEncoding.Auto"/> detects first. A BOM is dropped.</summary>
    public static (string Text, RegistryEncoding Encoding) Decode(ReadOnlySpan<byte> bytes, RegistryEncoding requested = RegistryEncoding.Auto)
    {
        var hasBom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        if (requested == RegistryEncoding.Gb18030)
        {
            return (Gb18030.GetString(bytes), RegistryEncoding.Gb18030);
        }

        var body = hasBom ? bytes[3..] : bytes;
        if (requested == RegistryEncoding.Utf8 || hasBom)
        {
            return (Encoding.UTF8.GetString(body), RegistryEncoding.Utf8);
        }

        try
        {
            return (StrictUtf8.GetString(body), RegistryEncoding.Utf8);
        }
        catch (DecoderFallbackException)
        {
            return (Gb18030.GetString(bytes), RegistryEncoding.Gb18030);
        }
    }
}
