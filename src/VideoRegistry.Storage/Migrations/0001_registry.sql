-- Registry: townships, grids, cameras and their stream credentials (kept apart from the URL).
CREATE TABLE grids (
    code              TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    township          TEXT NOT NULL,
    village           TEXT NULL,
    grid_type         TEXT NULL,
    required_cameras  INTEGER NULL,
    boundary_geojson  TEXT NULL
);

CREATE TABLE cameras (
    device_id      TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    camera_class   INTEGER NOT NULL CHECK (camera_class IN (1, 2, 3)),
    township       TEXT NOT NULL,
    village        TEXT NULL,
    grid           TEXT NULL,
    longitude      REAL NULL,
    latitude       REAL NULL,
    coord_source   TEXT NULL,
    site_type      TEXT NULL,
    owner          TEXT NULL,
    stream_url     TEXT NULL,
    upstream       TEXT NULL,
    lifecycle      TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle IN ('active', 'maintenance', 'decommissioned')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE INDEX ix_cameras_township ON cameras (township);
CREATE INDEX ix_cameras_grid ON cameras (grid);
CREATE INDEX ix_cameras_upstream ON cameras (upstream);

CREATE TABLE camera_credentials (
    device_id  TEXT PRIMARY KEY REFERENCES cameras (device_id) ON DELETE CASCADE,
    username   TEXT NULL,
    password   TEXT NULL
);
