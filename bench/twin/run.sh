#!/usr/bin/env bash
# Twin benchmark: 8 concurrent clients, 30 s of orders against the local twin's HTTP API.
# Usage: bash bench/twin/run.sh   (options as system properties: -Dclients=8 -Dwindow=4 -Dseconds=30)
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=local/twin/target/sagastack-local.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -q -pl local/twin -am package -DskipTests
fi
# Run a copy, so a rebuild of the jar during the run cannot pull classes out from under the twin.
copy="$(mktemp -d)/sagastack-local.jar"
trap 'rm -rf "$(dirname "$copy")"' EXIT
cp "$jar" "$copy"
# The twin's jar carries Jackson, which the single-file benchmark uses.
java "$@" -cp "$copy" bench/twin/TwinBench.java "$copy"
