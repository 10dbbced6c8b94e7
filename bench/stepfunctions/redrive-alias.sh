#!/usr/bin/env bash
# Builds the Step Functions engine jar (package only, nothing installed) and measures redrive of a
# failed 10-state execution and 1,000 executions through a 90/10 alias.
# Usage: bash bench/stepfunctions/redrive-alias.sh [redrives]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl local/stepfunctions -am package -DskipTests
exec java -Xms512m -Xmx512m -Dbench.redrives="${1:-200}" \
  -cp local/stepfunctions/target/sagastack-stepfunctions.jar bench/stepfunctions/RedriveAliasBench.java
