-- Uptime reads in O(cameras), not O(cameras × hours): per camera, the milliseconds per state accumulated over every
-- rollup hour before a UTC day boundary. A day-aligned period is cum(to) − cum(from); the partial days at the edges
-- come from the hourly rollups of only those hours. Integer milliseconds keep the differences exact.
-- Rows of one day are written together (rollup job, when the day's last hour is rolled), so the primary key's
-- (day_ms, device_id) order matches the row order and reading one day is a contiguous range.
CREATE TABLE health_cumulative (
    day_ms          INTEGER NOT NULL,
    device_id       TEXT NOT NULL,
    online_ms       BIGINT NOT NULL,
    degraded_ms     BIGINT NOT NULL,
    offline_ms      BIGINT NOT NULL,
    unknown_ms      BIGINT NOT NULL,
    maintenance_ms  BIGINT NOT NULL,
    outages         BIGINT NOT NULL,
    PRIMARY KEY (day_ms, device_id)
);

-- Backfill from the hourly rollups already stored: one row per camera per completed day, a running sum per camera.
INSERT INTO health_cumulative (day_ms, device_id, online_ms, degraded_ms, offline_ms, unknown_ms, maintenance_ms, outages)
SELECT d.day_ms + 86400000, d.device_id,
       SUM(d.online_ms) OVER w, SUM(d.degraded_ms) OVER w, SUM(d.offline_ms) OVER w,
       SUM(d.unknown_ms) OVER w, SUM(d.maintenance_ms) OVER w, SUM(d.outages) OVER w
FROM (
    SELECT device_id, (hour_ms / 86400000) * 86400000 AS day_ms,
           SUM(CAST(ROUND(online_s * 1000) AS BIGINT)) AS online_ms,
           SUM(CAST(ROUND(degraded_s * 1000) AS BIGINT)) AS degraded_ms,
           SUM(CAST(ROUND(offline_s * 1000) AS BIGINT)) AS offline_ms,
           SUM(CAST(ROUND(unknown_s * 1000) AS BIGINT)) AS unknown_ms,
           SUM(CAST(ROUND(maintenance_s * 1000) AS BIGINT)) AS maintenance_ms,
           SUM(outages) AS outages
    FROM health_rollups
    GROUP BY device_id, (hour_ms / 86400000) * 86400000
) d
WHERE d.day_ms + 86400000 <= (SELECT rolled_until_ms FROM health_rollup_progress WHERE id = 1)
WINDOW w AS (PARTITION BY d.device_id ORDER BY d.day_ms ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY d.day_ms + 86400000, d.device_id;

-- Edge hours of a period: a range of hours read from the index alone (it carries every summed column).
CREATE INDEX ix_health_rollups_hour_device ON health_rollups
    (hour_ms, device_id, online_s, degraded_s, offline_s, unknown_s, maintenance_s, outages, end_state);
DROP INDEX ix_health_rollups_hour;

-- The dead list reads only cameras that are not online.
CREATE INDEX ix_camera_health_state ON camera_health (state);
