using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Demo;
using VideoRegistry.Core.Registry.Import;

namespace VideoRegistry.Core.Tests.Registry.Demo;

public class DemoCountyTests
{
    private static readonly DemoCounty County = DemoCounty.Generate();

    [Fact]
    public void Generate_Counts_MatchGulangFigures()
    {
        Assert.Equal(7071, County.Cameras.Count);
        Assert.Equal(1932, County.Cameras.Count(c => c.Class == CameraClass.I));
        Assert.Equal(1159, County.Cameras.Count(c => c.Class == CameraClass.II));
        Assert.Equal(3980, County.Cameras.Count(c => c.Class == CameraClass.III));
        Assert.Equal(690, County.Grids.Count);
        Assert.Equal(690, County.Grids.Select(g => g.Code).Distinct().Count());

        var townships = County.Cameras.Select(c => c.Township).Distinct().ToList();
        Assert.Equal(20, townships.Count);
        Assert.Equal(20, County.Grids.Select(g => g.Township).Distinct().Count());
        foreach (var township in townships)
        {
            // Every township has all three classes and its share follows its weight (the seat is the largest).
            Assert.All(Enum.GetValues<CameraClass>(), cls => Assert.Contains(County.Cameras, c => c.Township == township && c.Class == cls));
        }

        var perTownship = County.Cameras.GroupBy(c => c.Township).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal("古浪镇", perTownship.MaxBy(p => p.Value).Key);
        Assert.True(perTownship.Values.Min() >= 150, $"smallest township has {perTownship.Values.Min()} cameras");
    }

    [Fact]
    public void Generate_Grids_FewUncoveredAndEveryOtherCovered()
    {
        var cameraGrids = County.Cameras.Select(c => c.Grid!).ToHashSet(StringComparer.Ordinal);
        var gridCodes = County.Grids.Select(g => g.Code).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(12, County.UncoveredGrids.Count);
        Assert.All(County.UncoveredGrids, code => Assert.DoesNotContain(code, cameraGrids));
        Assert.All(gridCodes.Except(County.UncoveredGrids), code => Assert.Contains(code, cameraGrids));
        Assert.Subset(gridCodes, cameraGrids);
        // A camera's township is the township of its grid.
        var gridTownship = County.Grids.ToDictionary(g => g.Code, g => g.Township, StringComparer.Ordinal);
        Assert.All(County.Cameras, c => Assert.Equal(gridTownship[c.Grid!], c.Township));
    }

    [Fact]
    public void Generate_Twice_IdenticalCsv()
    {
        Assert.Equal(Csv(County), Csv(DemoCounty.Generate()));
    }

    [Fact]
    public void Generate_DeviceIds_ValidUniqueCamerasOfTheCounty()
    {
        var ids = County.Cameras.Select(c => c.DeviceId.Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(County.Cameras, c =>
        {
            var reparsed = GbDeviceId.TryParse(c.DeviceId.Value);
            Assert.True(reparsed.Ok);
            Assert.Equal("620622", c.DeviceId.AdminCode);
            Assert.Contains(c.DeviceId.TypeCode, new[] { 131, 132 });
        });

        Assert.InRange(County.Upstreams.Count, 3, 12);
        Assert.All(County.Upstreams, u =>
        {
            Assert.Equal(118, u.TypeCode);
            Assert.Equal("620622", u.AdminCode);
            Assert.DoesNotContain(u.Value, ids);
        });
        Assert.Equal(County.Upstreams.Count, County.Upstreams.Distinct().Count());
    }

    [Fact]
    public void Generate_Coordinates_InsideTheCountyBox()
    {
        Assert.All(County.Cameras, c =>
        {
            Assert.NotNull(c.Location);
            Assert.InRange(c.Location.Longitude, 102.6, 104.0);
            Assert.InRange(c.Location.Latitude, 37.0, 37.9);
        });
    }

    [Fact]
    public void Generate_Faults_FewPercentAndOneUpstreamDown()
    {
        var byFault = County.Faults.Values.GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        var broken = County.Faults.Values.Count(f => f is not (DemoFault.None or DemoFault.AuthOk));
        Assert.InRange(broken * 100.0 / County.Cameras.Count, 1.0, 5.0);
        foreach (var fault in Enum.GetValues<DemoFault>().Where(f => f != DemoFault.None))
        {
            Assert.True(byFault.GetValueOrDefault(fault) > 0, $"no camera planted with {fault}");
        }

        var behindDown = County.Cameras.Where(c => c.Upstream == County.DownUpstream).ToList();
        Assert.Equal(32, behindDown.Count);
        Assert.All(behindDown, c =>
        {
            Assert.Equal(DemoFault.UpstreamDown, County.Faults[c.DeviceId.Value]);
            Assert.Equal(8557, c.Stream!.Port);
        });
        Assert.True(County.Cameras.Count(c => c.Upstream is not null && c.Upstream != County.DownUpstream) > 100);
        Assert.Contains(County.Cameras, c => c.Lifecycle == CameraLifecycle.Maintenance);
        Assert.Contains(County.Cameras, c => c.Lifecycle == CameraLifecycle.Decommissioned);
    }

    [Fact]
    public void Generate_StreamUrls_FollowTheSimulatorPortConvention()
    {
        foreach (var camera in County.Cameras)
        {
            var s = camera.Stream!;
            var fault = County.Faults[camera.DeviceId.Value];
            Assert.Equal("rtsp", s.Scheme);
            Assert.Equal("127.0.0.1", s.Host);
            var expectedPort = fault switch
            {
                DemoFault.Refused => 8553,
                DemoFault.Hung => 8555,
                DemoFault.UpstreamDown => 8557,
                _ => 8554,
            };
            Assert.Equal(expectedPort, s.Port);
            switch (fault)
            {
                case DemoFault.None:
                    Assert.Matches("^/ok/[0-9]+$", s.PathAndQuery);
                    Assert.False(s.HasCredentials);
                    break;
                case DemoFault.AuthOk:
                    Assert.StartsWith("/auth/", s.PathAndQuery, StringComparison.Ordinal);
                    Assert.Equal(("viewer", "demo-pass-2026"), (s.UserName, s.Password));
                    break;
                case DemoFault.AuthWrongPassword:
                    Assert.StartsWith("/auth/", s.PathAndQuery, StringComparison.Ordinal);
                    Assert.Equal("viewer", s.UserName);
                    Assert.NotEqual("demo-pass-2026", s.Password);
                    break;
                case DemoFault.Black:
                    Assert.Equal("/black", s.PathAndQuery);
                    break;
                case DemoFault.Frozen:
                    Assert.Equal("/frozen", s.PathAndQuery);
                    break;
                case DemoFault.NotFound:
                    Assert.DoesNotMatch("^/(ok|auth)/|^/(black|frozen)$", s.PathAndQuery);
                    break;
            }
        }
    }

    [Fact]
    public void Generate_OtherSimulator_MovesEveryPort()
    {
        var county = DemoCounty.Generate(new DemoCountyOptions { Host = "10.0.0.5", Port = 9554 });
        var ports = county.Cameras.Select(c => c.Stream!.Port).ToHashSet();
        Assert.Equal(new HashSet<int> { 9553, 9554, 9555, 9557 }, ports);
        Assert.All(county.Cameras, c => Assert.Equal("10.0.0.5", c.Stream!.Host));
        // Same registry otherwise.
        Assert.Equal(County.Cameras.Select(c => c.DeviceId), county.Cameras.Select(c => c.DeviceId));
    }

    [Fact]
    public void Generate_Names_TownshipPlaceAndNumber()
    {
        Assert.All(County.Cameras, c =>
        {
            Assert.StartsWith(c.Township, c.Name, StringComparison.Ordinal);
            Assert.EndsWith("号", c.Name, StringComparison.Ordinal);
        });
        Assert.Equal(County.Cameras.Count, County.Cameras.Select(c => c.Name).Distinct().Count());
        var siteTypes = County.Cameras.Select(c => c.SiteType).ToHashSet();
        Assert.Superset(new HashSet<string?> { "重点集镇", "主要路段", "居民小区", "学校", "医院" }, siteTypes);
    }

    [Fact]
    public void Apportion_SplitsExactlyByWeight()
    {
        var counts = DemoCounty.Apportion(10, [1, 1, 1]);
        Assert.Equal(new[] { 4, 3, 3 }, counts);
        Assert.Equal(1932, DemoCounty.Apportion(1932, DemoCounty.Townships.Select(t => t.Weight).ToList()).Sum());
    }

    private static string Csv(DemoCounty county)
    {
        using var writer = new StringWriter();
        RegistryCsvWriter.WriteCameras(writer, county.Cameras, includeCredentials: true);
        RegistryCsvWriter.WriteGrids(writer, county.Grids);
        return writer.ToString();
    }
}
