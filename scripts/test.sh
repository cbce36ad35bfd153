#!/usr/bin/env bash
# Set up (idempotent) and run every test: unit, integration against real Redis / Mongo-wire store / mediasoup,
# and Playwright end-to-end in Debian's Chromium. The last line printed is `N passed, N failed`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh"
cd "$root"
exec node_modules/.bin/mocha
