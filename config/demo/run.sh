#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the worker, starts the local camera
# simulator and Prometheus, seeds the demo county (古浪县-like, 7,071 cameras) into the embedded SQLite
# store and runs the monitor in the foreground. Ctrl+C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

bash config/scripts/install-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "==> building / 编译"
dotnet publish src/VideoRegistry.Worker -c Release -o "$root/var/bin" -nologo -v q
bin="$root/var/bin/videoregistry"

db="$root/var/videoregistry.db"
mkdir -p "$root/var/log"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_busy 8554; then
  echo "==> camera simulator already listening on 127.0.0.1:8554"
else
  echo "==> starting camera simulator / 启动摄像机模拟器 (rtsp://127.0.0.1:8554, hung port 8555)"
  /usr/bin/python3 tests/fixtures/camera-simulator/camera_simulator.py --port 8554 --hung-port 8555 \
    >"$root/var/log/simulator.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q READY "$root/var/log/simulator.log" && break; sleep 0.2; done
  grep -q READY "$root/var/log/simulator.log" || { echo "simulator did not start, see var/log/simulator.log" >&2; exit 1; }
fi

if [ ! -f "$db" ]; then
  echo "==> seeding demo county / 生成演示县台账"
  "$bin" demo --db "$db"
fi

if command -v prometheus >/dev/null 2>&1 && ! port_busy 9090; then
  echo "==> starting Prometheus / 启动 Prometheus on http://127.0.0.1:9090"
  mkdir -p "$root/var/prometheus"
  prometheus --config.file="$root/config/prometheus/prometheus.yml" \
    --storage.tsdb.path="$root/var/prometheus" \
    --web.listen-address=127.0.0.1:9090 >"$root/var/log/prometheus.log" 2>&1 &
  pids+=($!)
fi

cat <<MSG
==> VideoRegistry is starting / 监测服务启动中
    API and metrics:  http://127.0.0.1:8080/metrics   http://127.0.0.1:8080/api/cameras
    Dead cameras:     http://127.0.0.1:8080/api/reports/dead   (or: $bin report dead --db $db)
    Prometheus:       http://127.0.0.1:9090  (alerts: /alerts)
    Grafana:          see README (docker compose -f config/docker-compose.yml up)
    Stop with Ctrl+C / 按 Ctrl+C 停止
MSG
# L2 cadence sized for a 2-core demo box: one ffprobe costs ~0.25 CPU s here (process start alone ~0.22 s), so the
# default cadence (class I 5 min, II 15 min, III 30 min = ~10 probes/s for 7,071 cameras) needs ~2.5 cores.
# These intervals need ~1.4 probes/s (~0.35 core); a county server sizes them in appsettings.json (see README).
"$bin" serve --db "$db" --urls http://127.0.0.1:8080 \
  --Monitoring:StreamIntervalClassI=00:30:00 --Monitoring:StreamIntervalClassII=02:00:00 \
  --Monitoring:StreamIntervalClassIII=06:00:00 "$@" &
pids+=($!)
wait "${pids[-1]}"
