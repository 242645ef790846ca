#!/usr/bin/env bash
# npm start: installs what is missing, then runs the engine with demo data. Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

ensure_mediasoup_worker
ensure_node_modules
ensure_redis
ensure_ffmpeg
NODE="$ROOT/node_modules/.bin/node"
"$NODE" web-viewer/build.ts || die "building the pages failed"

PIDS=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${PIDS[@]}" 2>/dev/null || true
  stop_started_redis
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The API server migrates, loads the demo data (STREAMCART_DEMO) and prints the URLs and logins.
# Readable one-line logs in the terminal (npm run serve keeps JSON).
export LOG_FORMAT="${LOG_FORMAT:-pretty}"
STREAMCART_DEMO=1 "$NODE" server/src/main.ts &
PIDS+=($!)
# With PostgreSQL the BullMQ workers are their own process; with PGlite the server runs them.
if [ -n "${DATABASE_URL:-}" ]; then
  "$NODE" workers/src/main.ts &
  PIDS+=($!)
fi
wait -n "${PIDS[@]}"
