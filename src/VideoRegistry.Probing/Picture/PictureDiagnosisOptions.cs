using System.ComponentModel.DataAnnotations;

namespace VideoRegistry.Probing.Picture;

/// <summary>
/// The L3 picture probe (configuration section <c>Probing:Picture</c>): how much to sample, the thresholds that turn
/// measured values into picture faults, and where snapshot evidence is kept. The threshold defaults were measured on
/// H.264 test pictures at 640 px wide (tests/fixtures/picture/generate.sh): each sits well clear of a clean moving
/// picture and inside the damaged one; see each property for the figures.
/// </summary>
public sealed class PictureDiagnosisOptions
{
    public const string Section = "Probing:Picture";

    /// <summary>The ffmpeg executable (a name on PATH or a full path).</summary>
    [Required]
    [MinLength(1)]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>
    /// Seconds of video decoded per probe (<c>-t</c>). Five seconds hold two full freeze windows and several GOPs of a
    /// typical 1–2 s keyframe interval, and cost about one decode-second of CPU for a 640×360 stream.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan SampleDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Socket I/O timeout handed to ffmpeg (<c>-timeout</c> / <c>-rw_timeout</c>): a camera that stops sending fails
    /// with a clear error before the probe's hard deadline kills the process.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Frames are scaled down (never up) to this width before analysis and for the snapshot: the filters then cost
    /// the same for a 4K and a CIF camera, and the blur threshold means the same thing for every camera.
    /// </summary>
    [Range(160, 1920)]
    public int FrameWidth { get; set; } = 640;

    /// <summary>
    /// <c>black</c> when blackdetect finds black frames for at least this share of the sampled time. A covered lens or
    /// a dead sensor is black all the time (share 1.0); an IR switch or a passing shadow is black for well under a
    /// second. 0.8 tolerates the first keyframe arriving late.
    /// </summary>
    [Range(0.05, 1.0)]
    public double BlackShare { get; set; } = 0.8;

    /// <summary>
    /// blackdetect <c>pix_th</c>: a pixel is black below this share of the luma range (0.1 ≈ luma 38 of 16..235).
    /// ffmpeg's default; a dark night scene with working IR stays above it.
    /// </summary>
    [Range(0.01, 0.5)]
    public double BlackPixelThreshold { get; set; } = 0.1;

    /// <summary>
    /// <c>black</c> also needs the picture to carry no colour: mean saturation (SATAVG) at most this. A covered lens or a
    /// dead sensor encodes as luma 16 with neutral chroma (saturation 0–3); a picture that is merely very dark but whose
    /// colours still show (the simulator's /dark: luma 15, saturation 75) is <c>too_dark</c>, which sends the
    /// technician to the exposure or IR, not to the lens cover or the cable.
    /// </summary>
    [Range(0.0, 128.0)]
    public double BlackMaxSaturation { get; set; } = 10;

    /// <summary>blackdetect <c>pic_th</c>: a frame is black when at least this share of its pixels is black (ffmpeg's default).</summary>
    [Range(0.5, 1.0)]
    public double BlackPictureRatio { get; set; } = 0.98;

    /// <summary>
    /// <c>frozen</c> when freezedetect reports a freeze covering at least this share of the sampled time. A stuck encoder
    /// or NVR repeats one frame for the whole sample (share 1.0).
    /// </summary>
    [Range(0.05, 1.0)]
    public double FrozenShare { get; set; } = 0.8;

    /// <summary>
    /// freezedetect <c>n</c>: frames closer than this (mean absolute difference, share of the range) count as the same
    /// frame. ffmpeg's default 0.001 (-60 dB): live sensor noise and a ticking OSD clock stay above it, a repeated frame
    /// is exactly 0.
    /// </summary>
    [Range(0.00001, 0.1)]
    public double FreezeNoiseTolerance { get; set; } = 0.001;

    /// <summary>freezedetect <c>d</c>: shortest freeze reported (shortened to half the sample when the sample is shorter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:30")]
    public TimeSpan FreezeMinDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>blurred</c> when blurdetect's mean (edge width, larger = blurrier) is at least this at <see cref="FrameWidth"/>.
    /// Measured at 640 px: a sharp test picture 4.7, Gaussian blur sigma 1 → 6.7, sigma 2 → 9.3, sigma 3 → 11.7,
    /// sigma 6 → 18.2. 10 flags a picture softer than about sigma 2.3 px, i.e. detail finer than 1/140 of the width lost.
    /// </summary>
    [Range(1.0, 100.0)]
    public double BlurThreshold { get; set; } = 10;

    /// <summary>
    /// blurdetect finds no edge at all in a picture smeared beyond its edge detector (the simulator's /blur, scaled
    /// down to 32×18 and back: every frame NaN). Such a picture is <c>blurred</c> when it still has this much luma
    /// spread (YHIGH − YLOW, code values), so it is a picture with content, not a flat wall or fog. Measured: the
    /// smeared bars 80+, a uniform picture 0.
    /// </summary>
    [Range(1.0, 219.0)]
    public double EdgelessMinContrast { get; set; } = 20;

    /// <summary>
    /// <c>noisy</c> when the mean signalstats TOUT (share of pixels that are temporal outliers) is at least this.
    /// Measured on H.264 at 640 px: a clean moving picture 0.00006; uniform noise ±20 → 0.0015, ±30 → 0.0032,
    /// ±45 → 0.0051; a busy scene of small moving dots (ffmpeg "life") 0.0018. 0.003 is 50× a clean picture.
    /// </summary>
    [Range(0.00001, 1.0)]
    public double NoiseThreshold { get; set; } = 0.003;

    /// <summary>
    /// <c>too_dark</c> when mean luma (YAVG, limited range 16..235 as cameras encode it) is below this and the picture
    /// is not black. 40 is about 11 % of the range: night scenes with working IR sit around 50–90, an underexposed
    /// picture lower (the simulator's /dark 15, a test picture at 20 % gain 25).
    /// </summary>
    [Range(16.0, 235.0)]
    public double TooDarkBrightness { get; set; } = 40;

    /// <summary>
    /// <c>too_bright</c> when mean luma is above this. 180 is 75 % of the limited range (about 192 in full range, the
    /// usual "mean above 190–200" rule of video quality diagnosis): a daylight scene averages 35–60 % of the range, a
    /// washed-out or sun-blinded picture more (the simulator's /bright 189, a clipped picture 225).
    /// </summary>
    [Range(16.0, 255.0)]
    public double TooBrightBrightness { get; set; } = 180;

    /// <summary>
    /// <c>color_cast</c> needs the mean chroma (UAVG, VAVG) at least this far from neutral (128, 128), in 8-bit code
    /// values. A balanced scene stays within 5 (test picture 2, the simulator's bars 0.3); a sepia-toned picture sits
    /// at 20, a failed IR-cut filter (pink/purple) or a broken colour channel at 30–60. The dominance rule below keeps
    /// a green lawn or a yellow street light from counting.
    /// </summary>
    [Range(1.0, 128.0)]
    public double ColorCastOffset { get; set; } = 15;

    /// <summary>
    /// <c>color_cast</c> also needs the offset to dominate the colours: offset ÷ mean saturation (SATAVG) at least this.
    /// The ratio is 1 when every pixel is tinted the same way and near 0 for a colourful scene (test picture 0.02,
    /// colour bars 0.09, a tinted test picture 0.66, sepia 1.0), so a scene that is simply colourful is not a cast.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ColorCastDominance { get; set; } = 0.5;

    /// <summary>Snapshot evidence directory (JPEG files per camera).</summary>
    [Required]
    [MinLength(1)]
    public string SnapshotDirectory { get; set; } = "var/snapshots";

    /// <summary>Snapshots kept per camera (the newest); the newest one taken with a fault is kept in addition.</summary>
    [Range(1, 100)]
    public int SnapshotsPerCamera { get; set; } = 3;
}
