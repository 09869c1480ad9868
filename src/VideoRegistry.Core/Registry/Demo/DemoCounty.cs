using System.Globalization;
using VideoRegistry.Core.Geo;

namespace VideoRegistry.Core.Registry.Demo;

/// <summary>
/// Where the demo streams point. The camera simulator listens on <see cref="Port"/> and its hung port on
/// <see cref="HungPort"/>; nothing listens on <see cref="RefusedPort"/> or <see cref="NvrDownPort"/>
/// (defaults 8554, 8555, 8553, 8557: the port convention of the local simulator).
/// </summary>
public sealed record DemoCountyOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8554;

    public int HungPort => Port + 1;

    public int RefusedPort => Port - 1;

    public int NvrDownPort => Port + 3;
}

/// <summary>What the demo registry plants on a camera so dashboards and reports show something true.</summary>
public enum DemoFault
{
    None,

    /// <summary>Nothing listens on the port: connection refused.</summary>
    Refused,

    /// <summary>The port accepts TCP and never answers: timeout.</summary>
    Hung,

    /// <summary>The registered path does not exist on the server: RTSP 404.</summary>
    NotFound,

    Black,

    Frozen,

    /// <summary>Digest auth with the wrong password: 401.</summary>
    AuthWrongPassword,

    /// <summary>Digest auth with the right credentials (stored apart from the URL): online.</summary>
    AuthOk,

    /// <summary>Behind the one upstream NVR that is down: one upstream incident, not 32 dead cameras.</summary>
    UpstreamDown,
}

/// <summary>A township of the demo county: name, approximate centre (WGS-84) and relative size.</summary>
public sealed record DemoTownship(string Name, double Longitude, double Latitude, int Weight, bool Urban);

/// <summary>
/// The demo county, modelled on Gulang (古浪县, 620622): 20 townships, 690 grids (a few without any camera),
/// 1,932 class I + 1,159 class II + 3,980 class III cameras, a few upstream NVRs, and a few percent of planted
/// faults. Generated from a fixed seed: every run yields the same registry, byte for byte.
/// </summary>
public sealed class DemoCounty
{
    public const string AdminCode = "620622";
    public const string CountyName = "古浪县";
    public const int GridCount = 690;
    public const int ClassICount = 1932;
    public const int ClassIICount = 1159;
    public const int ClassIIICount = 3980;
    public const int CameraCount = ClassICount + ClassIICount + ClassIIICount;
    public const int UncoveredGridCount = 12;
    public const string AuthUser = "viewer";

    /// <summary>The simulator's password: an obviously-demo value, committed on purpose in config/demo/cameras.csv.</summary>
    public const string AuthPassword = "demo-pass-2026";

    public const string WrongPassword = "wrong-pass-2026";

    public const double MinLongitude = 102.6;
    public const double MaxLongitude = 104.0;
    public const double MinLatitude = 37.0;
    public const double MaxLatitude = 37.9;

    private const ulong Seed = 620622_2026;

    /// <summary>Cameras behind each upstream NVR; the first NVR is the one that is down.</summary>
    private static readonly int[] NvrCameraCounts = [32, 48, 56, 40, 64, 36, 52, 44];

    /// <summary>Township index of each NVR, same order as <see cref="NvrCameraCounts"/>.</summary>
    private static readonly int[] NvrTownships = [2, 0, 1, 10, 19, 4, 11, 6];

    private static readonly (DemoFault Fault, int Count)[] PlantedFaults =
    [
        (DemoFault.Refused, 64),
        (DemoFault.Hung, 16),
        (DemoFault.NotFound, 24),
        (DemoFault.Black, 24),
        (DemoFault.Frozen, 20),
        (DemoFault.AuthWrongPassword, 14),
        (DemoFault.AuthOk, 40),
    ];

    private const int MaintenanceCount = 8;
    private const int DecommissionedCount = 5;

    /// <summary>
    /// Gulang's towns and townships (real names; centres approximate). The twentieth, 城关街道, is a generic
    /// urban street office standing in for the county seat's street-level units.
    /// </summary>
    public static IReadOnlyList<DemoTownship> Townships { get; } =
    [
        new("古浪镇", 102.898, 37.470, 10, true),
        new("大靖镇", 103.620, 37.480, 8, true),
        new("土门镇", 103.080, 37.640, 7, true),
        new("泗水镇", 102.980, 37.560, 5, false),
        new("定宁镇", 103.170, 37.470, 4, false),
        new("裴家营镇", 103.780, 37.280, 5, false),
        new("海子滩镇", 103.880, 37.620, 4, false),
        new("黄羊川镇", 102.700, 37.300, 4, false),
        new("黑松驿镇", 102.800, 37.180, 3, false),
        new("永丰滩镇", 103.300, 37.700, 4, false),
        new("黄花滩镇", 103.350, 37.800, 5, false),
        new("西靖镇", 103.460, 37.760, 4, false),
        new("民权镇", 103.450, 37.400, 3, false),
        new("直滩镇", 103.600, 37.700, 3, false),
        new("古丰镇", 102.750, 37.380, 3, false),
        new("新堡乡", 103.250, 37.300, 2, false),
        new("干城乡", 103.300, 37.150, 2, false),
        new("横梁乡", 103.100, 37.250, 2, false),
        new("十八里堡乡", 102.850, 37.380, 2, false),
        new("城关街道", 102.920, 37.480, 6, true),
    ];

    private static readonly string[] VillageStems =
    [
        "团结", "红光", "胜利", "和平", "新华", "东风", "光明", "向阳", "建设", "前进", "幸福", "民主", "富强", "友谊",
        "永安", "长城", "东关", "西关", "兴隆", "双塔", "三合", "五一", "新民", "联合", "丰收", "新河", "柳条", "大庄",
        "小井", "高峰", "马场", "沙河", "石门", "龙泉", "黄草", "红星", "新建", "曙光", "中和", "峡口",
    ];

    private static readonly string[] Roads = ["人民路", "建设路", "滨河路", "昌灵路", "迎宾大道", "商贸街", "文化街", "312国道", "营双高速连接线", "北环路", "南环路", "新华街"];

    private static readonly (string SiteType, string[] Places)[] ClassISites =
    [
        ("重点集镇", ["中心广场", "集贸市场", "镇政府门前", "中心街"]),
        ("主要路段", []),
        ("交通路口", []),
        ("车站", ["汽车站", "客运站", "公交首末站"]),
    ];

    private static readonly (string SiteType, string[] Places)[] ClassIISites =
    [
        ("学校", ["中心小学", "第一中学", "九年制学校", "中心幼儿园"]),
        ("医院", ["卫生院", "中医医院", "人民医院"]),
        ("银行", ["农村信用社", "邮政储蓄所", "农商银行"]),
        ("加油站", ["中石油加油站", "中石化加油站"]),
        ("企事业单位", ["供电所", "粮站", "自来水厂", "农贸公司"]),
    ];

    private static readonly string[] Gates = ["大门", "北门", "东门", "西门", "南门", "院内", "停车场"];

    private static readonly string[] Compounds = ["幸福家园", "阳光花园", "昌灵新城", "金色家园", "滨河苑", "锦绣苑", "和谐家园", "丰泽园"];

    private static readonly string[] VillagePlaces = ["村委会", "文化广场", "主干道", "路口", "小学路口", "养殖小区"];

    private DemoCounty()
    {
    }

    public required IReadOnlyList<Grid> Grids { get; init; }

    public required IReadOnlyList<Camera> Cameras { get; init; }

    /// <summary>The planted fault of each camera, by device ID.</summary>
    public required IReadOnlyDictionary<string, DemoFault> Faults { get; init; }

    /// <summary>Upstream NVRs (type 118); the first is <see cref="DownUpstream"/>.</summary>
    public required IReadOnlyList<GbDeviceId> Upstreams { get; init; }

    public GbDeviceId DownUpstream => Upstreams[0];

    /// <summary>Grid codes no camera is registered in.</summary>
    public required IReadOnlySet<string> UncoveredGrids { get; init; }

    public static DemoCounty Generate(DemoCountyOptions? options = null)
    {
        options ??= new DemoCountyOptions();
        var random = new DemoRandom(Seed);
        var weights = Townships.Select(t => t.Weight).ToArray();

        var grids = new List<Grid>(GridCount);
        var gridCentres = new Dictionary<string, (double Lon, double Lat)>(StringComparer.Ordinal);
        var gridsByTownship = new List<List<Grid>>();
        var extraGrids = Apportion(GridCount - (15 * Townships.Count), weights);
        for (var t = 0; t < Townships.Count; t++)
        {
            var township = Townships[t];
            var count = 15 + extraGrids[t];
            var villages = Villages(t, Math.Max(5, count / 3));
            var own = new List<Grid>(count);
            for (var g = 0; g < count; g++)
            {
                var village = villages[g % villages.Count];
                var type = GridType(township, g);
                var grid = new Grid
                {
                    Code = string.Create(CultureInfo.InvariantCulture, $"{AdminCode}{t + 1:00}{g + 1:000}"),
                    Name = string.Create(CultureInfo.InvariantCulture, $"{village}第{(g / villages.Count) + 1}网格"),
                    Township = township.Name,
                    Village = village,
                    Type = type,
                    RequiredCameras = type switch { "城镇" => 16, "小区" => 10, "企业" => 4, _ => 6 },
                };
                own.Add(grid);
                gridCentres[grid.Code] = (township.Longitude + random.Spread(0.06), township.Latitude + random.Spread(0.045));
            }

            grids.AddRange(own);
            gridsByTownship.Add(own);
        }

        // A few rural grids with no camera at all: the coverage report's first finding.
        var uncovered = new HashSet<string>(StringComparer.Ordinal);
        while (uncovered.Count < UncoveredGridCount)
        {
            var candidates = gridsByTownship[random.Next(Townships.Count)];
            var grid = candidates[1 + random.Next(candidates.Count - 1)];
            if (grid.Type == "农村")
            {
                uncovered.Add(grid.Code);
            }
        }

        var perClass = new (CameraClass Class, int[] Counts)[]
        {
            (CameraClass.I, Apportion(ClassICount, weights)),
            (CameraClass.II, Apportion(ClassIICount, weights)),
            (CameraClass.III, Apportion(ClassIIICount, weights)),
        };

        var drafts = new List<Draft>(CameraCount);
        for (var t = 0; t < Townships.Count; t++)
        {
            var township = Townships[t];
            var covered = gridsByTownship[t].Where(g => !uncovered.Contains(g.Code)).ToList();
            random.Shuffle(covered);
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            var next = 0;
            foreach (var (cls, counts) in perClass)
            {
                for (var i = 0; i < counts[t]; i++)
                {
                    var grid = covered[next++ % covered.Count];
                    var (siteType, place, industry) = Site(cls, township, grid, random);
                    var prefix = township.Name + place;
                    names[prefix] = names.GetValueOrDefault(prefix) + 1;
                    var centre = gridCentres[grid.Code];
                    var lon = Math.Round(Math.Clamp(centre.Lon + random.Spread(0.008), MinLongitude + 0.01, MaxLongitude - 0.01), 6);
                    var lat = Math.Round(Math.Clamp(centre.Lat + random.Spread(0.006), MinLatitude + 0.01, MaxLatitude - 0.01), 6);
                    var type = cls == CameraClass.II || random.NextDouble() < 0.85 ? "132" : "131";
                    var network = cls switch { CameraClass.I => '0', CameraClass.II => '2', _ => '8' };
                    var serial = drafts.Count + 1;
                    drafts.Add(new Draft
                    {
                        Ordinal = serial,
                        Township = t,
                        Id = GbDeviceId.Parse(string.Create(CultureInfo.InvariantCulture, $"{AdminCode}00{industry}{type}{network}{serial:000000}")),
                        Name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{names[prefix]}号"),
                        Class = cls,
                        Grid = grid,
                        SiteType = siteType,
                        Owner = cls switch
                        {
                            CameraClass.I => "古浪县公安局",
                            CameraClass.II => township.Name + place.Split('·')[0],
                            _ => "中国电信古浪分公司",
                        },
                        Location = GeoPoint.FromWgs84(lon, lat).Value!,
                    });
                }
            }
        }

        // Upstream NVRs: class III village cameras reached through a telecom NVR; the first NVR is down.
        var upstreams = new List<GbDeviceId>();
        for (var n = 0; n < NvrCameraCounts.Length; n++)
        {
            var nvr = GbDeviceId.Parse(string.Create(CultureInfo.InvariantCulture, $"{AdminCode}00011188{900001 + n:000000}"));
            upstreams.Add(nvr);
            foreach (var d in drafts.Where(d => d.Township == NvrTownships[n] && d.Class == CameraClass.III && d.Upstream is null).Take(NvrCameraCounts[n]))
            {
                d.Upstream = nvr;
                d.Fault = n == 0 ? DemoFault.UpstreamDown : DemoFault.None;
            }
        }

        var healthy = drafts.Where(d => d.Fault == DemoFault.None).ToList();
        random.Shuffle(healthy);
        var cursor = 0;
        foreach (var (fault, count) in PlantedFaults)
        {
            for (var i = 0; i < count; i++)
            {
                healthy[cursor++].Fault = fault;
            }
        }

        for (var i = 0; i < MaintenanceCount + DecommissionedCount; i++)
        {
            healthy[cursor++].Lifecycle = i < MaintenanceCount ? CameraLifecycle.Maintenance : CameraLifecycle.Decommissioned;
        }

        var cameras = drafts.Select(d => d.ToCamera(options)).ToList();
        return new DemoCounty
        {
            Grids = grids,
            Cameras = cameras,
            Faults = drafts.ToDictionary(d => d.Id.Value, d => d.Fault, StringComparer.Ordinal),
            Upstreams = upstreams,
            UncoveredGrids = uncovered,
        };
    }

    /// <summary>Largest-remainder split of <paramref name="total"/> by <paramref name="weights"/>; ties go to the earlier index.</summary>
    public static int[] Apportion(int total, IReadOnlyList<int> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sum = weights.Sum();
        var counts = new int[weights.Count];
        var remainders = new (double Remainder, int Index)[weights.Count];
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (double)total * weights[i] / sum;
            counts[i] = (int)Math.Floor(exact);
            remainders[i] = (exact - counts[i], i);
        }

        var left = total - counts.Sum();
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take(left))
        {
            counts[index]++;
        }

        return counts;
    }

    private static List<string> Villages(int township, int count)
    {
        var urban = Townships[township].Urban;
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var stem = VillageStems[((township * 7) + i) % VillageStems.Length];
            // Urban townships: communities first, then the villages on the edge of town.
            list.Add(urban && i < count / 2 ? stem + "社区" : stem + "村");
        }

        return list;
    }

    private static string GridType(DemoTownship township, int index) => index switch
    {
        < 2 => "城镇",
        _ when township.Urban && index % 3 != 0 => "小区",
        _ when index % 15 == 7 => "企业",
        _ => "农村",
    };

    private static (string SiteType, string Place, string Industry) Site(CameraClass cls, DemoTownship township, Grid grid, DemoRandom random)
    {
        switch (cls)
        {
            case CameraClass.I:
            {
                var (siteType, places) = random.NextDouble() switch
                {
                    < 0.35 => ClassISites[0],
                    < 0.75 => ClassISites[1],
                    < 0.92 => ClassISites[2],
                    _ => ClassISites[3],
                };
                var place = siteType switch
                {
                    "主要路段" => random.Pick(Roads),
                    "交通路口" => Crossing(random),
                    _ => random.Pick(places),
                };
                return (siteType, place, "00");
            }

            case CameraClass.II:
            {
                var (siteType, places) = random.Pick(ClassIISites);
                var unit = random.Pick(places);
                return (siteType, unit + "·" + random.Pick(Gates), siteType == "学校" ? "11" : "02");
            }

            default:
                if (grid.Type == "小区" || (township.Urban && random.NextDouble() < 0.3))
                {
                    return ("居民小区", random.Pick(Compounds) + "小区", "01");
                }

                if (random.NextDouble() < 0.1)
                {
                    return ("商铺", "商业街", "01");
                }

                return ("村庄", grid.Village + random.Pick(VillagePlaces), "01");
        }
    }

    private static string Crossing(DemoRandom random)
    {
        var first = random.Next(Roads.Length);
        var second = (first + 1 + random.Next(Roads.Length - 1)) % Roads.Length;
        return $"{Roads[first]}与{Roads[second]}交叉口";
    }

    private sealed class Draft
    {
        public int Ordinal { get; init; }

        public int Township { get; init; }

        public required GbDeviceId Id { get; init; }

        public required string Name { get; init; }

        public CameraClass Class { get; init; }

        public required Grid Grid { get; init; }

        public required string SiteType { get; init; }

        public required string Owner { get; init; }

        public required GeoPoint Location { get; init; }

        public GbDeviceId? Upstream { get; set; }

        public DemoFault Fault { get; set; }

        public CameraLifecycle Lifecycle { get; set; } = CameraLifecycle.Active;

        public Camera ToCamera(DemoCountyOptions options)
        {
            var n = Ordinal.ToString(CultureInfo.InvariantCulture);
            var (port, path) = Fault switch
            {
                DemoFault.Refused => (options.RefusedPort, "/ok/" + n),
                DemoFault.Hung => (options.HungPort, "/ok/" + n),
                DemoFault.NotFound => (options.Port, $"/Streaming/Channels/{n}01"),
                DemoFault.Black => (options.Port, "/black"),
                DemoFault.Frozen => (options.Port, "/frozen"),
                DemoFault.AuthWrongPassword or DemoFault.AuthOk => (options.Port, "/auth/" + n),
                DemoFault.UpstreamDown => (options.NvrDownPort, "/ok/" + n),
                _ => (options.Port, "/ok/" + n),
            };
            var url = string.Create(CultureInfo.InvariantCulture, $"rtsp://{options.Host}:{port}{path}");
            var stream = Fault switch
            {
                DemoFault.AuthOk => StreamEndpoint.Parse(url, AuthUser, AuthPassword),
                DemoFault.AuthWrongPassword => StreamEndpoint.Parse(url, AuthUser, WrongPassword),
                _ => StreamEndpoint.Parse(url),
            };
            return new Camera
            {
                DeviceId = Id,
                Name = Name.Replace("·", string.Empty, StringComparison.Ordinal),
                Class = Class,
                Township = Townships[Township].Name,
                Village = Grid.Village,
                Grid = Grid.Code,
                Location = Location,
                SiteType = SiteType,
                Owner = Owner,
                Stream = stream,
                Upstream = Upstream,
                Lifecycle = Lifecycle,
            };
        }
    }
}
