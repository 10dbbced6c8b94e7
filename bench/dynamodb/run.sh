#!/usr/bin/env bash
# DynamoDB engine benchmark: builds the server jar and the harness, starts the server as its own
# process (in memory, streams enabled on the table), drives it through the AWS SDK v2 over
# loopback with 1 and 8 client threads, and prints ops/s, p50/p99 latency and the server's CPU
# time per operation; then loads 1 million 200-byte items into an engine in a JVM capped at
# 1 GiB of heap and prints the heap used.
#   bash bench/dynamodb/run.sh [seconds-per-scenario]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_SCENARIO="${1:-5}"
./mvnw -B -q -pl local/dynamodb,lambdas -am install -DskipTests
./mvnw -B -q -f bench/dynamodb/pom.xml package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/dynamodb/target/classes:$(cat bench/dynamodb/target/classpath.txt)"
java -Dhttp.maxConnections=32 -cp "$CP" dev.sagastack.bench.dynamodb.DynamoDbBenchmark \
  local/dynamodb/target/sagastack-dynamodb.jar "$SECONDS_PER_SCENARIO"
# The cost target's row: server as its README starts it, SDK default client, 8 threads, PutItem of new
# items (each one a stream record) and GetItem; server and client CPU per call, every run printed.
java -cp "$CP" dev.sagastack.bench.dynamodb.NewItemsBenchmark \
  local/dynamodb/target/sagastack-dynamodb.jar "$SECONDS_PER_SCENARIO" 3
java -cp "$CP" dev.sagastack.bench.dynamodb.NewItemsEngineCheck 6
java -Xmx1g -cp "$CP" dev.sagastack.bench.dynamodb.MemoryCheck 1000000
java -Xmx4g -cp "$CP" dev.sagastack.bench.dynamodb.EngineCpuCheck
