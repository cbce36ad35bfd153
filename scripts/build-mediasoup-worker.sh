#!/usr/bin/env bash
# Builds the mediasoup worker from the C++ sources that ship inside the mediasoup npm tarball, once per
# (mediasoup version, architecture, glibc, OpenSSL flavour), caches the binary outside the repository with a
# checksum, and installs it where mediasoup's lib/Worker.js looks for it by default. Prebuilt-binary downloads
# are impossible here (no internet), so this is the only way the worker exists; see docs/operations.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pkg="$root/node_modules/mediasoup"
[ -f "$pkg/package.json" ] || { echo "build-mediasoup-worker: run npm ci first ($pkg missing)" >&2; exit 1; }

version=$(node -p "require('$pkg/package.json').version")
arch=$(uname -m)
glibc=$(getconf GNU_LIBC_VERSION | awk '{print $2}')
flavour=vendored-openssl
cache=${EDUFORUM_CACHE_DIR:-${HOME:-/root}/.cache/eduforum}
key="mediasoup-worker-$version-$arch-glibc$glibc-$flavour"
bin="$cache/$key"
target="$pkg/worker/out/Release/mediasoup-worker"

cached_ok() { [ -x "$bin" ] && [ -f "$bin.sha256" ] && (cd "$cache" && sha256sum --check --status "$key.sha256"); }

if cached_ok; then
  echo "mediasoup worker: using cached $bin"
else
  echo "mediasoup worker: building $key (takes ~8 minutes on 2 cores; cached afterwards)"
  build="$cache/build-$key"
  rm -rf "$build"
  mkdir -p "$build"
  cp -a "$pkg/worker/." "$build/"
  # glibc >= 2.34 defines SIGSTKSZ as a runtime value, so std::max needs an explicit type.
  sed -i 's/std::max(SIGSTKSZ, 65536)/std::max<size_t>(SIGSTKSZ, 65536)/' \
    "$build/deps/libwebrtc/deps/abseil-cpp/abseil-cpp/absl/debugging/failure_signal_handler.cc"
  # The bundled gyp predates Python 3.10, where MutableSet left the collections module.
  sed -i 's/collections\.MutableSet/collections.abc.MutableSet/' "$build/deps/gyp/pylib/gyp/common.py"
  grep -q 'import collections.abc' "$build/deps/gyp/pylib/gyp/common.py" ||
    sed -i 's/^import collections$/import collections\nimport collections.abc/' "$build/deps/gyp/pylib/gyp/common.py"
  env -u MEDIASOUP_WORKER_BIN make -C "$build" PYTHON=/usr/bin/python3 MEDIASOUP_BUILDTYPE=Release \
    CORES="$(nproc)" > "$cache/$key.build.log" 2>&1 ||
    { tail -40 "$cache/$key.build.log" >&2; echo "mediasoup worker build failed; full log: $cache/$key.build.log" >&2; exit 1; }
  install -m 755 "$build/out/Release/mediasoup-worker" "$bin.tmp"
  mv "$bin.tmp" "$bin"
  (cd "$cache" && sha256sum "$key" > "$key.sha256")
  rm -rf "$build"
  echo "mediasoup worker: built and cached at $bin"
fi

install -D -m 755 "$bin" "$target"
