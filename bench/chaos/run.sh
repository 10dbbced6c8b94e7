#!/usr/bin/env bash
# Chaos soak of the local twin: load, faults and kill -9 restarts, then the invariants.
# Usage: bash bench/chaos/run.sh [SECONDS] [SEED]   (default 600 s and a random seed; the seed is printed)
# Ends with: chaos: N sagas (C confirmed, X cancelled, A needs attention, U unfinished), F faults, K restarts,
#            V invariant violations, seed S          (exit status 1 when V > 0)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
seed="${2:-$RANDOM$RANDOM}"
jar=local/twin/target/sagastack-local.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -q -pl local/twin -am package -DskipTests
fi
# Run a copy, so a rebuild of the jar during the run cannot pull classes out from under the twin.
copy="$(mktemp -d)/sagastack-local.jar"
trap 'rm -rf "$(dirname "$copy")"' EXIT
cp "$jar" "$copy"
# The twin's jar carries Jackson, which the single-file soak uses.
java -cp "$copy" bench/chaos/ChaosSoak.java "$copy" "$seconds" "$seed"
