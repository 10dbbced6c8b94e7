#!/usr/bin/env bash
# Twin start-up time: N runs of the README's run command (java -jar local/twin/target/sagastack-local.jar,
# the packaged dev stage), each timed from process start to the "sagastack-local ready" line, with the
# twin's own phase lines of that run. Every run is reported, then min/median/max.
# Usage: bash bench/twin/startup.sh [runs (default 5)] [extra twin options...]
# --port 0 is added so a run never collides with a twin already on 8080.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
shift || true
source bench/twin/twin-jar.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# a copy, so a rebuild of the jar during the runs cannot change what is measured
jar="$(copy_twin_jar "$work")"
echo "$(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; jar $(stat -c %s "$jar") bytes"
times=()
for i in $(seq 1 "$RUNS"); do
  log="$work/run-$i.log"
  start=$(date +%s%N)
  java -jar "$jar" --port 0 "$@" > "$log" 2>&1 &
  pid=$!
  ready=""
  # up to 120 s for the ready line
  for _ in $(seq 1 2400); do
    if grep -q "sagastack-local ready" "$log"; then
      ready=$(( ($(date +%s%N) - start) / 1000000 ))
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ready" ]; then
    echo "run $i: no ready line; log:"
    cat "$log"
    exit 1
  fi
  times+=("$ready")
  # the twin's phase lines: "  dynamodb   3967 ms (cpu 900 ms)"
  phases=$(grep -E '^  [a-z][a-z ]+ +[0-9]+ ms' "$log" | sed -E 's/^  ([a-z ]*[a-z]) +([0-9]+) ms(.*)$/\1 \2\3/' | paste -sd ',' - | sed 's/,/, /g')
  echo "run $i: ready after ${ready} ms ($(grep -o 'ready in .*' "$log")); phases (ms): $phases"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
echo "runs $n: min ${sorted[0]} ms, median ${sorted[$((n / 2))]} ms, max ${sorted[$((n - 1))]} ms (target: ready < 10000 ms)"
