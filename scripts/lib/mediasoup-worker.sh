#!/usr/bin/env bash
# Prints the path of a runnable mediasoup worker (its only stdout line); progress goes to stderr.
# Order: $MEDIASOUP_WORKER_BIN if it starts; a prebuilt cache ($MEDIASOUP_WORKER_CACHE, else
# ../shared/mediasoup/cache beside the project) whose recipe stamp matches ours; else mediasoup's own
# prebuilt download (scripts/lib/mediasoup-prebuilt.sh, fails fast offline); else our own
# offline build (scripts/mediasoup-worker/build-worker.sh, ~7 min cold on 2 cores) into
# ${XDG_CACHE_HOME:-~/.cache}/mediasoup-worker, keyed by version and recipe.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RECIPE_SCRIPT="$ROOT/scripts/mediasoup-worker/build-worker.sh"
VERSION="$(sed -n 's/.*"mediasoup": *"\([0-9.]*\)".*/\1/p' "$ROOT/package.json" | head -n1)"
say() { echo "[mediasoup] $*" >&2; }

starts() { [ -x "$1" ] && { set +e; env -u MEDIASOUP_VERSION "$1" >/dev/null 2>&1; local rc=$?; set -e; [ $rc = 41 ]; }; }

if [ -n "${MEDIASOUP_WORKER_BIN:-}" ] && starts "$MEDIASOUP_WORKER_BIN"; then
  echo "$MEDIASOUP_WORKER_BIN"; exit 0
fi

# A provided prebuilt cache is only read: the recipe script answers from it when the stamp matches.
for cache in "${MEDIASOUP_WORKER_CACHE:-}" "$ROOT/../shared/mediasoup/cache"; do
  [ -n "$cache" ] && [ -f "$cache/$VERSION/recipe.stamp" ] || continue
  if bin="$(MEDIASOUP_WORKER_CACHE="$cache" bash "$RECIPE_SCRIPT" "$VERSION" 2>/dev/null </dev/null)" && starts "$bin"; then
    say "prebuilt worker $VERSION from $cache"
    echo "$bin"; exit 0
  fi
done

OWN_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/mediasoup-worker"
mkdir -p "$OWN_CACHE/$VERSION"

# mediasoup's own prebuilt worker, when this machine can reach its download (seconds instead of a
# 7-minute compile). Tried only while our own build cache is empty; it fails fast when offline.
PREBUILT_DIR="$OWN_CACHE/$VERSION/prebuilt"
if starts "$PREBUILT_DIR/mediasoup-worker"; then
  echo "$PREBUILT_DIR/mediasoup-worker"; exit 0
fi
if [ ! -f "$OWN_CACHE/$VERSION/recipe.stamp" ] &&
  bin="$(bash "$ROOT/scripts/lib/mediasoup-prebuilt.sh" "$VERSION" "$PREBUILT_DIR")" && starts "$bin"; then
  say "mediasoup's prebuilt worker $VERSION"
  echo "$bin"; exit 0
fi

# Our own cache: a hit answers at once; a miss builds, and we show ninja's progress meanwhile.
LOG="$OWN_CACHE/$VERSION/build.log"
OUT="$(mktemp)"
MEDIASOUP_WORKER_CACHE="$OWN_CACHE" bash "$RECIPE_SCRIPT" "$VERSION" >"$OUT" 2> >(sed 's/^/  /' >&2) &
pid=$!
started=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  sleep 5
  step="$(grep -o '^\[[0-9]*/[0-9]*\]' "$LOG" 2>/dev/null | tail -n1 | tr -d '[]')" || true
  if [ -n "$step" ]; then
    done_n="${step%/*}"; total="${step#*/}"
    say "building worker $VERSION: $done_n/$total steps ($((100 * done_n / total))%), $(( $(date +%s) - started ))s elapsed (about 7 min cold on 2 cores)"
  fi
done
wait "$pid" || { say "worker build failed; see $LOG"; exit 1; }
bin="$(tail -n1 "$OUT")"; rm -f "$OUT"
starts "$bin" || { say "built worker $bin does not start"; exit 1; }
echo "$bin"
