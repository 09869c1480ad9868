using VideoRegistry.Core.Registry;

namespace VideoRegistry.Core.Health;

/// <summary>How many cameras are in each state right now.</summary>
/// <param name="Registered">Every camera that is not decommissioned (lifecycle active or maintenance).</param>
public readonly record struct HealthCounts(int Registered, int Maintenance, int Online, int Degraded, int Offline, int Unknown, int Decommissioned)
{
    /// <summary>Cameras that should be online: registered minus those in maintenance (the 在线率/完好率 denominator).</summary>
    public int ShouldBeOnline => Registered - Maintenance;

    /// <summary>Stream pullable: online or degraded.</summary>
    public int Up => Online + Degraded;
}

/// <summary>A half-open period [Start, End).</summary>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End > Start ? End - Start : TimeSpan.Zero;
}

/// <summary>
/// The one implementation of the county's uptime figures (metrics, reports and API all call it).
/// <list type="bullet">
/// <item>在线率 online rate (snapshot) = (online + degraded) ÷ (registered − maintenance). Degraded counts as online:
/// the stream can be pulled, which is what 在线 means. Unknown cameras stay in the denominator (they should be online
/// and nobody can show they are).</item>
/// <item>完好率 intact rate = online without picture fault ÷ (registered − maintenance): degraded does not count.</item>
/// <item>availability(window) = up seconds ÷ (known seconds − maintenance seconds), known = not unknown: monitor
/// downtime and incidents (unknown) leave both sides; maintenance leaves the denominator.</item>
/// <item>在线率 time-weighted = up seconds ÷ (period − maintenance) : here unknown time counts against the camera,
/// as the assessment's "theoretical hours" form does.</item>
/// </list>
/// Ratios are null when the denominator is zero (nothing to assess), never NaN.
/// </summary>
public static class AvailabilityMath
{
    public static HealthCounts Count(IEnumerable<HealthState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        int registered = 0, maintenance = 0, online = 0, degraded = 0, offline = 0, unknown = 0, decommissioned = 0;
        foreach (var s in states)
        {
            if (s == HealthState.Decommissioned)
            {
                decommissioned++;
                continue;
            }

            registered++;
            switch (s)
            {
                case HealthState.Maintenance: maintenance++; break;
                case HealthState.Online: online++; break;
                case HealthState.Degraded: degraded++; break;
                case HealthState.Offline: offline++; break;
                default: unknown++; break;
            }
        }

        return new HealthCounts(registered, maintenance, online, degraded, offline, unknown, decommissioned);
    }

    /// <summary>在线率 (snapshot).</summary>
    public static double? OnlineRate(HealthCounts counts) => Ratio(counts.Up, counts.ShouldBeOnline);

    /// <summary>完好率 (snapshot).</summary>
    public static double? IntactRate(HealthCounts counts) => Ratio(counts.Online, counts.ShouldBeOnline);

    /// <summary>Availability over a window: up ÷ (known − maintenance).</summary>
    public static double? Availability(CameraStateSeconds s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Ratio(s.Online + s.Degraded, s.Online + s.Degraded + s.Offline);
    }

    /// <summary>Like <see cref="Availability"/> but only picture-normal time counts as up (time-weighted 完好率).</summary>
    public static double? IntactAvailability(CameraStateSeconds s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Ratio(s.Online, s.Online + s.Degraded + s.Offline);
    }

    /// <summary>在线率 (time-weighted): up ÷ (period − maintenance − decommissioned); unknown counts against.</summary>
    public static double? TimeWeightedOnlineRate(CameraStateSeconds s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Ratio(s.Online + s.Degraded, s.Online + s.Degraded + s.Offline + s.Unknown);
    }

    /// <summary>Adds the seconds of many cameras (a township, a class, the county).</summary>
    public static CameraStateSeconds Sum(GbDeviceId label, IEnumerable<CameraStateSeconds> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        double on = 0, deg = 0, off = 0, unk = 0, mnt = 0;
        var outages = 0;
        foreach (var s in items)
        {
            on += s.Online;
            deg += s.Degraded;
            off += s.Offline;
            unk += s.Unknown;
            mnt += s.Maintenance;
            outages += s.Outages;
        }

        return new CameraStateSeconds { DeviceId = label, Online = on, Degraded = deg, Offline = off, Unknown = unk, Maintenance = mnt, Outages = outages };
    }

    /// <summary>
    /// Seconds per state of one camera over <paramref name="window"/>, from the state it was in at the window's
    /// start and its transitions (older and newer ones are allowed and handled: a window may cut through
    /// transitions). Periods in <paramref name="monitorDown"/> count as unknown whatever the state was.
    /// Decommissioned time is not counted anywhere. Outages = transitions into offline inside the window.
    /// </summary>
    public static CameraStateSeconds SecondsPerState(
        GbDeviceId deviceId,
        HealthState stateAtStart,
        IEnumerable<HealthTransition> transitions,
        TimeWindow window,
        IReadOnlyList<TimeWindow>? monitorDown = null)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var acc = new double[Enum.GetValues<HealthState>().Length];
        var state = stateAtStart;
        var cursor = window.Start;
        var outages = 0;
        foreach (var t in transitions.OrderBy(t => t.At))
        {
            // Half-open [Start, End): a transition at exactly Start belongs to this window (an outage starting there is
            // counted here and not in the window before), so seconds and outages add up over adjacent windows.
            if (t.At < window.Start)
            {
                state = t.To;
                continue;
            }

            if (t.At >= window.End)
            {
                break;
            }

            Add(acc, state, new TimeWindow(cursor, t.At), monitorDown);
            if (t.To == HealthState.Offline)
            {
                outages++;
            }

            state = t.To;
            cursor = t.At;
        }

        Add(acc, state, new TimeWindow(cursor, window.End), monitorDown);
        return new CameraStateSeconds
        {
            DeviceId = deviceId,
            Online = acc[(int)HealthState.Online],
            Degraded = acc[(int)HealthState.Degraded],
            Offline = acc[(int)HealthState.Offline],
            Unknown = acc[(int)HealthState.Unknown],
            Maintenance = acc[(int)HealthState.Maintenance],
            Outages = outages,
        };
    }

    private static void Add(double[] acc, HealthState state, TimeWindow segment, IReadOnlyList<TimeWindow>? monitorDown)
    {
        var total = segment.Length.TotalSeconds;
        if (total <= 0)
        {
            return;
        }

        var down = 0.0;
        if (monitorDown is not null && state != HealthState.Decommissioned)
        {
            foreach (var gap in monitorDown)
            {
                var start = gap.Start > segment.Start ? gap.Start : segment.Start;
                var end = gap.End < segment.End ? gap.End : segment.End;
                if (end > start)
                {
                    down += (end - start).TotalSeconds;
                }
            }
        }

        acc[(int)state] += total - down;
        acc[(int)HealthState.Unknown] += down;
    }

    private static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;
}
