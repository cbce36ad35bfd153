#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 machine, run as root: Debian packages, npm dependencies, the
# mediasoup worker (built from source once, then cached outside the repo) and the build. Re-running it does
# only what changed. Used by scripts/start.sh, scripts/test.sh, .ci/run and the Dockerfile.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n== %s\n' "$*"; }
started=$(date +%s)

# fonts-nanum and fonts-noto-color-emoji: Chromium draws with system fonts, so without them the browser tests'
# screenshots show Korean and emoji as empty boxes.
APT_PACKAGES=(redis-server chromium ffmpeg build-essential python3 ca-certificates libssl-dev pkg-config docker-compose zbar-tools
  fonts-nanum fonts-noto-color-emoji)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "setup: run as root to install ${missing[*]}" >&2; exit 1; fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  step "apt: all packages present"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" != 20 ]; then
  echo "setup: Node.js 20 is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

cache=${EDUFORUM_CACHE_DIR:-${HOME:-/root}/.cache/eduforum}
mkdir -p "$cache"
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
marker=node_modules/.eduforum-lock-sha256
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$lock_hash" ]; then
  step "npm: node_modules matches package-lock.json"
else
  step "npm ci"
  # MEDIASOUP_WORKER_BIN set: mediasoup's postinstall skips its own build (it would need python2 and the
  # internet); scripts/build-mediasoup-worker.sh builds and caches the worker instead.
  # ONNXRUNTIME_NODE_INSTALL_CUDA=skip: the CPU runtime is in the tarball; CUDA files would be downloaded.
  MEDIASOUP_WORKER_BIN="$cache/skip-postinstall" ONNXRUNTIME_NODE_INSTALL_CUDA=skip \
    npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$marker"
fi

step "mediasoup worker"
bash scripts/build-mediasoup-worker.sh

step "build (server + client)"
npm run --silent build >/dev/null

printf '\nsetup: done in %ss\n' "$(( $(date +%s) - started ))"
