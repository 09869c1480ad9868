using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Tests.Registry;

public class SqliteCameraRepositoryTests
{
    [Fact]
    public async Task UpsertAsync_ThenGet_RoundTripsEveryField()
    {
        using var store = await TempStore.CreateAsync();
        var camera = SampleCameras.Make(7, password: "demo-pass-2026") with { Lifecycle = CameraLifecycle.Maintenance };
        await store.Cameras.UpsertAsync([camera], null, default);

        var back = await store.Cameras.GetAsync(camera.DeviceId, default);

        Assert.NotNull(back);
        Assert.Equal(camera.Name, back.Name);
        Assert.Equal(camera.Class, back.Class);
        Assert.Equal(camera.Grid, back.Grid);
        Assert.Equal(camera.Location!.Longitude, back.Location!.Longitude);
        Assert.Equal(camera.Upstream, back.Upstream);
        Assert.Equal(CameraLifecycle.Maintenance, back.Lifecycle);
        Assert.Equal("demo-pass-2026", back.Stream!.Password);
        Assert.Equal(camera.Stream!.ToUrlWithCredentials(), back.Stream.ToUrlWithCredentials());
    }

    [Fact]
    public async Task ListSummariesAndListForReports_SameFactsAsListAll()
    {
        using var store = await TempStore.CreateAsync();
        var cameras = Enumerable.Range(0, 1200).Select(n => SampleCameras.Make(n, password: "demo-pass-2026") with
        {
            Lifecycle = n % 3 == 0 ? CameraLifecycle.Decommissioned : CameraLifecycle.Active,
            Grid = n % 5 == 0 ? null : $"620622001001{n % 7:D3}",
        }).ToList();
        await store.Cameras.UpsertAsync(cameras, null, default);
        var full = await store.Cameras.ListAllAsync(default);

        var summaries = await store.Cameras.ListSummariesAsync(default);

        Assert.Equal(full.Select(c => c.DeviceId), summaries.Select(c => c.DeviceId));
        Assert.Equal(full.Select(CameraSummary.From), summaries);
        Assert.Contains(summaries, s => s.Lifecycle == CameraLifecycle.Decommissioned);
        Assert.Contains(summaries, s => s.Grid is null);

        // More IDs than one batch (500), with an unknown ID and a duplicate.
        var wanted = full.Where((_, i) => i % 2 == 1).Select(c => c.DeviceId).Append(GbDeviceId.Parse("62062200001329999999")).Append(full[1].DeviceId).ToList();
        var some = await store.Cameras.ListForReportsAsync(wanted, default);
        Assert.Equal(600, some.Count);
        Assert.Equal(full.Where((_, i) => i % 2 == 1).Select(c => c with { Stream = null }), some.OrderBy(c => c.DeviceId.Value, StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpsertAsync_Credentials_StoredApartNeverInStreamUrl()
    {
        using var store = await TempStore.CreateAsync();
        await store.Cameras.UpsertAsync([SampleCameras.Make(1, password: "S3cret-42")], null, default);

        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM cameras WHERE stream_url LIKE '%S3cret%' OR stream_url LIKE '%viewer%'"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM camera_credentials WHERE password = 'S3cret-42'"));
    }

    [Fact]
    public async Task UpsertAsync_SameBatchTwice_SecondChangesNothing()
    {
        using var store = await TempStore.CreateAsync();
        var batch = SampleCameras.Many(50);
        var first = await store.Cameras.UpsertAsync(batch, new ImportAudit("cameras", "a.csv", "tester"), default);
        var second = await store.Cameras.UpsertAsync(batch, new ImportAudit("cameras", "a.csv", "tester"), default);

        Assert.Equal(50, first.Inserted);
        Assert.Equal(new UpsertSummary(0, 0, 50, second.RunId), second);
        Assert.Equal(50, await store.ScalarAsync("SELECT COUNT(*) FROM import_changes"));
    }

    [Fact]
    public async Task UpsertAsync_ChangedRow_UpdatesAndAuditsWhoWhenWhichFile()
    {
        using var store = await TempStore.CreateAsync();
        var batch = SampleCameras.Many(3);
        await store.Cameras.UpsertAsync(batch, new ImportAudit("cameras", "v1.csv", "alice"), default);
        store.Time.Advance(TimeSpan.FromHours(1));
        batch[1] = batch[1] with { Name = "改名后的点位", Stream = StreamEndpoint.Parse("rtsp://127.0.0.1:8554/ok/2", "viewer", "new-secret-77") };

        var summary = await store.Cameras.UpsertAsync(batch, new ImportAudit("cameras", "v2.csv", "bob"), default);

        Assert.Equal(1, summary.Updated);
        Assert.Equal(2, summary.Unchanged);
        Assert.Equal("改名后的点位", (await store.Cameras.GetAsync(batch[1].DeviceId, default))!.Name);
        await using var connection = await store.Database.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT r.imported_by, r.source_file, r.imported_at, c.action, c.changes FROM import_changes c JOIN import_runs r ON r.run_id = c.run_id WHERE r.source_file = 'v2.csv'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("bob", reader.GetString(0));
        Assert.Equal("v2.csv", reader.GetString(1));
        Assert.StartsWith("2026-03-01T09:00:00", reader.GetString(2), StringComparison.Ordinal);
        Assert.Equal("update", reader.GetString(3));
        Assert.Contains("name:", reader.GetString(4), StringComparison.Ordinal);
        Assert.Contains("credentials", reader.GetString(4), StringComparison.Ordinal);
        Assert.DoesNotContain("new-secret-77", reader.GetString(4), StringComparison.Ordinal);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task UpsertAsync_FailureInTheMiddle_LeavesStoreUnchanged()
    {
        using var store = await TempStore.CreateAsync();
        var original = SampleCameras.Many(10);
        await store.Cameras.UpsertAsync(original, new ImportAudit("cameras", "base.csv", "t"), default);

        // Row 500 of 1,000 carries a class the schema's CHECK constraint refuses: the database fails mid-write.
        var batch = SampleCameras.Many(1000, start: 1).Select(c => c with { Name = c.Name + "-v2" }).ToList();
        batch[499] = batch[499] with { Class = (CameraClass)7 };
        await Assert.ThrowsAnyAsync<Exception>(() => store.Cameras.UpsertAsync(batch, new ImportAudit("cameras", "bad.csv", "t"), default));

        Assert.Equal(10, await store.ScalarAsync("SELECT COUNT(*) FROM cameras"));
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM cameras WHERE name LIKE '%-v2'"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM import_runs"));
        Assert.Equal(10, await store.ScalarAsync("SELECT COUNT(*) FROM import_changes"));
    }

    [Fact]
    public async Task UpsertAsync_CancelledInTheMiddle_LeavesStoreUnchanged()
    {
        using var store = await TempStore.CreateAsync();
        var batch = SampleCameras.Many(2000);
        using var cts2 = new CancellationTokenSource();
        var list = new CancelAfter(batch, 1000, cts2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Cameras.UpsertAsync(list, null, cts2.Token));

        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM cameras"));
    }

    [Fact]
    public async Task ListAsync_FiltersAndPages()
    {
        using var store = await TempStore.CreateAsync();
        var cameras = SampleCameras.Many(30).Concat(Enumerable.Range(100, 5).Select(n => SampleCameras.Make(n, "土门镇", CameraClass.II))).ToList();
        await store.Cameras.UpsertAsync(cameras, null, default);

        var tumen = await store.Cameras.ListAsync(new CameraQuery { Township = "土门镇" }, default);
        Assert.Equal(5, tumen.Count);
        Assert.All(tumen, c => Assert.Equal("土门镇", c.Township));

        var classII = new CameraQuery { Class = CameraClass.II };
        Assert.Equal(cameras.Count(c => c.Class == CameraClass.II), await store.Cameras.CountAsync(classII, default));

        var page1 = await store.Cameras.ListAsync(new CameraQuery { Limit = 10 }, default);
        var page2 = await store.Cameras.ListAsync(new CameraQuery { Limit = 10, Offset = 10 }, default);
        Assert.Equal(10, page1.Count);
        Assert.Empty(page1.Select(c => c.DeviceId).Intersect(page2.Select(c => c.DeviceId)));
        Assert.True(string.CompareOrdinal(page1[^1].DeviceId.Value, page2[0].DeviceId.Value) < 0);

        var text = await store.Cameras.ListAsync(new CameraQuery { Text = "人民路17号" }, default);
        Assert.Single(text);
        Assert.Equal(0, await store.Cameras.CountAsync(new CameraQuery { Text = "%" }, default));

        var grid = await store.Cameras.CountAsync(new CameraQuery { Grid = "620622001001003", Village = "东关村" }, default);
        Assert.Equal(cameras.Count(c => c.Grid == "620622001001003"), grid);
    }

    [Fact]
    public async Task DecommissionAsync_SoftDeletesAndAudits()
    {
        using var store = await TempStore.CreateAsync();
        var camera = SampleCameras.Make(3);
        await store.Cameras.UpsertAsync([camera], null, default);

        Assert.True(await store.Cameras.DecommissionAsync(camera.DeviceId, "carol", default));
        Assert.False(await store.Cameras.DecommissionAsync(GbDeviceId.Parse("62062200001320999999"), "carol", default));

        Assert.Equal(CameraLifecycle.Decommissioned, (await store.Cameras.GetAsync(camera.DeviceId, default))!.Lifecycle);
        Assert.Equal(1, await store.Cameras.CountAsync(new CameraQuery { Lifecycle = CameraLifecycle.Decommissioned }, default));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM import_changes WHERE action = 'decommission'"));
    }

    private sealed class CancelAfter(List<Camera> inner, int at, CancellationTokenSource cts) : IReadOnlyList<Camera>
    {
        public int Count => inner.Count;

        public Camera this[int index] => inner[index];

        public IEnumerator<Camera> GetEnumerator()
        {
            for (var i = 0; i < inner.Count; i++)
            {
                if (i == at)
                {
                    cts.Cancel();
                }

                yield return inner[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
