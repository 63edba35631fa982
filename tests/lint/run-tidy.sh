#!/usr/bin/env bash
# Runs clang-tidy-14 (checks: .clang-tidy) over every C++ source of app/,
# sync/ and plugins/, with the compile commands of a build dir; any finding
# fails. The PCH flags of gcc are dropped: clang cannot read gcc's .gch.
#
#   bash tests/lint/run-tidy.sh [BUILD_DIR]      (default build; needs a configured build)
# Environment: KYODO_TIDY_JOBS parallel jobs (default nproc).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
jobs=${KYODO_TIDY_JOBS:-$(nproc)}
command -v run-clang-tidy-14 >/dev/null || { echo "run-tidy: clang-tidy-14 is missing (bash packaging/install-deps.sh)" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "run-tidy: no $build/compile_commands.json (configure first)" >&2; exit 1; }

# A copy of the compile commands without gcc's precompiled-header flags.
db=$build/tidy
mkdir -p "$db"
python3 - "$build/compile_commands.json" "$db/compile_commands.json" <<'PY'
import json, re, sys
entries = json.load(open(sys.argv[1]))
for e in entries:
    e["command"] = re.sub(r" -Winvalid-pch| -include \S*cmake_pch\.hxx", "", e["command"])
json.dump(entries, open(sys.argv[2], "w"))
PY

src=$(pwd)
log=$db/tidy.log
# Generated files (moc, qrc, qmlcache, type registrations) live under the build dir and are not ours.
if ! run-clang-tidy-14 -quiet -p "$db" -j "$jobs" "^$src/(app|sync|plugins)/.*\.cpp$" >"$log" 2>&1; then
  { grep -E "(warning|error):" "$log" || tail -n 20 "$log"; } | sort -u | head -60 >&2 || true
  echo "run-tidy: clang-tidy found the above (full log: $log)" >&2
  exit 1
fi
echo "run-tidy: $(grep -c '^clang-tidy' "$log" || true) files checked, no findings"
