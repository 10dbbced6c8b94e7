#!/usr/bin/env bash
# Saga handler benchmark: cold start of each handler in a fresh JVM (shaded jar only) and warm
# invocations, against embedded DynamoDB-compatible server and PostgreSQL; prints the jar size.
# Usage: bench/saga/run.sh [warm-invocations-per-handler (default 200)]
# BENCH_OPTS passes driver options, e.g. BENCH_OPTS="-Dbench.only=ConfirmOrder
#   -Dbench.probeJvmArgs=-Xlog:class+load:file=/tmp/{function}.classes"; BENCH_SKIP_BUILD=1 reuses the jar;
#   -Dbench.hold=true keeps the engines up and writes each probe as a script in bench/saga/target/probes.
# Every probe does the production work of a cold start: TLS to each endpoint, IAM database auth tokens, the API's
# cursor key from SSM and its DAX cluster, the API event as the JSON bytes the runtime hands over (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
WARM="${1:-200}"
# Built through the reactor, nothing installed into ~/.m2 (it is shared): the lambdas jar and the
# class path of lambdas' test scope (which holds the local engines), then the benchmark's own sources.
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -ntp -pl lambdas -am package -DskipTests
fi
./mvnw -B -q -ntp -pl lambdas -am compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
mkdir -p bench/saga/target/classes
CP="lambdas/target/classes:$(cat lambdas/target/bench-classpath.txt)"
printf '%s' "$CP" > bench/saga/target/classpath.txt
find bench/saga/src/main/java -name '*.java' > bench/saga/target/sources.txt
javac -nowarn -d bench/saga/target/classes -cp "$CP" @bench/saga/target/sources.txt
# a copy of the jar: other builds in this tree may rewrite lambdas/target while the probes load classes
JAR=bench/saga/target/sagastack-lambdas.jar
cp lambdas/target/sagastack-lambdas.jar "$JAR"
# the trimmed RDS SDK in the shaded jar still signs IAM tokens (fake credentials, no network)
AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
  java -cp "$JAR:bench/saga/target/classes" dev.sagastack.bench.saga.RdsTokenCheck
# shellcheck disable=SC2086
java ${BENCH_OPTS:-} -cp "bench/saga/target/classes:$(cat bench/saga/target/classpath.txt)" \
  dev.sagastack.bench.saga.SagaHandlerBenchmark "$JAR" bench/saga/target/classes "$WARM"
