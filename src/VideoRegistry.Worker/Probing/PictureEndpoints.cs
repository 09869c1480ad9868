using Microsoft.AspNetCore.Mvc;
using VideoRegistry.Core.Registry;
using VideoRegistry.Probing.Picture;
using VideoRegistry.Worker.Api;

namespace VideoRegistry.Worker.Probing;

public static class PictureEndpoints
{
    /// <summary>
    /// <c>GET /api/cameras/{id}/snapshot</c>: the newest L3 snapshot of a camera as image/jpeg; 404 when there is none,
    /// 400 (problem+json) for an ID that is not a GB/T 28181 device ID. The file is found from the parsed ID only.
    /// Mapped on the API's read group (so <c>Api:RequireKeyForReads</c> applies), or on the app root when given one.
    /// </summary>
    public static IEndpointRouteBuilder MapSnapshotEndpoint(this IEndpointRouteBuilder routes, string prefix = "/api")
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet(prefix + "/cameras/{id}/snapshot", GetSnapshot)
            .WithName("GetCameraSnapshot")
            .WithSummary("最新画面截图 / newest picture snapshot of a camera (JPEG)")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static IResult GetSnapshot(string id, [FromServices] SnapshotStore snapshots, HttpContext context)
    {
        if (!ApiProblems.TryDeviceId(id, out var deviceId, out var problem))
        {
            return problem;
        }

        // Retention may delete the newest file between listing and opening: look once more before giving up.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (snapshots.Latest(deviceId) is not { } path)
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

        return ApiProblems.NotFound("snapshot for camera / 截图", deviceId.Value);
    }
}
