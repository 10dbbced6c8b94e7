#!/usr/bin/env bash
# Cost of local access control per GetItem-shaped request: SigV4 verification, action mapping and
# policy evaluation, in-process, single thread. Prints µs per request. Then the same through the twin's
# DynamoDB endpoint: server CPU per GetItem with enforcement on and off.
#   bash bench/iam/run.sh [seconds-per-measurement] [seconds-through-the-twin] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl local/iam -am package -DskipTests
./mvnw -B -q -pl local/iam dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="local/iam/target/classes:local/iam/target/test-classes:$(cat local/iam/target/bench-classpath.txt)"
java -Xms512m -Xmx512m -Dbench.seconds="${1:-5}" -cp "$CP" bench/iam/IamBench.java
# Through the twin: server CPU per GetItem on the twin's DynamoDB endpoint with --iam on and --iam off side by
# side (its own process each, SDK default client, 8 threads). A copy of the jar runs, so a rebuild cannot pull
# classes out from under it.
jar=local/twin/target/sagastack-local.jar
./mvnw -B -q -pl local/twin -am package -DskipTests
copy="$(mktemp -d)/sagastack-local.jar"
trap 'rm -rf "$(dirname "$copy")"' EXIT
cp "$jar" "$copy"
java -cp "$copy" bench/iam/TwinGetItemBench.java "$copy" "${2:-10}" "${3:-2}"
