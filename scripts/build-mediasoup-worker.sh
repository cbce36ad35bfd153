#!/usr/bin/env bash
# Builds the mediasoup worker from the C++ sources that ship inside the mediasoup npm tarball, once per
# (mediasoup version, architecture, glibc, OpenSSL flavour, patch set), caches the binary outside the
# repository with a checksum, and installs it where mediasoup's lib/Worker.js looks for it by default.
# Prebuilt-binary downloads are impossible here (no internet), so this is the only way the worker exists.
#
# OpenSSL flavour: `system-openssl3` (Debian's libssl3/libcrypto3, linked dynamically, so security fixes
# arrive with `apt upgrade`) whenever libssl-dev >= 3 is installed; `vendored-openssl` (the 1.1.1k copy in
# the tarball, end of life, statically linked) only as a fallback when it is not, with a warning.
# EDUFORUM_WORKER_OPENSSL=system|vendored forces one. See docs/operations.md.
#
# Usage: build-mediasoup-worker.sh [--no-install | --print-path]
#   (default)     build unless a verified cached binary exists, then install it into node_modules
#   --no-install  build unless cached, print the cached binary's path, leave node_modules alone
#   --print-path  build nothing: verify the cached binary's checksum and print its path (exit 3 if none)
set -euo pipefail

mode=install
case "${1:-}" in
  '') ;;
  --no-install) mode=no-install ;;
  --print-path) mode=print-path ;;
  *) echo "usage: $0 [--no-install | --print-path]" >&2; exit 2 ;;
esac

say() { [ "$mode" = print-path ] || echo "mediasoup worker: $*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pkg="$root/node_modules/mediasoup"
patches="$root/scripts/mediasoup-patches"
[ -f "$pkg/package.json" ] || { echo "build-mediasoup-worker: run npm ci first ($pkg missing)" >&2; exit 1; }

system_openssl3_present() { pkg-config --exists 'openssl >= 3.0' 2>/dev/null && [ -f /usr/include/openssl/ssl.h ]; }

case "${EDUFORUM_WORKER_OPENSSL:-auto}" in
  system)
    system_openssl3_present || { echo "build-mediasoup-worker: libssl-dev >= 3 is not installed" >&2; exit 1; }
    flavour=system-openssl3 ;;
  vendored) flavour=vendored-openssl ;;
  auto)
    if system_openssl3_present; then
      flavour=system-openssl3
    else
      flavour=vendored-openssl
      echo "WARNING: libssl-dev (OpenSSL 3) is not installed; falling back to the worker's vendored OpenSSL" \
        "1.1.1k, which is end of life. Install libssl-dev and re-run this script." >&2
    fi ;;
  *) echo "build-mediasoup-worker: EDUFORUM_WORKER_OPENSSL must be system or vendored" >&2; exit 2 ;;
esac

patch_files=("$patches"/common/*.patch)
[ "$flavour" = system-openssl3 ] && patch_files+=("$patches"/system-openssl3/*.patch)
# The patch set is part of the key, so a changed patch can never be served a binary built without it.
patch_digest=$(cat "${patch_files[@]}" | sha256sum | cut -c1-12)

version=$(node -p "require('$pkg/package.json').version")
arch=$(uname -m)
glibc=$(getconf GNU_LIBC_VERSION | awk '{print $2}')
cache=${EDUFORUM_CACHE_DIR:-${HOME:-/root}/.cache/eduforum}
key="mediasoup-worker-$version-$arch-glibc$glibc-$flavour-p$patch_digest"
bin="$cache/$key"
target="$pkg/worker/out/Release/mediasoup-worker"

cached_ok() { [ -x "$bin" ] && [ -f "$bin.sha256" ] && (cd "$cache" && sha256sum --check --status "$key.sha256"); }

# A system-OpenSSL worker must resolve libssl.so.3 and libcrypto.so.3 from the OS, and nothing else.
check_links() {
  [ "$flavour" = system-openssl3 ] || return 0
  local libs
  libs=$(ldd "$1")
  grep -Eq 'libssl\.so\.3 => /' <<< "$libs" && grep -Eq 'libcrypto\.so\.3 => /' <<< "$libs" ||
    { echo "build-mediasoup-worker: $1 does not link the system libssl.so.3/libcrypto.so.3:" >&2; echo "$libs" >&2; exit 1; }
}

build() {
  local build log started
  mkdir -p "$cache"
  build=$(mktemp -d "$cache/build-$key.XXXXXX")
  log="$cache/$key.build.log"
  started=$(date +%s)
  say "building $key (a few minutes on 2 cores; cached afterwards)"
  cp -a "$pkg/worker/." "$build/"
  rm -rf "$build/out"
  for p in "${patch_files[@]}"; do
    patch --directory="$build" --strip=1 --forward --quiet < "$p" ||
      { echo "build-mediasoup-worker: $p does not apply to mediasoup $version" >&2; rm -rf "$build"; exit 1; }
  done
  env -u MEDIASOUP_WORKER_BIN nice -n 10 make -C "$build" PYTHON="$(command -v python3)" \
    MEDIASOUP_BUILDTYPE=Release CORES="$(nproc)" > "$log" 2>&1 ||
    { tail -40 "$log" >&2; echo "mediasoup worker build failed; full log: $log" >&2; rm -rf "$build"; exit 1; }
  check_links "$build/out/Release/mediasoup-worker"
  # Binary first, checksum last, each renamed into place: a concurrent reader never verifies a half-written file.
  install -m 755 "$build/out/Release/mediasoup-worker" "$bin.tmp.$$"
  mv "$bin.tmp.$$" "$bin"
  (cd "$cache" && sha256sum "$key" > "$key.sha256.tmp.$$" && mv "$key.sha256.tmp.$$" "$key.sha256")
  rm -rf "$build"
  say "built and cached $bin in $(($(date +%s) - started)) s"
}

if cached_ok; then
  say "using cached $bin (checksum verified)"
elif [ "$mode" = print-path ]; then
  [ -e "$bin" ] && echo "build-mediasoup-worker: checksum mismatch for $bin" >&2 ||
    echo "build-mediasoup-worker: no cached worker $key" >&2
  exit 3
else
  [ -e "$bin" ] && say "checksum mismatch for $bin; rebuilding"
  build
fi
check_links "$bin"

if [ "$mode" = install ]; then
  install -D -m 755 "$bin" "$target"
  cmp --silent "$bin" "$target" || { echo "build-mediasoup-worker: copy to $target differs" >&2; exit 1; }
  say "installed $flavour worker at $target"
else
  echo "$bin"
fi
