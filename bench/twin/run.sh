#!/usr/bin/env bash
# Twin benchmark: 8 concurrent clients, 30 s of orders against the local twin's HTTP API.
# Usage: bash bench/twin/run.sh   (options as system properties: -Dclients=8 -Dwindow=4 -Dseconds=30)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/twin/twin-jar.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="$(copy_twin_jar "$work")"
# The twin's jar carries Jackson, which the single-file benchmark uses.
java "$@" -cp "$copy" bench/twin/TwinBench.java "$copy"
