#!/usr/bin/env bash
# npm run serve: the engine for real traffic (see docs/deploy.md). NODE_ENV=production, the API server
# and the BullMQ worker process on DATABASE_URL (PostgreSQL) and REDIS_URL; no demo data, no demo users,
# no generated secrets: the config refuses to start without strong JWT_SECRET and WEBHOOK_SECRET.
# Installs nothing and starts no database: production brings its own PostgreSQL and Redis.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

export NODE_ENV=production
unset STREAMCART_DEMO
NODE="$ROOT/node_modules/.bin/node"
[ -x "$NODE" ] || die "node_modules is missing: run npm ci first"
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set: production runs on PostgreSQL (see docs/deploy.md)"
[ -n "${REDIS_URL:-}" ] || die "REDIS_URL is not set (see docs/deploy.md)"
ensure_mediasoup_worker
if [ ! -f web-viewer/dist/index.html ] || [ "${STREAMCART_BUILD:-}" = "1" ]; then
  "$NODE" web-viewer/build.ts || die "building the pages failed"
fi
# Migrations run once here, before the processes that use the schema start.
"$NODE" db/migrate-cli.ts || die "not started: the configuration or the database migration failed (see above)"

PIDS=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${PIDS[@]}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 143' INT TERM

"$NODE" server/src/main.ts &
PIDS+=($!)
"$NODE" workers/src/main.ts &
PIDS+=($!)
# If either process stops, stop the other too, so a supervisor (systemd, a container runtime) restarts both.
set +e
wait -n "${PIDS[@]}"
status=$?
say "a process stopped (exit $status); stopping the other"
exit "$status"
