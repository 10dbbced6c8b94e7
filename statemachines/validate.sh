#!/usr/bin/env bash
# Validates every *.asl.json in this directory with asl-validator (installed by `npm ci`).
# Definition substitutions such as ${ReserveInventoryFunctionArn} stay as written: they sit in
# Arguments, which asl-validator does not resolve as ARNs.
set -euo pipefail
cd "$(dirname "$0")"
[ -x node_modules/.bin/asl-validator ] || npm ci --no-audit --no-fund
shopt -s nullglob
files=(*.asl.json)
if ((${#files[@]} == 0)); then
  echo "no *.asl.json definitions found" >&2
  exit 1
fi
status=0
for f in "${files[@]}"; do
  if node_modules/.bin/asl-validator --json-path "$f"; then
    echo "valid: $f"
  else
    echo "INVALID: $f" >&2
    status=1
  fi
done
exit $status
