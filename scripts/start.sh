#!/usr/bin/env bash
# Set up (idempotent) and start EduForum Live on embedded defaults: in-memory Mongo-wire store, a private
# redis-server, and the built-in dev LMS so a newcomer can launch as instructor or student.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh"
cd "$root"
export DEV_PLATFORM=${DEV_PLATFORM:-1}
exec node dist/tool/main.js
