using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Monitoring;

/// <summary>One camera's slot in a sweep.</summary>
public readonly record struct PlannedProbe(Camera Camera, TimeSpan Offset);

/// <summary>
/// Spreads a sweep's cameras over its window with a stable per-camera offset (a hash of the device ID), so load is
/// flat and a restart does not stampede: a camera is probed at the same point of every sweep.
/// </summary>
public static class SweepPlan
{
    public static IReadOnlyList<PlannedProbe> Build(IEnumerable<Camera> cameras, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        var ticks = Math.Max(1, window.Ticks);
        return [.. cameras
            .Select(c => new PlannedProbe(c, TimeSpan.FromTicks((long)(StableFraction(c.DeviceId.Value) * ticks))))
            .OrderBy(p => p.Offset)];
    }

    /// <summary>FNV-1a of the ID mapped to [0, 1): stable across processes (string.GetHashCode is not).</summary>
    public static double StableFraction(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = 14695981039346656037UL;
        foreach (var ch in key)
        {
            hash ^= ch;
            hash *= 1099511628211UL;
        }

        // Final avalanche so IDs that differ only in the last digits still spread over the whole window.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
