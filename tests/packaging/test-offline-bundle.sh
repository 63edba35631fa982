#!/usr/bin/env bash
# test-offline-bundle.sh SOURCE_DIR BUILD_DIR: packaging/offline-bundle.sh and
# its install.sh, with no network at any point (unshare --net), so nothing
# here talks to anything outside this machine:
# - --list picks the packages a base Debian 12 lacks (SQLCipher from
#   backports, cpp-httplib, Qt Quick, the Japanese font) and leaves out what
#   every Debian 12 has;
# - a bundle is assembled with --debs-from from those two libraries, rebuilt
#   as .debs from this machine's installed files (the download itself is the
#   one step not run here);
# - inside a private mount namespace whose /usr, /etc and /var are throwaway
#   overlays, the two libraries are taken away, install.sh puts them back
#   from the bundle with kyodo, kyodoctl and kyodo-server, and a bundle with
#   one altered byte is refused.
set -euo pipefail

src=${1:?usage: test-offline-bundle.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: test-offline-bundle.sh SOURCE_DIR BUILD_DIR}
fail() { echo "test-offline-bundle: FAIL: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ] || ! unshare --mount --net --propagation private true 2>/dev/null; then
  echo "test-offline-bundle: needs root and namespaces (no network, throwaway overlays)" >&2
  exit 1
fi
offline() { unshare --net "$@"; }
tmp=$(mktemp -d /tmp/kyodo-bundle-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

offline bash "$src/packaging/offline-bundle.sh" --list "$build" >"$tmp/fetch.txt" 2>"$tmp/list.log" ||
  { cat "$tmp/list.log" >&2; fail "offline-bundle.sh --list"; }
for p in libsqlcipher1 libcpp-httplib0.11 libqt6quick6 fonts-ipafont-gothic; do
  grep -qx "$p" "$tmp/fetch.txt" || fail "$p would not be in the bundle"
done
# What every Debian 12 install has is not carried along.
for p in libc6 bash dpkg kyodo kyodo-server; do
  ! grep -qx "$p" "$tmp/fetch.txt" || fail "$p would be in the bundle"
done

# The two libraries only a bundle can give back, as .debs rebuilt from
# what dpkg installed here.
gone=(libsqlcipher1 libcpp-httplib0.11)
mkdir -p "$tmp/deps"
for pkg in "${gone[@]}"; do
  root=$tmp/repack/$pkg
  mkdir -p "$root/DEBIAN"
  dpkg-query -s "$pkg" | grep -vE '^(Status|Conffiles|Config-Version):' >"$root/DEBIAN/control"
  for extra in triggers shlibs symbols; do
    [ -f "/var/lib/dpkg/info/$pkg.$extra" ] && cp "/var/lib/dpkg/info/$pkg.$extra" "$root/DEBIAN/$extra"
    [ -f "/var/lib/dpkg/info/$pkg:amd64.$extra" ] && cp "/var/lib/dpkg/info/$pkg:amd64.$extra" "$root/DEBIAN/$extra"
  done
  dpkg -L "$pkg" | while read -r f; do
    # From / with relative names: coreutils' cp -a --parents trips over absolute ones.
    if [ -L "$f" ] || [ -f "$f" ]; then (cd / && cp -a --parents "${f#/}" "$root"); fi
  done
  dpkg-deb --root-owner-group --build "$root" "$tmp/deps/$pkg.deb" >/dev/null
done
bundle=$tmp/bundle
offline bash "$src/packaging/offline-bundle.sh" --debs-from "$tmp/deps" "$build" "$bundle" >"$tmp/bundle.log" 2>&1 ||
  { cat "$tmp/bundle.log" >&2; fail "offline-bundle.sh --debs-from"; }
for f in install.sh SHA256SUMS debs/Packages.gz; do [ -f "$bundle/$f" ] || fail "no $f in the bundle"; done
for p in kyodo_ kyodoctl_ kyodo-server_ libsqlcipher1 libcpp-httplib0.11; do
  ls "$bundle/debs/$p"*.deb >/dev/null 2>&1 || fail "no ${p%_} in the bundle"
done

cat >"$tmp/inside.sh" <<'INSIDE'
set -euo pipefail
tmp=$1
bundle=$tmp/bundle
fail() { echo "test-offline-bundle: FAIL: $*" >&2; exit 1; }
for d in usr etc var; do
  mkdir -p "$tmp/$d-up" "$tmp/$d-work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$tmp/$d-up,workdir=$tmp/$d-work" "/$d"
done
# /proc/net belongs to the network namespace: only loopback is left.
links=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ')
[ "$links" = "lo " ] || fail "a network other than loopback is still there: $links"
# What only the bundle can give back (with what this build machine
# installed on top of it, so that apt finds a consistent system).
gone=(libsqlcipher1 libcpp-httplib0.11)
mapfile -t users < <(apt-cache rdepends --installed "${gone[@]}" | sed 's/^ *//' | grep -v 'Reverse Depends' |
  grep -vxF -e libsqlcipher1 -e libcpp-httplib0.11 | sort -u)
dpkg --purge "${users[@]}" "${gone[@]}" >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log" >&2; fail "dpkg --purge"; }
! dpkg -s libsqlcipher1 >/dev/null 2>&1 || fail "libsqlcipher1 is still installed"

# A carried-in bundle that was altered is not installed.
cp -a "$bundle" "$tmp/altered"
printf 'x' >>"$tmp/altered/debs/$(ls "$tmp/altered/debs" | grep -m1 '^libsqlcipher1')"
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
echo "test-offline-bundle: ok ($(wc -l <"$tmp/fetch.txt") packages to fetch; a bundle installed with no network; an altered one refused)"
