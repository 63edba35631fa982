#!/usr/bin/env bash
# build-debs.sh [BUILD_DIR]: the Debian packages kyodo, kyodoctl and
# kyodo-server from the one build (default: build/, configured with the
# default preset, prefix /usr), into BUILD_DIR/debs, then checked with
# lintian (no errors allowed). Prints the paths of the three .deb files.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

[ -f "$build/CMakeCache.txt" ] || cmake --preset default >/dev/null
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
[ "$prefix" = /usr ] || { echo "build-debs: $build is configured with prefix $prefix, not /usr" >&2; exit 1; }
cmake --build "$build" --target kyodo kyodoctl kyodo-server kyodo_plugins kyodo_deb_docs >/dev/null
rm -rf "$build/debs"
(cd "$build" && cpack -G DEB -C RelWithDebInfo >/dev/null)

debs=("$build"/debs/*.deb)
[ "${#debs[@]}" -eq 3 ] || { echo "build-debs: expected 3 packages, got ${#debs[@]}" >&2; exit 1; }
if command -v lintian >/dev/null; then
  # every finding is logged; errors fail the build.
  if ! lintian --tag-display-limit 0 --fail-on error "${debs[@]}" >"$build/debs/lintian.log" 2>&1; then
    grep -E '^E:' "$build/debs/lintian.log" >&2 || cat "$build/debs/lintian.log" >&2
    echo "build-debs: lintian found errors (full log: $build/debs/lintian.log)" >&2
    exit 1
  fi
else
  echo "build-debs: lintian is missing (bash packaging/install-deps.sh)" >&2
  exit 1
fi
printf '%s\n' "${debs[@]}"
