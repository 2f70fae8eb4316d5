#!/usr/bin/env bash
# `npm test`: build the plugin, then every suite against the real services (PostgreSQL, Redis, Chromium).
# Every suite runs even if an earlier one fails; the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
run() {
  local name=$1; shift
  echo; echo "=== $name: $*"
  if "$@"; then echo "=== $name: ok"; else echo "=== $name: FAILED"; failed+=("$name"); fi
}

run build npm run build
run grafana-compat npm run check:grafana
run contract npm test -w contract
run repo node --import tsx --test --test-reporter=spec tests/repo/*.test.ts
run backend npm run test:backend
run frontend npm run test:frontend
run browser npm run test:browser

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "test suites failed: ${failed[*]}"
  exit 1
fi
echo "all test suites passed"
