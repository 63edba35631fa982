#!/usr/bin/env bash
# Builds the Qt-free engine, server, kyodoctl and their tests with ASan, UBSan
# and -Werror (preset "sanitize", in build/sanitize inside the one build dir)
# and runs those tests there. Tests labelled fuzz (sanitized already), pg
# (they are run unsanitized with their own cluster) and slow (the simulation
# and the hostile load, whose time and memory bounds assume an optimized
# binary) are left out.
#
#   bash tests/sanitize/run-sanitized.sh
#
# Environment: KYODO_SANITIZE_JOBS parallel compile and test jobs (default nproc).
set -euo pipefail
cd "$(dirname "$0")/../.."
jobs=${KYODO_SANITIZE_JOBS:-$(nproc)}
log=build/sanitize-build.log
mkdir -p build

echo "run-sanitized: configuring and building build/sanitize (-j$jobs)"
if ! { cmake --preset sanitize && cmake --build --preset sanitize -j "$jobs"; } >"$log" 2>&1; then
  grep -E "error|warning" "$log" | head -40 >&2 || tail -40 "$log" >&2
  echo "run-sanitized: the sanitized -Werror build failed (log: $log)" >&2
  exit 1
fi
# Abort on the first finding with a full report; leaks count as failures.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The report property test takes 25 s per seed here: one seed checks memory, the
# optimized build runs all five for coverage.
export KYODO_REPORT_SEEDS=1
ctest --preset sanitize -j "$jobs" --no-label-summary
