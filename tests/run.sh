#!/usr/bin/env bash
# Runs every test of Kyodo on a fresh Debian 12 machine: installs the Debian
# packages, configures and builds the one build dir (Ninja), then runs ctest.
# The last line printed is ctest's summary; the exit code is non-zero when any
# test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)"
ctest --preset default -j "$(nproc)" --no-label-summary 2>&1 | sed "/^Total Test time/d"
exit "${PIPESTATUS[0]}"
