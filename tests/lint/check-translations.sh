#!/usr/bin/env bash
# Every word a user sees in the app is Japanese first with an English
# translation: for each translation file a CMakeLists.txt names
# (qt_add_translations … TS_FILES x.ts), lupdate reads that folder's QML and
# C++ into a copy of it, and any text left without a translation (new, or
# whose Japanese changed since) is listed; exits 1 then. The files themselves
# are not touched.
#
#   bash tests/lint/check-translations.sh LUPDATE
set -euo pipefail
lupdate=${1:?usage: check-translations.sh LUPDATE}
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/kyodo-ts-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

bad=0
files=0
while IFS= read -r cmakelists; do
  dir=$(dirname "$cmakelists")
  for ts in $(sed -n 's/.*qt_add_translations(.*TS_FILES \([^ )]*\).*/\1/p' "$cmakelists"); do
    files=$((files + 1))
    copy=$tmp/$files.ts
    cp "$dir/$ts" "$copy"
    "$lupdate" -silent -no-obsolete -locations none "$dir" -ts "$copy" >"$tmp/lupdate.log" 2>&1 ||
      { cat "$tmp/lupdate.log" >&2; echo "check-translations: lupdate failed on $dir" >&2; exit 1; }
    missing=$(grep -B1 'type="unfinished"' "$copy" | sed -n 's|.*<source>\(.*\)</source>.*|\1|p' || true)
    if [ -n "$missing" ]; then
      echo "check-translations: $dir/$ts has no English for:"
      sed 's/^/  /' <<<"$missing"
      bad=$((bad + 1))
    fi
  done
done < <(grep -rl --include=CMakeLists.txt 'qt_add_translations' app qml plugins)

[ "$files" -gt 0 ] || { echo "check-translations: no translation files found" >&2; exit 1; }
[ "$bad" = 0 ] || exit 1
echo "check-translations: $files translation files, every text translated"
