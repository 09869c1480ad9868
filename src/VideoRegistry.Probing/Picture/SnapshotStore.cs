using System.Globalization;
using Microsoft.Extensions.Options;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Probing.Picture;

/// <summary>
/// Snapshot evidence on disk: <c>{SnapshotDirectory}/{deviceId}/{UTC time}[-fault].jpg</c>. Per camera the newest
/// <see cref="PictureDiagnosisOptions.SnapshotsPerCamera"/> files are kept, plus the newest one taken with a picture
/// fault, so the evidence of a fault survives the clean probes after it. File and directory names come from the
/// validated 20-digit device ID and the clock only, never from a URL or user text. The L3 prober writes into
/// <see cref="IncomingDirectory"/> (same file system, so keeping a snapshot is a rename); files left there by a probe
/// whose result was dropped are removed after an hour.
/// </summary>
public sealed class SnapshotStore
{
    private const string FaultSuffix = "-fault";
    private const string Extension = ".jpg";
    private static readonly TimeSpan IncomingMaxAge = TimeSpan.FromHours(1);

    private readonly string _root;
    private readonly int _keep;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public SnapshotStore(IOptions<PictureDiagnosisOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(options.Value.SnapshotDirectory);
        _keep = options.Value.SnapshotsPerCamera;
        _time = time ?? TimeProvider.System;
    }

    public string Root => _root;

    /// <summary>Where probes write before their result is kept (created on demand).</summary>
    public string IncomingDirectory => Path.Combine(_root, "incoming");

    /// <summary>A fresh, unique path in <see cref="IncomingDirectory"/> with the given extension (".jpg", ".txt").</summary>
    public string NewIncomingPath(string extension)
    {
        Directory.CreateDirectory(IncomingDirectory);
        return Path.Combine(IncomingDirectory, Guid.NewGuid().ToString("N") + extension);
    }

    /// <summary>
    /// Moves a probe's snapshot into the camera's folder and applies retention. Returns the stored path, or null when
    /// <paramref name="source"/> is missing or empty (the probe decoded no frame for the snapshot).
    /// </summary>
    public string? Keep(GbDeviceId deviceId, string source, bool faulted)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var info = new FileInfo(source);
        if (!info.Exists || info.Length == 0)
        {
            TryDelete(source);
            return null;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var folder = CameraFolder(deviceId);
            Directory.CreateDirectory(folder);
            var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            var target = Path.Combine(folder, stamp + (faulted ? FaultSuffix : string.Empty) + Extension);
            for (var n = 1; File.Exists(target); n++)
            {
                target = Path.Combine(folder, $"{stamp}.{n.ToString(CultureInfo.InvariantCulture)}{(faulted ? FaultSuffix : string.Empty)}{Extension}");
            }

            File.Move(source, target);
            Prune(folder);
            SweepIncoming(now);
            return target;
        }
    }

    /// <summary>The newest snapshot of a camera, or null when there is none.</summary>
    public string? Latest(GbDeviceId deviceId)
    {
        var files = List(deviceId);
        return files.Count > 0 ? files[0] : null;
    }

    /// <summary>The camera's kept snapshots, newest first.</summary>
    public IReadOnlyList<string> List(GbDeviceId deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        var folder = CameraFolder(deviceId);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*" + Extension).OrderByDescending(Path.GetFileName, StringComparer.Ordinal)];
    }

    /// <summary>Deletes a file a probe left behind (a CLI probe by URL, a dropped result); never throws.</summary>
    public static void TryDelete(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string CameraFolder(GbDeviceId deviceId) => Path.Combine(_root, deviceId.Value);

    private void Prune(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*" + Extension).OrderByDescending(Path.GetFileName, StringComparer.Ordinal).ToList();
        var lastFault = files.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f).EndsWith(FaultSuffix, StringComparison.Ordinal));
        foreach (var file in files.Skip(_keep))
        {
            if (!string.Equals(file, lastFault, StringComparison.Ordinal))
            {
                TryDelete(file);
            }
        }
    }

    private void SweepIncoming(DateTimeOffset now)
    {
        if (now - _lastSweep < TimeSpan.FromMinutes(10) || !Directory.Exists(IncomingDirectory))
        {
            return;
        }

        _lastSweep = now;
        foreach (var file in Directory.EnumerateFiles(IncomingDirectory))
        {
            if (now.UtcDateTime - File.GetLastWriteTimeUtc(file) > IncomingMaxAge)
            {
                TryDelete(file);
            }
        }
    }
}
