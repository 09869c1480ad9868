using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Probing.Picture;

/// <summary>
/// Maps the stderr of an ffmpeg run that decoded nothing onto the DESIGN.md failure taxonomy, with the same rules L2
/// uses for ffprobe (<see cref="FfprobeErrorClassifier.FromStandardError"/>: ffmpeg exits 1 for every error, so the
/// RTSP status line, the socket error or the socket-timeout "Invalid data" are all there is). Tested on real ffmpeg
/// 5.1 logs (tests/fixtures/picture/fail-*.stderr.txt).
/// </summary>
public static class FfmpegFailureClassifier
{
    private static readonly string[] NoVideoMessages = ["matches no streams", "does not contain any stream"];

    /// <summary>
    /// One reason and a short detail for a run that produced no frame. <paramref name="stderr"/> must be redacted
    /// (<see cref="CredentialRedactor"/>). <paramref name="ioTimeout"/> is the socket timeout ffmpeg was given.
    /// </summary>
    public static (ProbeReason Reason, string Detail) Classify(int? exitCode, string? stderr, TimeSpan elapsed, TimeSpan ioTimeout)
    {
        var text = stderr ?? string.Empty;
        var verdict = FfprobeErrorClassifier.FromStandardError(exitCode, text, elapsed, ioTimeout, "ffmpeg");

        // ffmpeg's no-video message quotes the whole filter graph; the fact is enough.
        if (verdict.Reason != ProbeReason.NoVideo)
        {
            return (verdict.Reason, verdict.Detail);
        }

        var fact = Array.Find(NoVideoMessages, m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
        return (verdict.Reason, $"{ProbeReason.NoVideo.Describe()}: no video stream in the input{(fact is null ? string.Empty : $" ({fact})")}");
    }
}
