#!/usr/bin/env bash
# install.sh [kyodo] [kyodoctl] [kyodo-server]: installs Kyodo on a Debian 12
# machine with no internet, from the bundle this script came in
# (packaging/offline-bundle.sh). Default: kyodo and kyodoctl (a staff PC).
# Checks every file of the bundle against SHA256SUMS first; then apt
# installs the chosen packages with their dependencies from the bundle
# alone (its debs/ folder as the only package source), so nothing is
# fetched and nothing else on the machine is upgraded. Run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
packages=("$@")
[ "${#packages[@]}" -gt 0 ] || packages=(kyodo kyodoctl)
for p in "${packages[@]}"; do
  case "$p" in
    kyodo | kyodoctl | kyodo-server) ;;
    *) echo "install.sh: unknown package '$p' (kyodo, kyodoctl or kyodo-server)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 1; }

echo "インストール媒体を検査しています / checking the bundle (SHA256SUMS)…"
(cd "$here" && sha256sum --quiet --strict -c SHA256SUMS) ||
  { echo "install.sh: 媒体が壊れているか、書き換えられています / the bundle is damaged or altered: not installing" >&2; exit 1; }

# The bundle is the only source apt sees; its lists live in a folder of
# their own, so the machine's own sources and lists are left as they were.
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
echo "deb [trusted=yes] file:${here// /%20}/debs ./" >"$state/sources.list"
mkdir -p "$state/lists/partial"
apt_opts=(-o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists="$state/lists" -o APT::Get::List-Cleanup=0
  -o APT::Sandbox::User=root) # the bundle may sit where apt's own user cannot read (a USB stick)
apt-get "${apt_opts[@]}" update -qq
DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends \
  --no-upgrade "${packages[@]}"
echo "インストールしました / installed: ${packages[*]}"
