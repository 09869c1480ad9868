using System.Text;
using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Core.Tests.Registry.Import;

public class TextEncodingDetectorTests
{
    private const string Sample = "设备编码,设备名称\r\n62062200001320000001,\"古浪镇人民路\r\n1号\"\r\n";

    [Fact]
    public void Decode_Utf8WithBom_DropsBom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Sample)).ToArray();
        var (text, enc) = TextEncodingDetector.Decode(bytes);
        Assert.Equal(RegistryEncoding.Utf8, enc);
        Assert.Equal(Sample, text);
    }

    [Fact]
    public void Decode_Utf8WithoutBom_Detected()
    {
        var (text, enc) = TextEncodingDetector.Decode(Encoding.UTF8.GetBytes(Sample));
        Assert.Equal(RegistryEncoding.Utf8, enc);
        Assert.Equal(Sample, text);
    }

    [Fact]
    public void Decode_Gbk_DetectedAsGb18030()
    {
        var gbk = TextEncodingDetector.Gb18030.GetBytes(Sample);
        Assert.NotEqual(Encoding.UTF8.GetBytes(Sample), gbk);

        var (text, enc) = TextEncodingDetector.Decode(gbk);

        Assert.Equal(RegistryEncoding.Gb18030, enc);
        Assert.Equal(Sample, text);
        Assert.Equal("古浪镇人民路\r\n1号", CsvReader.Parse(text)[1].Fields[1]);
    }

    [Fact]
    public void Decode_ForcedEncoding_Honoured()
    {
        var gbk = TextEncodingDetector.Gb18030.GetBytes(Sample);
        Assert.Equal(Sample, TextEncodingDetector.Decode(gbk, RegistryEncoding.Gb18030).Text);
        Assert.Equal(RegistryEncoding.Utf8, TextEncodingDetector.Decode(Encoding.UTF8.GetBytes(Sample), RegistryEncoding.Utf8).Encoding);
    }

    [Theory]
    [InlineData("auto", RegistryEncoding.Auto)]
    [InlineData("UTF-8", RegistryEncoding.Utf8)]
    [InlineData("gbk", RegistryEncoding.Gb18030)]
    [InlineData("gb18030", RegistryEncoding.Gb18030)]
    public void ParseOption_Known(string raw, RegistryEncoding expected) => Assert.Equal(expected, TextEncodingDetector.ParseOption(raw).Value);

    [Fact]
    public void ParseOption_Unknown_Rejected() => Assert.Equal("encoding_unknown", TextEncodingDetector.ParseOption("latin1").Error!.Code);
}
