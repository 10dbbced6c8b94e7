#!/usr/bin/env bash
# Local DAX benchmark: builds the server jar, starts it as its own process with a DAX port, fills a
# table, then with 8 client threads for N seconds each: GetItem through DAX (ClusterDaxClient, every
# call an item-cache hit) and GetItem straight to the engine over HTTP (SDK default client). Prints
# calls/s, client p50/p99 and the server's CPU time per call.
#   bash bench/dax/run.sh [seconds-per-scenario]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_SCENARIO="${1:-10}"
./mvnw -B -q -pl local/dynamodb -am package -DskipTests
./mvnw -B -q -f bench/dax/pom.xml package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/dax/target/classes:$(cat bench/dax/target/classpath.txt)"
java -cp "$CP" dev.sagastack.bench.dax.DaxBenchmark local/dynamodb/target/sagastack-dynamodb.jar "$SECONDS_PER_SCENARIO"
