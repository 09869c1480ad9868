using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Tests.Registry;

public class GbDeviceIdTests
{
    [Theory]
    [InlineData("62062200001310000001", "62062200001310000001")]
    [InlineData("  62062200001310000001\t", "62062200001310000001")]
    [InlineData("６２０６２２００００１３１００００００１", "62062200001310000001")]
    [InlineData("'62062200001310000001", "62062200001310000001")]
    [InlineData("620622 0000 131 0000001", "62062200001310000001")]
    [InlineData("\u300062062200001310000001\u3000", "62062200001310000001")]
    public void TryParse_HarmlessVariants_Normalised(string raw, string expected)
    {
        var parsed = GbDeviceId.TryParse(raw);
        Assert.True(parsed.Ok, parsed.Error?.Message);
        Assert.Equal(expected, parsed.Value!.Value);
    }

    [Theory]
    [InlineData("6.20622E+19", "id_scientific_notation")]
    [InlineData("6.20622000013100E+19", "id_scientific_notation")]
    [InlineData("6206220000131000000", "id_length")]
    [InlineData("620622000013100000012", "id_length")]
    [InlineData("62062200001310000O01", "id_not_digits")]
    [InlineData("", "id_missing")]
    [InlineData("   ", "id_missing")]
    [InlineData(null, "id_missing")]
    public void TryParse_Invalid_RejectedWithCode(string? raw, string code)
    {
        var parsed = GbDeviceId.TryParse(raw);
        Assert.False(parsed.Ok);
        Assert.Equal(code, parsed.Error!.Code);
    }

    [Fact]
    public void TryParse_Scientific_MessageShowsWhatWasFound()
    {
        var parsed = GbDeviceId.TryParse("6.20622E+19");
        Assert.Contains("6.20622E+19", parsed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_WrongLength_MessageSaysHowManyDigits()
    {
        var parsed = GbDeviceId.TryParse("6206220000131000000");
        Assert.Contains("19", parsed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_AreDecoded()
    {
        var id = GbDeviceId.Parse("62062201051327000123");
        Assert.Equal("620622", id.AdminCode);
        Assert.Equal("01", id.BasicUnit);
        Assert.Equal(5, id.Industry);
        Assert.Equal(132, id.TypeCode);
        Assert.Equal(7, id.Network);
        Assert.Equal("000123", id.Serial);
        Assert.True(id.IsCamera);
        Assert.False(id.IsUpstreamType);
    }

    [Theory]
    [InlineData("62062200001180000001", false, true)]
    [InlineData("62062200002000000001", false, true)]
    [InlineData("62062200001110000001", false, true)]
    [InlineData("62062200001310000001", true, false)]
    [InlineData("62062200001340000001", false, false)]
    public void TypeKinds_CameraVersusUpstream(string raw, bool camera, bool upstream)
    {
        var id = GbDeviceId.Parse(raw);
        Assert.Equal(camera, id.IsCamera);
        Assert.Equal(upstream, id.IsUpstreamType);
    }
}
