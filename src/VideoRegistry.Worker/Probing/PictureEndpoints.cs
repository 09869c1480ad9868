using Microsoft.AspNetCore.Mvc;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;

namespace VideoRegistry.Worker.Probing;

public static class PictureEndpoints
{
    /// <summary>
    /// <c>GET /api/cameras/{id}/snapshot</c>: the newest L3 snapshot of a camera as image/jpeg; 404 when there is none,
    /// 400 (problem+json) for an ID that is not a GB/T 28181 device ID. The file is found from the parsed ID only.
    /// </summary>
    public static WebApplication MapSnapshotEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/cameras/{id}/snapshot", GetSnapshot)
            .WithName("GetCameraSnapshot")
            .WithSummary("最新画面截图 / newest picture snapshot of a camera (JPEG)")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult GetSnapshot(string id, [FromServices] SnapshotStore snapshots, HttpContext context)
    {
        var parsed = GbDeviceId.TryParse(id);
        if (!parsed.Ok)
        {
            var shown = id.Length > 64 ? id[..64] + "…" : id;
            return Results.Problem(
                detail: $"设备编码无效 '{shown}' / bad device ID '{shown}': {parsed.Error!.Message}",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Bad request",
                extensions: new Dictionary<string, object?> { ["code"] = "bad_device_id", ["value"] = shown });
        }

        // Retention may delete the newest file between listing and opening: look once more before giving up.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (snapshots.Latest(parsed.Value!) is not { } path)
            {
                break;
            }

            try
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Stream(stream, "image/jpeg", lastModified: File.GetLastWriteTimeUtc(path));
            }
            catch (FileNotFoundException)
            {
            }
        }

        return Results.Problem(
            detail: $"无截图 / no snapshot for camera '{parsed.Value}'",
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            extensions: new Dictionary<string, object?> { ["code"] = "not_found", ["value"] = parsed.Value!.Value });
    }
}
