using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace VideoRegistry.Probing.Processes;

/// <summary>One line of <c>/proc/PID/stat</c>: identity (pid + start time, so a reused pid is not mistaken) and CPU.</summary>
internal readonly record struct ProcEntry(int Pid, int ParentPid, char State, long StartTicks, long CpuTicks);

/// <summary>A snapshot of the Linux process table read from <c>/proc</c>, for walking and killing a process tree.</summary>
internal sealed class ProcTable
{
    private readonly Dictionary<int, ProcEntry> entries;

    private ProcTable(Dictionary<int, ProcEntry> entries) => this.entries = entries;

    public static ProcTable Snapshot()
    {
        var entries = new Dictionary<int, ProcEntry>();
        IEnumerable<string> dirs;
        try
        {
            dirs = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ProcTable(entries);
        }

        foreach (var dir in dirs)
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } entry)
            {
                entries[pid] = entry;
            }
        }

        return new ProcTable(entries);
    }

    /// <summary>The root and every descendant, parents before children; empty when the root is not in the table.</summary>
    public IReadOnlyList<ProcEntry> TreeOf(int root)
    {
        if (!entries.TryGetValue(root, out var rootEntry))
        {
            return [];
        }

        var children = entries.Values.ToLookup(e => e.ParentPid);
        var tree = new List<ProcEntry> { rootEntry };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children[tree[i].Pid]);
        }

        return tree;
    }

    /// <summary>Reads one process; null when it is gone or unreadable.</summary>
    public static ProcEntry? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var f = text[(close + 2)..].Split(' ');
        if (f.Length < 20)
        {
            return null;
        }

        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        return new ProcEntry(
            pid,
            int.Parse(f[1], CultureInfo.InvariantCulture),
            f[0][0],
            StartTicks: L(f[19]),
            CpuTicks: L(f[11]) + L(f[12]) + L(f[13]) + L(f[14]));
    }

    /// <summary>True while the same process (same start time) exists and is not a zombie.</summary>
    public static bool IsRunning(ProcEntry entry) =>
        Read(entry.Pid) is { } now && now.StartTicks == entry.StartTicks && now.State is not ('Z' or 'X');

    public static void KillIfSame(ProcEntry entry)
    {
        if (!IsRunning(entry))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(entry.Pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
        {
            // Gone in the meantime.
        }
    }
}
