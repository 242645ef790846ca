#!/usr/bin/env bash
# Downloads mediasoup's own prebuilt worker (the release asset its postinstall would fetch) into DEST_DIR
# and prints the binary's path. Fails fast (a few seconds) when the download host is unreachable, so the
# offline build is only a short wait away. Usage: mediasoup-prebuilt.sh VERSION DEST_DIR
# MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL replaces GitHub's release address (as in mediasoup itself);
# MEDIASOUP_SKIP_PREBUILT_DOWNLOAD=1 skips the attempt.
set -euo pipefail
VERSION="$1"
DEST="$2"
say() { echo "[mediasoup] $*" >&2; }
[ "${MEDIASOUP_SKIP_PREBUILT_DOWNLOAD:-}" != 1 ] || exit 1
command -v curl >/dev/null || { say "no curl: skipping the prebuilt worker download"; exit 1; }
[ "$(uname -s)" = Linux ] || exit 1
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) exit 1 ;; esac
kernel="$(uname -r | cut -d. -f1)"
base="${MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL:-https://github.com/versatica/mediasoup/releases/download}"
url="$base/$VERSION/mediasoup-worker-$VERSION-linux-$arch-kernel$kernel.tgz"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
say "trying mediasoup's prebuilt worker: $url"
# --connect-timeout keeps an unreachable host to seconds; --max-time bounds a slow transfer.
if ! curl -fsSL --connect-timeout "${MEDIASOUP_PREBUILT_CONNECT_TIMEOUT_SEC:-4}" --max-time 120 -o "$tmp/worker.tgz" "$url" 2>/dev/null; then
  say "prebuilt worker not reachable; building offline instead"
  exit 1
fi
tar -xzf "$tmp/worker.tgz" -C "$tmp" || { say "prebuilt worker archive is unreadable"; exit 1; }
bin="$(find "$tmp" -type f -name mediasoup-worker | head -n1)"
[ -n "$bin" ] || { say "prebuilt archive has no mediasoup-worker"; exit 1; }
mkdir -p "$DEST"
install -m 0755 "$bin" "$DEST/mediasoup-worker"
echo "$DEST/mediasoup-worker"
