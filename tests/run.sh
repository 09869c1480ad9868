#!/usr/bin/env bash
# The README's test command: installs what is missing, runs every test project against the real
# ffprobe, RTSP simulator, SQLite and Prometheus, and ends with "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash config/scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

results="$root/tests/TestResults/run-$$"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build VideoRegistry.sln -c Release -nologo -v q >"$results/build.log" 2>&1
if [ $? -ne 0 ]; then
  grep -E "error|warning" "$results/build.log" | sort -u | head -n 40
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
# One project at a time: the integration suites start RTSP simulators, ffprobe and Prometheus, and two
# of them at once on a 2-core machine would make deadlines flaky.
for proj in tests/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  echo "==> $name"
  dotnet test "$proj" -c Release --no-build -nologo -v q \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" --blame-hang-timeout 5m || status=$?
done

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

expected=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$files" -lt "$expected" ]; then
  echo "only $files of $expected test projects reported results" >&2
  failed=$((failed + expected - files))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited $status without a failed test: counting it as a failure" >&2
  failed=1
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
