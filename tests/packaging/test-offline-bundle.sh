#!/usr/bin/env bash
# test-offline-bundle.sh SOURCE_DIR BUILD_DIR: packaging/offline-bundle.sh
# makes a bundle (the three packages, their dependencies beyond a base
# Debian 12, an apt index, SHA256SUMS, install.sh), and its install.sh
# installs from it with the network cut off (unshare --net), inside a
# private mount namespace whose /usr, /etc and /var are throwaway overlays.
# There the libraries this machine has that a base Debian 12 lacks
# (SQLCipher from backports, cpp-httplib) are taken away first, so they can
# only come from the bundle. A bundle with one altered byte is refused.
set -euo pipefail

src=${1:?usage: test-offline-bundle.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: test-offline-bundle.sh SOURCE_DIR BUILD_DIR}
fail() { echo "test-offline-bundle: FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d /tmp/kyodo-bundle-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
bundle=$tmp/bundle
bash "$src/packaging/offline-bundle.sh" "$build" "$bundle" >"$tmp/bundle.log" 2>&1 ||
  { cat "$tmp/bundle.log" >&2; fail "offline-bundle.sh"; }
for f in install.sh SHA256SUMS debs/Packages.gz; do [ -f "$bundle/$f" ] || fail "no $f in the bundle"; done
for p in kyodo_ kyodoctl_ kyodo-server_ libsqlcipher1_ libcpp-httplib0.11_ libqt6quick6_ fonts-ipafont-gothic_; do
  ls "$bundle/debs/$p"*.deb >/dev/null 2>&1 || fail "no ${p%_} in the bundle"
done
# What every Debian 12 install has is not carried along.
for p in libc6_ bash_ dpkg_; do
  ! ls "$bundle/debs/$p"*.deb >/dev/null 2>&1 || fail "${p%_} is in the bundle, though every Debian 12 has it"
done

if [ "$(id -u)" -ne 0 ] || ! unshare --mount --net --propagation private true 2>/dev/null; then
  echo "test-offline-bundle: needs root and namespaces to install the bundle" >&2
  exit 1
fi
cat >"$tmp/inside.sh" <<'INSIDE'
set -euo pipefail
tmp=$1
bundle=$tmp/bundle
fail() { echo "test-offline-bundle: FAIL: $*" >&2; exit 1; }
for d in usr etc var; do
  mkdir -p "$tmp/$d-up" "$tmp/$d-work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$tmp/$d-up,workdir=$tmp/$d-work" "/$d"
done
curl -s --max-time 3 -o /dev/null http://deb.debian.org/ && fail "the network is still there"
# What only the bundle can give back.
# (with what this build machine installed on top of them, so that apt
# finds a consistent system).
gone=(libsqlcipher1 libcpp-httplib0.11)
mapfile -t users < <(apt-cache rdepends --installed "${gone[@]}" | sed 's/^ *//' | grep -v 'Reverse Depends' |
  grep -vxF -e libsqlcipher1 -e libcpp-httplib0.11 | sort -u)
dpkg --purge "${users[@]}" "${gone[@]}" >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log" >&2; fail "dpkg --purge"; }
! dpkg -s libsqlcipher1 >/dev/null 2>&1 || fail "libsqlcipher1 is still installed"

# A carried-in bundle that was altered is not installed.
cp -a "$bundle" "$tmp/altered"
printf 'x' >>"$tmp/altered/debs/$(ls "$tmp/altered/debs" | grep -m1 '^libsqlcipher1_')"
if "$tmp/altered/install.sh" kyodo-server >"$tmp/altered.log" 2>&1; then fail "an altered bundle was installed"; fi
grep -q 'altered' "$tmp/altered.log" || { cat "$tmp/altered.log" >&2; fail "no reason given for refusing"; }
! dpkg -s kyodo-server >/dev/null 2>&1 || fail "kyodo-server was installed from an altered bundle"

"$bundle/install.sh" kyodo-server kyodoctl kyodo >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "install.sh"; }
for p in kyodo kyodoctl kyodo-server libsqlcipher1 libcpp-httplib0.11; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || fail "$p is not installed"
done
/usr/bin/kyodo-server --help >/dev/null 2>&1 || true
ldd /usr/bin/kyodo-server | grep -q 'not found' && fail "kyodo-server misses a library: $(ldd /usr/bin/kyodo-server | grep 'not found')"
/usr/bin/kyodoctl --help >/dev/null 2>&1 || fail "the installed kyodoctl does not run"
echo "test-offline-bundle: inside ok"
INSIDE
unshare --mount --net --propagation private bash "$tmp/inside.sh" "$tmp"
echo "test-offline-bundle: ok ($(ls "$bundle/debs"/*.deb | wc -l) packages; installed with no network; an altered bundle refused)"
