#!/usr/bin/env bash
# offline-bundle.sh [BUILD_DIR] [OUT_DIR]: everything an LGWAN-side Debian 12
# PC with no internet needs to install Kyodo, in one directory to carry in
# (USB stick, the city's file transfer):
#   OUT_DIR/debs/       kyodo, kyodoctl, kyodo-server (packaging/build-debs.sh)
#                       and every package they need, recursively, that a base
#                       Debian 12 install (priority required or important)
#                       does not have — SQLCipher from bookworm-backports included
#   OUT_DIR/debs/Packages.gz   the index that makes debs/ an apt repository
#   OUT_DIR/SHA256SUMS  every file, checked before anything is installed
#   OUT_DIR/install.sh  installs kyodo | kyodoctl | kyodo-server from there
# Run it on a machine with the internet and the same apt sources as a
# fresh build (packaging/install-deps.sh sets up the backports pin).
# README.md, "Air-gapped install", says how to carry it in.
#
# Two options split the work, so each part can run without the other:
#   --list           print the packages to be fetched (apt's local lists only)
#   --debs-from DIR  take the dependency packages from DIR instead of
#                    downloading them (a local mirror, or a test's own)
set -euo pipefail
cd "$(dirname "$0")/.."
list_only=false
debs_from=
while [ "$#" -gt 0 ]; do
  case "$1" in
    --list) list_only=true; shift ;;
    --debs-from) debs_from=$(realpath "${2:?--debs-from needs a directory}"); shift 2 ;;
    *) break ;;
  esac
done
build=${1:-build}
out=${2:-$build/offline-bundle}

mapfile -t ours < <(bash packaging/build-debs.sh "$build" | xargs realpath)

# Every package the three need, recursively, as apt itself resolves them
# for a machine that has nothing installed (an empty dpkg status): first
# alternatives, no recommends — what apt on the PC will ask for.
empty=$(mktemp)
trap 'rm -f "$empty"' EXIT
[ "${#ours[@]}" = 3 ] || { echo "offline-bundle: build-debs.sh did not give the three packages" >&2; exit 1; }
closure=$(apt-get install -s --no-install-recommends -o Dir::State::status="$empty" -o Debug::NoLocking=1 \
  "${ours[@]}" | sed -n 's/^Inst \([^ ]*\) .*/\1/p' | sort -u) || closure=
[ -n "$closure" ] || { echo "offline-bundle: apt could not resolve the packages' dependencies" >&2; exit 1; }

# Left out: what every Debian 12 install has — the packages marked
# Essential or of priority required or important, and what they need.
mapfile -t base_roots < <(apt-cache dumpavail | awk -v RS= -F'\n' '{
    name = ""; keep = 0
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^Package: /) name = substr($i, 10)
      if ($i ~ /^Priority: (required|important)$/ || $i == "Essential: yes") keep = 1
    }
    if (keep && name != "") print name
  }' | sort -u)
base=$(apt-get install -s --no-install-recommends -o Dir::State::status="$empty" -o Debug::NoLocking=1 \
  "${base_roots[@]}" | sed -n 's/^Inst \([^ ]*\) .*/\1/p' | sort -u) || base=
[ -n "$base" ] || { echo "offline-bundle: apt could not resolve a base Debian 12 install" >&2; exit 1; }
mapfile -t fetch < <(comm -23 <(printf '%s\n' $closure) <(printf '%s\n' $base) | grep -vxE 'kyodo|kyodoctl|kyodo-server')
if $list_only; then
  printf '%s\n' "${fetch[@]}"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/debs"
cp "${ours[@]}" "$out/debs/"
if [ -n "$debs_from" ]; then
  cp "$debs_from"/*.deb "$out/debs/"
else
  # Fetched as root into a folder apt's own download user cannot write to.
  (cd "$out/debs" && apt-get download -qq -o APT::Sandbox::User=root "${fetch[@]}" >/dev/null)
fi

(cd "$out/debs" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null | gzip -9n >Packages.gz)
cp packaging/offline-install.sh "$out/install.sh"
chmod +x "$out/install.sh"
(cd "$out" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum >SHA256SUMS)
echo "offline-bundle: $out ($(ls "$out/debs"/*.deb | wc -l) packages, $(du -sh "$out" | cut -f1))"
