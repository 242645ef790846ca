#!/usr/bin/env bash
# npm test: the whole suite on real services (PostgreSQL, Redis, the mediasoup worker, Chromium).
# Ends with one line "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

ensure_mediasoup_worker
ensure_node_modules
ensure_postgres
ensure_redis
# Debian's Chromium for the browser end-to-end tests (driven by playwright-core).
[ -x /usr/bin/chromium ] || apt_install chromium fonts-liberation
ensure_ffmpeg
trap stop_started_redis EXIT

rm -f test-results/vitest.json
"$ROOT/node_modules/.bin/node" "$ROOT/node_modules/vitest/vitest.mjs" run "$@"
status=$?
"$ROOT/node_modules/.bin/node" scripts/lib/summarize-tests.ts test-results/vitest.json || status=1
exit $status
