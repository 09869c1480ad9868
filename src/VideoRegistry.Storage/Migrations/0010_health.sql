-- Monitoring: health history and the monitor's own bookkeeping. Timestamps are INTEGER unix milliseconds (UTC).
-- No foreign keys to cameras: history outlives a camera's removal from the registry.

-- Only changes are stored (camera, at, from, to, reason).
CREATE TABLE health_transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   TEXT NOT NULL,
    at_ms       INTEGER NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX ix_health_transitions_device_at ON health_transitions (device_id, at_ms);
CREATE INDEX ix_health_transitions_at ON health_transitions (at_ms);

-- Seconds per state per camera per hour, so a 30-day uptime for 100k cameras is a SUM over rollups.
CREATE TABLE health_rollups (
    device_id      TEXT NOT NULL,
    hour_ms        INTEGER NOT NULL,
    online_s       REAL NOT NULL,
    degraded_s     REAL NOT NULL,
    offline_s      REAL NOT NULL,
    unknown_s      REAL NOT NULL,
    maintenance_s  REAL NOT NULL,
    outages        INTEGER NOT NULL,
    end_state      TEXT NOT NULL,
    PRIMARY KEY (device_id, hour_ms)
);
CREATE INDEX ix_health_rollups_hour ON health_rollups (hour_ms);

-- Single row: hours before rolled_until_ms are rolled up.
CREATE TABLE health_rollup_progress (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    rolled_until_ms  INTEGER NOT NULL
);

-- Monitor liveness (single row); on restart the gap since at_ms is recorded as unknown for every camera.
CREATE TABLE monitor_heartbeat (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    at_ms          INTEGER NOT NULL,
    started_at_ms  INTEGER NOT NULL
);

-- Periods the monitor was not running (for reports).
CREATE TABLE monitor_gaps (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    start_ms  INTEGER NOT NULL,
    end_ms    INTEGER NOT NULL
);

CREATE TABLE monitor_incidents (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('canary', 'upstream', 'township')),
    scope         TEXT NOT NULL,
    opened_at_ms  INTEGER NOT NULL,
    closed_at_ms  INTEGER NULL,
    cameras       INTEGER NOT NULL,
    reason        TEXT NOT NULL
);
CREATE INDEX ix_monitor_incidents_open ON monitor_incidents (closed_at_ms);

CREATE TABLE maintenance_windows (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    scope          TEXT NOT NULL CHECK (scope IN ('camera', 'upstream', 'township')),
    target         TEXT NOT NULL,
    starts_at_ms   INTEGER NOT NULL,
    ends_at_ms     INTEGER NULL,
    reason         TEXT NOT NULL,
    created_at_ms  INTEGER NOT NULL
);

-- Latest probe per camera per tier (API: last probes, stream facts).
CREATE TABLE probe_latest (
    device_id    TEXT NOT NULL,
    tier         INTEGER NOT NULL CHECK (tier IN (1, 2, 3)),
    at_ms        INTEGER NOT NULL,
    ok           INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    detail       TEXT NULL,
    duration_ms  REAL NOT NULL,
    codec        TEXT NULL,
    width        INTEGER NULL,
    height       INTEGER NULL,
    fps          REAL NULL,
    bit_rate     INTEGER NULL,
    faults       TEXT NULL,
    PRIMARY KEY (device_id, tier)
);

-- Current state per camera, so a restart resumes where the monitor was.
CREATE TABLE camera_health (
    device_id        TEXT PRIMARY KEY,
    state            TEXT NOT NULL,
    since_ms         INTEGER NULL,
    reason           TEXT NOT NULL,
    faults           TEXT NULL,
    last_success_ms  INTEGER NULL,
    last_probe_ms    INTEGER NULL,
    flapping         INTEGER NOT NULL DEFAULT 0
);
