#!/usr/bin/env bash
# Builds the Step Functions engine jar and measures its in-process throughput.
# Usage: bash bench/stepfunctions/run.sh [seconds-per-measurement]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl local/stepfunctions -am install -DskipTests
exec java -Xms1g -Xmx1g -Dbench.seconds="${1:-10}" \
  -cp local/stepfunctions/target/sagastack-stepfunctions.jar bench/stepfunctions/StepFunctionsBench.java
