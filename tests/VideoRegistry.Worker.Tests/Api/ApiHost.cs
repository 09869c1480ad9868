using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;
using VideoRegistry.Storage.Registry;
using VideoRegistry.TestSupport;

namespace VideoRegistry.Worker.Tests.Api;

/// <summary>
/// The real worker host through <see cref="WebApplicationFactory{TEntryPoint}"/> on a SQLite file in a temp dir,
/// seeded before start. The schedule is off (Monitoring:Enabled=false) but the real monitor and the real L1 prober
/// serve on-demand probes against the in-process RTSP responder.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    public const string Key = "test-key-5f2c9a";
    public const string OtherKey = "second-key-77";
    public const long UploadLimit = 8 * 1024;
    public const string Secret = RtspResponder.Password;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-api-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;

    public RtspResponder Responder { get; private set; } = null!;

    public SqliteDatabase Database { get; private set; } = null!;

    public string DbPath => Path.Combine(_dir, "api.db");

    public DateTimeOffset SeededAt { get; private set; }

    public WebApplicationFactory<Program> Factory => _factory!;

    /// <summary>C1 I 甲镇 G1 online (digest stream with credentials), C2 I 甲镇 G1 offline (refused), C3 II 乙镇 G2 degraded black,
    /// C4 III 乙镇 no grid no stream unknown, C5 II 乙镇 G2 decommissioned. Grids G1, G2 (needs 2), G3 (乙镇, empty).</summary>
    public static GbDeviceId Id(int n) => GbDeviceId.Parse($"62062200001320{n:D6}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Responder = RtspResponder.Start(new RtspResponderOptions { Lifetime = TimeSpan.FromMinutes(3) });
        Database = new SqliteDatabase(DbPath);
        await Database.MigrateAsync();
        SeededAt = DateTimeOffset.UtcNow;
        await SeedAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Path", DbPath);
            b.UseSetting("Probing:Picture:SnapshotDirectory", Path.Combine(_dir, "snapshots"));
            b.UseSetting("Monitoring:Enabled", "false");
            b.UseSetting("Api:Keys:0", Key);
            b.UseSetting("Api:Keys:1", OtherKey);
            b.UseSetting("Api:MaxUploadBytes", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Api:MaxBodyBytes", "4096");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _ = _factory.Server;
    }

    public HttpClient Client(string? key = null)
    {
        var client = Factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public SqliteCameraRepository Cameras => new(Database, TimeProvider.System);

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Responder.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task SeedAsync()
    {
        var refused = ChildProcessPorts.Refused();
        var cameras = new List<Camera>
        {
            Make(1, CameraClass.I, "甲镇", "G1", "重点集镇", StreamEndpoint.Parse(Responder.Url("/digest-qop"), RtspResponder.UserName, RtspResponder.Password)),
            Make(2, CameraClass.I, "甲镇", "G1", "主要路段", StreamEndpoint.Parse($"rtsp://127.0.0.1:{refused}/live")),
            Make(3, CameraClass.II, "乙镇", "G2", "学校", StreamEndpoint.Parse(Responder.Url("/ok/3"))),
            Make(4, CameraClass.III, "乙镇", null, null, null),
            Make(5, CameraClass.II, "乙镇", "G2", null, StreamEndpoint.Parse(Responder.Url("/ok/5"))) with { Lifecycle = CameraLifecycle.Decommissioned },
        };
        await new SqliteCameraRepository(Database, TimeProvider.System).UpsertAsync(cameras, null, default);
        await new SqliteGridRepository(Database, TimeProvider.System).UpsertAsync(
        [
            new Grid { Code = "G1", Name = "一网格", Township = "甲镇" },
            new Grid { Code = "G2", Name = "二网格", Township = "乙镇", RequiredCameras = 2 },
            new Grid { Code = "G3", Name = "三网格", Township = "乙镇" },
        ], null, default);

        var now = SeededAt;
        var store = new HealthStore(Database);
        await store.SaveAsync(
            [
                new HealthTransition(Id(1), now.AddHours(-5), HealthState.Unknown, HealthState.Online, TransitionReasons.Recovered),
                new HealthTransition(Id(2), now.AddHours(-5), HealthState.Unknown, HealthState.Online, TransitionReasons.Recovered),
                new HealthTransition(Id(2), now.AddHours(-2), HealthState.Online, HealthState.Offline, "refused"),
                new HealthTransition(Id(3), now.AddHours(-5), HealthState.Unknown, HealthState.Online, TransitionReasons.Recovered),
                new HealthTransition(Id(3), now.AddHours(-1), HealthState.Online, HealthState.Degraded, "black"),
            ],
            [
                new CameraHealth { DeviceId = Id(1), State = HealthState.Online, Since = now.AddHours(-5), LastSuccess = now.AddMinutes(-1), LastProbe = now.AddMinutes(-1) },
                new CameraHealth { DeviceId = Id(2), State = HealthState.Offline, Since = now.AddHours(-2), Reason = ProbeReason.Refused, LastSuccess = now.AddHours(-2), LastProbe = now.AddMinutes(-1) },
                new CameraHealth { DeviceId = Id(3), State = HealthState.Degraded, Since = now.AddHours(-1), Reason = ProbeReason.Black, Faults = [ProbeReason.Black], LastSuccess = now.AddMinutes(-1), LastProbe = now.AddMinutes(-1) },
            ],
            [
                new StoredProbe(Id(1), now.AddMinutes(-1), ProbeResult.Success(ProbeTier.Reach, TimeSpan.FromMilliseconds(12), new StreamFacts { Codec = "h264", Width = 640, Height = 360, Fps = 15 })),
                new StoredProbe(Id(1), now.AddMinutes(-3), ProbeResult.Success(ProbeTier.Stream, TimeSpan.FromMilliseconds(900), new StreamFacts { Codec = "h264", Width = 1920, Height = 1080, Fps = 25, BitRate = 2_000_000 })),
                new StoredProbe(Id(2), now.AddMinutes(-1), ProbeResult.Failure(ProbeTier.Reach, ProbeReason.Refused, "connection refused", TimeSpan.FromMilliseconds(3))),
            ],
            default);
    }

    private static Camera Make(int n, CameraClass cls, string township, string? grid, string? siteType, StreamEndpoint? stream) => new()
    {
        DeviceId = Id(n),
        Name = $"{township}{siteType ?? "点位"}{n}号",
        Class = cls,
        Township = township,
        Village = township + "一村",
        Grid = grid,
        SiteType = siteType,
        Stream = stream,
        Location = GeoPoint.FromWgs84(102.9 + (n / 100.0), 37.9).Value,
    };
}

/// <summary>A loopback port with nothing listening (bound, then released).</summary>
internal static class ChildProcessPorts
{
    public static int Refused()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
