-- Import audit: every import run (who, when, which file) and each camera/grid it inserted, changed or retired.
-- Changes are written before their run row (counts known at the end), hence the deferred key.
-- Text ids and ISO-8601 UTC timestamps keep this portable to PostgreSQL.
CREATE TABLE import_runs (
    run_id       TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    source_file  TEXT NOT NULL,
    file_sha256  TEXT NULL,
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    inserted     INTEGER NOT NULL,
    updated      INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL
);

CREATE TABLE import_changes (
    run_id     TEXT NOT NULL REFERENCES import_runs (run_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'decommission')),
    changes    TEXT NOT NULL,
    PRIMARY KEY (run_id, entity_id)
);

CREATE INDEX ix_import_changes_entity ON import_changes (entity_id);
CREATE INDEX ix_cameras_village ON cameras (village);
CREATE INDEX ix_cameras_class ON cameras (camera_class);
