using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Worker.Probing;

namespace VideoRegistry.Worker.Tests.Probing;

/// <summary>GET /api/cameras/{id}/snapshot on the real endpoint, DI registration and store, over an in-memory test server.</summary>
public sealed class SnapshotEndpointTests : IAsyncLifetime
{
    private static readonly GbDeviceId Camera = GbDeviceId.Parse("62062200001320000001");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vr-snapapi-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder([$"--Probing:Picture:SnapshotDirectory={_dir}"]);
        builder.WebHost.UseTestServer();
        builder.Services.AddPictureProbing();
        _app = builder.Build();
        _app.MapSnapshotEndpoint();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string FixtureJpeg()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "picture", "ok.jpg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/fixtures/picture/ok.jpg");
    }

    [Fact]
    public async Task Get_KeptSnapshot_ServedAsJpeg()
    {
        var store = _app.Services.GetRequiredService<SnapshotStore>();
        var incoming = store.NewIncomingPath(".jpg");
        File.Copy(FixtureJpeg(), incoming);
        store.Keep(Camera, incoming, faulted: false);

        using var response = await _client.GetAsync($"/api/cameras/{Camera}/snapshot");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(FixtureJpeg()), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_NoSnapshot_404()
    {
        using var response = await _client.GetAsync("/api/cameras/62062200001320000002/snapshot");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("6206220000132000000")]
    public async Task Get_BadId_400ProblemNamingTheValue(string id)
    {
        using var response = await _client.GetAsync($"/api/cameras/{id}/snapshot");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_device_id", json.RootElement.GetProperty("code").GetString());
    }
}
