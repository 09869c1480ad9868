using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;

namespace VideoRegistry.Probing.Tests.Picture;

public sealed class SnapshotStoreTests : IDisposable
{
    private static readonly GbDeviceId Camera = GbDeviceId.Parse("62062200001320000001");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-snap-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly SnapshotStore _store;

    public SnapshotStoreTests() =>
        _store = new SnapshotStore(Options.Create(new PictureDiagnosisOptions { SnapshotDirectory = _dir, SnapshotsPerCamera = 3 }), _time);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string Incoming(string content = "jpeg")
    {
        var path = _store.NewIncomingPath(".jpg");
        File.WriteAllText(path, content);
        return path;
    }

    private string Keep(bool faulted, string content = "jpeg")
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        return _store.Keep(Camera, Incoming(content), faulted)!;
    }

    [Fact]
    public void Keep_MovesIntoCameraFolderNamedByIdAndTime()
    {
        var source = Incoming();

        var kept = _store.Keep(Camera, source, faulted: false);

        Assert.Equal(Path.Combine(_dir, "62062200001320000001", "20261129T080000000Z.jpg"), kept);
        Assert.False(File.Exists(source));
        Assert.Equal(kept, _store.Latest(Camera));
    }

    [Fact]
    public void Keep_EmptyOrMissingSource_NothingKept()
    {
        Assert.Null(_store.Keep(Camera, Incoming(string.Empty), faulted: true));
        Assert.Null(_store.Keep(Camera, Path.Combine(_dir, "missing.jpg"), faulted: true));
        Assert.Null(_store.Latest(Camera));
    }

    [Fact]
    public void Keep_RetainsLastKPlusLastFault()
    {
        var fault = Keep(faulted: true, "fault");
        var clean = Enumerable.Range(0, 5).Select(_ => Keep(faulted: false)).ToList();

        var kept = _store.List(Camera);

        Assert.Equal(4, kept.Count);
        Assert.Equal(Enumerable.Reverse(clean[^3..]), kept.Take(3));
        Assert.Equal(fault, kept[3]);
        Assert.EndsWith("-fault.jpg", fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_NewerFaultReplacesOlderFault()
    {
        var oldFault = Keep(faulted: true);
        var newFault = Keep(faulted: true);
        for (var i = 0; i < 4; i++)
        {
            Keep(faulted: false);
        }

        var kept = _store.List(Camera);

        Assert.Contains(newFault, kept);
        Assert.DoesNotContain(oldFault, kept);
        Assert.Equal(4, kept.Count);
    }

    [Fact]
    public void Keep_SameMillisecond_BothKept()
    {
        var a = _store.Keep(Camera, Incoming("a"), faulted: false);
        var b = _store.Keep(Camera, Incoming("b"), faulted: false);

        Assert.NotEqual(a, b);
        Assert.Equal(2, _store.List(Camera).Count);
    }

    [Fact]
    public void Latest_UnknownCamera_Null() => Assert.Null(_store.Latest(GbDeviceId.Parse("62062200001320000099")));

    [Fact]
    public void Keep_LeftoverIncomingOlderThanAnHour_Removed()
    {
        var stale = Incoming();
        File.SetLastWriteTimeUtc(stale, _time.GetUtcNow().UtcDateTime.AddHours(-2));
        var fresh = Incoming();

        Keep(faulted: false);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }
}
