using System.Text;
using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Core.Tests.Registry.Import;

public class CsvReaderTests
{
    [Fact]
    public void Parse_QuotedCommasQuotesAndNewlines_PerRfc4180()
    {
        var text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"line1\r\nline2\nline3\",z\r\n3,,\r\n";
        var records = CsvReader.Parse(text);

        Assert.Equal(4, records.Count);
        Assert.Equal(["1", "x, y", "say \"hi\""], records[1].Fields);
        Assert.Equal("line1\r\nline2\nline3", records[2].Fields[1]);
        Assert.Equal(["3", "", ""], records[3].Fields);
    }

    [Fact]
    public void Parse_TracksPhysicalStartLine()
    {
        var text = "h1,h2\n1,\"a\nb\nc\"\n2,x\r\n\r\n3,y";
        var records = CsvReader.Parse(text);

        Assert.Equal([1, 2, 5, 6, 7], records.Select(r => r.Line));
        Assert.True(records[3].IsBlank);
        Assert.Equal(["3", "y"], records[4].Fields);
    }

    [Fact]
    public void Parse_LoneCarriageReturns_EndRecords()
    {
        var records = CsvReader.Parse("a,b\r1,2\r");
        Assert.Equal(2, records.Count);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void WriteRecord_ThenParse_RoundTrips()
    {
        var values = new[] { "plain", "with,comma", "with \"quote\"", "multi\r\nline", "", "中文" };
        var sb = new StringBuilder();
        using (var w = new StringWriter(sb))
        {
            CsvReader.WriteRecord(w, values);
        }

        Assert.Equal(values, CsvReader.Parse(sb.ToString()).Single().Fields);
    }

    [Theory]
    [InlineData("h1,h2\n1,\"a\nb\nc\"\n2,x\r\n\r\n3,y")]
    [InlineData("a,b\r1,2\r")]
    [InlineData("\"a\"b,c\"d\",\"\"\"q\"\"\"\r\n,,\n")]
    [InlineData("\"open,never closed\r\nstill\r")]
    [InlineData("x,\"cr\rinside\",\"crlf\r\ninside\"\r\nlast")]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("\"\"")]
    public void Parse_AgreesWithStreamingRead(string text)
    {
        var fast = CsvReader.Parse(text);
        var streamed = CsvReader.Read(new StringReader(text)).ToList();

        Assert.Equal(streamed.Select(r => (r.Line, string.Join("\u0001", r.Fields))), fast.Select(r => (r.Line, string.Join("\u0001", r.Fields))));
    }
}
