#!/usr/bin/env bash
# `npm run stack`: the no-Docker stack. Migrates, then runs the service and the demo workload against
# PostgreSQL and Redis from the environment (defaults: 127.0.0.1). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export SYSMON_PORT=${SYSMON_PORT:-3001}
# Loopback unless told otherwise: with the development tokens below, anyone who reaches the port could act.
export SYSMON_HOST=${SYSMON_HOST:-127.0.0.1}
export SYSMON_CONFIG=${SYSMON_CONFIG:-deploy/sysmon.yaml}
# Development tokens only: set real ones in the environment for anything shared.
export SYSMON_API_TOKEN=${SYSMON_API_TOKEN:-dev-read-token-0123456789}
export SYSMON_OPERATOR_TOKEN=${SYSMON_OPERATOR_TOKEN:-dev-operator-token-0123456789}
export SYSMON_INGEST_TOKEN=${SYSMON_INGEST_TOKEN:-dev-ingest-token-0123456789}
# The demo ships its log lines to the service's ingest endpoint (retrying until the service listens).
export DEMO_INGEST_URL=${DEMO_INGEST_URL:-http://127.0.0.1:${SYSMON_PORT}}
# The demo's SMTP sink, platform API and control endpoint. deploy/sysmon.yaml probes 2525 and 2527: change them
# there too (or point SYSMON_CONFIG at your own copy).
export DEMO_SMTP_PORT=${DEMO_SMTP_PORT:-2525}
export DEMO_API_PORT=${DEMO_API_PORT:-2527}
export DEMO_CONTROL_PORT=${DEMO_CONTROL_PORT:-2526}

sysmon="node backend/bin/sysmon.js"
$sysmon migrate

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

$sysmon serve & pids+=($!)
$sysmon demo "$@" & pids+=($!)

echo "stack: service on http://127.0.0.1:${SYSMON_PORT} (read token in SYSMON_API_TOKEN); demo running (SMTP sink" \
  "127.0.0.1:${DEMO_SMTP_PORT}, platform API http://127.0.0.1:${DEMO_API_PORT}, control" \
  "http://127.0.0.1:${DEMO_CONTROL_PORT}). Ctrl-C to stop." >&2
wait -n "${pids[@]}"
