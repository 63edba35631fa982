#!/usr/bin/env bash
# Every C++ file of ours is formatted as .clang-format says. Prints each file
# that is not, with the first lines clang-format would change; exits 1 then.
#
#   bash tests/lint/check-format.sh            (fix: clang-format-14 -i FILE…)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v clang-format-14 >/dev/null || { echo "check-format: clang-format-14 is missing (bash packaging/install-deps.sh)" >&2; exit 1; }

bad=0
checked=0
while IFS= read -r -d '' f; do
  checked=$((checked + 1))
  if ! clang-format-14 --style=file "$f" | cmp -s - "$f"; then
    echo "check-format: $f is not formatted; first differences:"
    clang-format-14 --style=file "$f" | diff "$f" - | head -8 || true
    bad=$((bad + 1))
  fi
done < <(find app sync plugins qml tests -path tests/fuzz/corpus -prune -o \( -name '*.cpp' -o -name '*.h' \) -print0)

echo "check-format: $checked files checked, $bad not formatted"
[ "$bad" -eq 0 ]
