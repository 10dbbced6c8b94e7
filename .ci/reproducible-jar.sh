#!/usr/bin/env bash
# Builds the Lambda jar twice from clean and compares the SHA-256 of the two builds. The CDK asset hash
# of every function is the jar's hash, so a jar that differs between builds of the same sources means
# every deploy uploads a new asset, publishes new SnapStart versions and re-runs the schema migration.
# Usage: .ci/reproducible-jar.sh [extra Maven flags, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=lambdas/target/sagastack-lambdas.jar

build() {
  ./mvnw -B -q "$@" -pl lambdas -am clean package -DskipTests >&2
  sha256sum "$jar" | cut -d' ' -f1
}

first=$(build "$@")
sleep 2 # a clock that moved on must not change the result
second=$(build "$@")
echo "first build:  $first"
echo "second build: $second"
if [ "$first" != "$second" ]; then
  echo "the Lambda jar is not reproducible" >&2
  exit 1
fi
echo "reproducible"
