#!/usr/bin/env bash
# Times the Step Functions engine opening a data directory a long run left (see ReopenBench.java).
# Usage: bash bench/stepfunctions/reopen.sh PATH/TO/stepfunctions.log [runs (default 3)]
#   e.g. the log a chaos soak leaves: DATA_DIR/stepfunctions/stepfunctions.log
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -o -pl local/stepfunctions -am package -DskipTests
exec java -Xmx8g -cp local/stepfunctions/target/sagastack-stepfunctions.jar bench/stepfunctions/ReopenBench.java "$@"
