#!/usr/bin/env bash
# Event-store benchmark: appends/s (1 stream and 100 streams, 4 threads) and DynamoDB round trips
# per command, against the embedded engine. Usage: bench/eventstore/run.sh [seconds-per-scenario]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl lambdas -am install -Dmaven.test.skip=true
./mvnw -B -q -f bench/eventstore/pom.xml compile exec:java -Dexec.args="${1:-10}"
