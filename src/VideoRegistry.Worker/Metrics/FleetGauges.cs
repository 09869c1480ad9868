using Prometheus;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Worker.Metrics;

/// <summary>
/// The aggregate gauges (low cardinality: class × township × status, upstreams, incidents). Set from one snapshot per
/// scrape; label sets that are no longer in the snapshot are removed, so a township or upstream that leaves the
/// registry leaves /metrics too.
/// </summary>
internal sealed class FleetGauges
{
    private readonly LabelledGauge _cameras;
    private readonly LabelledGauge _online;
    private readonly LabelledGauge _intact;
    private readonly LabelledGauge _availability;
    private readonly LabelledGauge _grids;
    private readonly LabelledGauge _coverage;
    private readonly LabelledGauge _upstreamCameras;
    private readonly LabelledGauge _upstreamDown;
    private readonly LabelledGauge _incident;
    private readonly Gauge _incidentsOpen;

    public FleetGauges(CollectorRegistry registry, MetricsOptions options)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _cameras = new(f.CreateGauge("videoregistry_cameras", "Registered cameras by class, township and status (online|degraded|offline|unknown|maintenance|decommissioned).", "class", "township", "status"));
        _online = new(f.CreateGauge("videoregistry_online_ratio", "在线率 online rate now: (online + degraded) / (registered - maintenance).", "class", "township"));
        _intact = new(f.CreateGauge("videoregistry_intact_ratio", "完好率 intact rate now: online without picture fault / (registered - maintenance).", "class", "township"));
        _availability = new(f.CreateGauge("videoregistry_availability_ratio", "Time-weighted availability: up seconds / (known - maintenance seconds); monitor downtime and incidents excluded.", "class", "township", "window"));
        _grids = new(f.CreateGauge("videoregistry_grids", "Grids with (covered=true) and without (covered=false) a working camera.", "township", "covered"));
        _coverage = new(f.CreateGauge("videoregistry_coverage_ratio", "Key sites (village x site type) with at least one working camera / all such sites.", "township", "site_type"));
        _upstreamCameras = new(f.CreateGauge("videoregistry_upstream_cameras", "Cameras that should be online behind an upstream NVR or platform.", "upstream"));
        _upstreamDown = new(f.CreateGauge("videoregistry_upstream_cameras_down", "Offline cameras behind an upstream NVR or platform.", "upstream"));
        _incident = new(f.CreateGauge("videoregistry_monitor_incident", "Open monitor-side or upstream incident (kind canary|upstream|township); value = cameras affected.", "kind", "scope", "reason"));
        _incidentsOpen = f.CreateGauge("videoregistry_monitor_incidents_open", "Open monitor incidents.");
        var target = f.CreateGauge("videoregistry_target_ratio", "Configured 在线率/完好率 target per class (Metrics:TargetClassI/II/III).", "class");
        target.WithLabels(CameraClass.I.ToLabel()).Set(options.TargetClassI);
        target.WithLabels(CameraClass.II.ToLabel()).Set(options.TargetClassII);
        target.WithLabels(CameraClass.III.ToLabel()).Set(options.TargetClassIII);
    }

    public void Update(FleetSnapshot s)
    {
        foreach (var ((cls, township), counts) in s.Counts)
        {
            foreach (var state in Enum.GetValues<HealthState>())
            {
                _cameras.Set(counts[state], cls, township, state.ToLabel());
            }

            Set(_online, HealthRatios.OnlineRate(counts), cls, township);
            Set(_intact, HealthRatios.IntactRate(counts), cls, township);
            foreach (var window in FleetSnapshot.Windows)
            {
                if (s.Availability.Cells.TryGetValue((cls, township, window), out var seconds))
                {
                    Set(_availability, HealthRatios.Availability(seconds), cls, township, window);
                }
            }
        }

        foreach (var ((township, covered), n) in s.Grids)
        {
            _grids.Set(n, township, covered ? "true" : "false");
        }

        foreach (var ((township, siteType), ratio) in s.Coverage)
        {
            _coverage.Set(ratio, township, siteType);
        }

        foreach (var (upstream, (cameras, down)) in s.Upstreams)
        {
            _upstreamCameras.Set(cameras, upstream);
            _upstreamDown.Set(down, upstream);
        }

        foreach (var incident in s.Incidents)
        {
            _incident.Set(incident.Cameras, Label.Clean(incident.Kind), Label.Clean(incident.Scope), incident.Reason.ToLabel());
        }

        _incidentsOpen.Set(s.Incidents.Count);
        foreach (var g in new[] { _cameras, _online, _intact, _availability, _grids, _coverage, _upstreamCameras, _upstreamDown, _incident })
        {
            g.RemoveUnset();
        }
    }

    private static void Set(LabelledGauge gauge, double? value, params string[] labels)
    {
        if (value is { } v)
        {
            gauge.Set(v, labels);
        }
    }

    /// <summary>A labelled gauge that remembers which label sets the current update set, and drops the others.</summary>
    private sealed class LabelledGauge(Gauge gauge)
    {
        private HashSet<string[]> _previous = new(LabelsComparer.Instance);
        private HashSet<string[]> _current = new(LabelsComparer.Instance);

        public void Set(double value, params string[] labels)
        {
            gauge.WithLabels(labels).Set(value);
            _current.Add(labels);
        }

        public void RemoveUnset()
        {
            foreach (var labels in _previous)
            {
                if (!_current.Contains(labels))
                {
                    gauge.RemoveLabelled(labels);
                }
            }

            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }
    }

    private sealed class LabelsComparer : IEqualityComparer<string[]>
    {
        public static LabelsComparer Instance { get; } = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var h = default(HashCode);
            foreach (var s in obj)
            {
                h.Add(s, StringComparer.Ordinal);
            }

            return h.ToHashCode();
        }
    }
}
