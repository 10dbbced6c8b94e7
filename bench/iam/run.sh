#!/usr/bin/env bash
# Cost of local access control per GetItem-shaped request: SigV4 verification, action mapping and
# policy evaluation, in-process, single thread. Prints µs per request.
#   bash bench/iam/run.sh [seconds-per-measurement]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl local/iam -am package -DskipTests
./mvnw -B -q -pl local/iam dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="local/iam/target/classes:local/iam/target/test-classes:$(cat local/iam/target/bench-classpath.txt)"
exec java -Xms512m -Xmx512m -Dbench.seconds="${1:-5}" -cp "$CP" bench/iam/IamBench.java
