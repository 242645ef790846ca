# Shared by scripts/start.sh, scripts/test.sh and .ci/run: install what is missing, start what is down.
# Every function is idempotent and quiet when there is nothing to do.

say() { echo "[streamcart] $*" >&2; }
die() { echo "[streamcart] ERROR: $*" >&2; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

APT_UPDATED=""
apt_install() { # apt_install PKG...: installs the missing ones
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  command -v apt-get >/dev/null || die "missing Debian packages: ${missing[*]} (no apt-get here: install them by hand)"
  say "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq || die "apt-get update failed (run as root?)"; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
}

# Debian's ffmpeg: it feeds the demo show a test pattern and a tone (and its test needs it).
ensure_ffmpeg() { command -v ffmpeg >/dev/null || apt_install ffmpeg; }

# The mediasoup worker: prebuilt cache or our own offline build (minutes, with progress, once).
ensure_mediasoup_worker() {
  if [ -z "${MEDIASOUP_WORKER_BIN:-}" ] || [ ! -x "$MEDIASOUP_WORKER_BIN" ]; then
    MEDIASOUP_WORKER_BIN="$(bash "$ROOT/scripts/lib/mediasoup-worker.sh")" || die "could not get a mediasoup worker"
  fi
  export MEDIASOUP_WORKER_BIN
}

# npm packages, with Node 24 from the `node` package; mediasoup's postinstall download is skipped
# because MEDIASOUP_WORKER_BIN is set (and allowScripts says no).
ensure_node_modules() {
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ -x "$ROOT/node_modules/.bin/node" ] && [ -f "$stamp" ] && [ "$stamp" -nt "$ROOT/package-lock.json" ] && [ "$stamp" -nt "$ROOT/package.json" ]; then
    return 0
  fi
  command -v npm >/dev/null || die "npm is missing: install Node.js (any version >= 20) with npm"
  say "installing npm packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  touch "$stamp"
}

tcp_answers() { # tcp_answers HOST PORT
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

redis_answers() { # redis_answers HOST PORT
  local reply
  reply="$( (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3) 2>/dev/null)" || return 1
  [ "$reply" = "+PONG" ]
}

STARTED_REDIS_PID=""
# Redis on 127.0.0.1:6379 when REDIS_URL is unset. Started by us (and stopped on exit) when down.
ensure_redis() {
  [ -z "${REDIS_URL:-}" ] || return 0
  redis_answers 127.0.0.1 6379 && return 0
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting redis-server on 127.0.0.1:6379"
  redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --daemonize no >/dev/null 2>&1 &
  STARTED_REDIS_PID=$!
  for _ in $(seq 1 50); do redis_answers 127.0.0.1 6379 && return 0; sleep 0.1; done
  die "redis-server did not start"
}

stop_started_redis() { [ -z "$STARTED_REDIS_PID" ] || kill "$STARTED_REDIS_PID" 2>/dev/null || true; }

# PostgreSQL on 127.0.0.1:5432 for the tests: start the machine's cluster when it is down.
ensure_postgres() {
  tcp_answers 127.0.0.1 5432 && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
    for _ in $(seq 1 50); do tcp_answers 127.0.0.1 5432 && return 0; sleep 0.2; done
  fi
  die "PostgreSQL is not answering on 127.0.0.1:5432. Start it, or set TEST_DATABASE_URL to a server where the user may create databases."
}
