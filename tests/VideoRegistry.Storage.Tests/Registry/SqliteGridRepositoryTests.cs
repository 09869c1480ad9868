using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Tests.Registry;

public class SqliteGridRepositoryTests
{
    private static Grid G(int n, int? required = null) => new()
    {
        Code = $"620622001{n:D6}",
        Name = $"第{n}网格",
        Township = "古浪镇",
        Village = "东关村",
        Type = "城镇",
        RequiredCameras = required,
    };

    [Fact]
    public async Task UpsertAsync_InsertsUpdatesAndSkipsUnchanged()
    {
        using var store = await TempStore.CreateAsync();
        var first = await store.Grids.UpsertAsync([G(1), G(2, 3)], new ImportAudit("grids", "grids.csv", "t"), default);
        var second = await store.Grids.UpsertAsync([G(1), G(2, 5), G(3)], new ImportAudit("grids", "grids.csv", "t"), default);

        Assert.Equal(2, first.Inserted);
        Assert.Equal((1, 1, 1), (second.Inserted, second.Updated, second.Unchanged));
        var all = await store.Grids.ListAsync(default);
        Assert.Equal(3, all.Count);
        Assert.Equal(5, (await store.Grids.GetAsync(G(2).Code, default))!.RequiredCameras);
        Assert.Null(await store.Grids.GetAsync("nope", default));
    }
}
