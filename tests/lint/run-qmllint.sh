#!/usr/bin/env bash
# Runs qmllint over every QML module of ours (the build's all_qmllint target:
# Kyodo.Ui and each plugin's module, with the import paths of build/qml) and
# fails on any warning. Where the linter of Qt 6.4 cannot see what is sound
# (a document's ids inside a Component; QtCharts' ValueAxis), the QML says so
# next to a `qmllint disable` for that line or block.
#
#   bash tests/lint/run-qmllint.sh [BUILD_DIR]      (default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
log=$build/qmllint.log
status=0
cmake --build "$build" --target all_qmllint >"$log" 2>&1 || status=$?
warnings=$(grep -c "Warning:" "$log" || true)
if [ "$status" -ne 0 ] || [ "$warnings" -ne 0 ]; then
  { grep -iE "Warning:|error" "$log" || tail -n 20 "$log"; } | head -60 >&2 || true
  echo "run-qmllint: $warnings warnings (exit $status; log: $log)" >&2
  exit 1
fi
echo "run-qmllint: every QML module lints clean"
