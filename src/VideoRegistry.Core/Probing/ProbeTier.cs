namespace VideoRegistry.Core.Probing;

/// <summary>L1 reach (native RTSP/HTTP/RTMP), L2 stream (ffprobe frames), L3 picture (ffmpeg diagnosis).</summary>
public enum ProbeTier
{
    Reach = 1,
    Stream = 2,
    Picture = 3,
}
