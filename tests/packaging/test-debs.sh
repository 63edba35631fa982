#!/usr/bin/env bash
# test-debs.sh SOURCE_DIR BUILD_DIR: the three Debian packages, built by
# packaging/build-debs.sh (lintian: no errors), installed for real with dpkg
# — inside a private mount namespace whose /usr, /etc and /var are overlays
# thrown away at the end, so this machine is never changed:
# - dpkg -i of kyodo-server, kyodoctl and kyodo succeeds (their Depends are
#   met by Debian's packages) and the maintainer scripts create the system
#   user kyodo, /var/lib/kyodo (kyodo, 0750) and a 0640 server.conf;
# - the installed unit passes systemd-analyze verify;
# - the installed server, as user kyodo with the installed settings and
#   schemas, serves the installed kyodoctl, which signs in, saves and syncs;
# - the installed app finds its installed plugins (kyodo --self-test);
# - dpkg -r keeps the data and the settings; only dpkg -P deletes them.
set -euo pipefail

src=${1:?usage: test-debs.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: test-debs.sh SOURCE_DIR BUILD_DIR}
fail() { echo "test-debs: FAIL: $*" >&2; exit 1; }

mapfile -t debs < <(bash "$src/packaging/build-debs.sh" "$build")
[ "${#debs[@]}" -eq 3 ] || fail "build-debs.sh gave ${#debs[@]} packages"
for pkg in kyodo kyodoctl kyodo-server; do
  ls "$build/debs/${pkg}_"*.deb >/dev/null || fail "no $pkg package"
done
depends=$(dpkg-deb -f "$build"/debs/kyodo-server_*.deb Depends)
for lib in libsqlcipher1 libpq5 libcpp-httplib0.11 libssl3 libsystemd0 adduser; do
  grep -q "$lib" <<<"$depends" || fail "kyodo-server does not depend on $lib: $depends"
done
app_depends=$(dpkg-deb -f "$build"/debs/kyodo_*.deb Depends)
grep -q 'libqt6quick6' <<<"$app_depends" || fail "kyodo does not depend on Qt Quick"
# Every QML module the app's screens load (they are not linked: dpkg-shlibdeps
# cannot see them), so that a tablet installing only kyodo can open them all.
qml_packages=$(bash "$src/packaging/qml-packages.sh" "$src") || fail "packaging/qml-packages.sh failed"
grep -q '^missing:' <<<"$qml_packages" && fail "QML modules not installed here: $(grep '^missing:' <<<"$qml_packages")"
for pkg in $qml_packages; do
  grep -qE "(^|, )$pkg( |,|$)" <<<"$app_depends" || fail "kyodo does not depend on $pkg (packaging/debs.cmake): $app_depends"
done
app_recommends=$(dpkg-deb -f "$build"/debs/kyodo_*.deb Recommends)
for pkg in gstreamer1.0-plugins-good gstreamer1.0-plugins-base gstreamer1.0-plugins-bad; do
  grep -qF "$pkg" <<<"$app_recommends" || fail "kyodo does not recommend $pkg (its camera page): $app_recommends"
done
[ "$(dpkg-deb -I "$build"/debs/kyodo-server_*.deb conffiles)" = /etc/kyodo/server.conf ] || fail "server.conf is not a conffile"

if [ "$(id -u)" -ne 0 ] || ! unshare --mount --propagation private true 2>/dev/null; then
  echo "test-debs: needs root and mount namespaces to install the packages" >&2
  exit 1
fi
tmp=$(mktemp -d /tmp/kyodo-debs-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp "$build"/debs/*.deb "$tmp/"

# Everything below runs in the namespace; its writes to /usr, /etc and /var
# land in $tmp and vanish with it.
cat >"$tmp/inside.sh" <<'INSIDE'
set -euo pipefail
tmp=$1
fail() { echo "test-debs: FAIL: $*" >&2; exit 1; }
for d in usr etc var; do
  mkdir -p "$tmp/$d-up" "$tmp/$d-work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$tmp/$d-up,workdir=$tmp/$d-work" "/$d"
done
mount -t tmpfs tmpfs /run/systemd 2>/dev/null || true # no systemd here: the scripts must cope

getent passwd kyodo >/dev/null && fail "a user kyodo exists before the install"
DEBIAN_FRONTEND=noninteractive dpkg -i "$tmp"/kyodo-server_*.deb "$tmp"/kyodoctl_*.deb "$tmp"/kyodo_*.deb \
  >"$tmp/dpkg-install.log" 2>&1 || { cat "$tmp/dpkg-install.log" >&2; fail "dpkg -i"; }
getent passwd kyodo >/dev/null || fail "postinst made no user kyodo"
[ "$(stat -c '%U:%G %a' /var/lib/kyodo)" = "kyodo:kyodo 750" ] || fail "/var/lib/kyodo is $(stat -c '%U:%G %a' /var/lib/kyodo)"
[ "$(stat -c '%U:%G %a' /etc/kyodo/server.conf)" = "root:kyodo 640" ] || fail "server.conf is $(stat -c '%U:%G %a' /etc/kyodo/server.conf)"
ls /usr/share/kyodo/plugins/*/schema.json >/dev/null || fail "no schemas installed"
for f in /usr/share/applications/jp.yokohama.kyodo.desktop /usr/share/metainfo/jp.yokohama.kyodo.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/jp.yokohama.kyodo.svg /usr/share/doc/kyodo-server/copyright; do
  [ -f "$f" ] || fail "$f is missing"
done
systemd-analyze verify /lib/systemd/system/kyodo-server.service >"$tmp/verify.log" 2>&1 ||
  { cat "$tmp/verify.log" >&2; fail "systemd-analyze verify"; }

# The installed server, with the installed settings, as the service runs it.
export KYODO_PASSWORD=pw KYODO_PBKDF2_ITERATIONS=1000
runuser -u kyodo -- /usr/bin/kyodo-server user add sato --role staff --scope ward:naka >/dev/null
: >"$tmp/server.log" # exists before the server opens it: sed below may run first
KYODO_SERVER_LISTEN=127.0.0.1:0 runuser -u kyodo -- /usr/bin/kyodo-server serve >/dev/null 2>"$tmp/server.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/server.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/server.log" >&2; fail "the installed server did not start"; }
ctl=(/usr/bin/kyodoctl --db "$tmp/device.db")
"${ctl[@]}" login "http://127.0.0.1:$port" sato >/dev/null || fail "kyodoctl login"
id=$("${ctl[@]}" put ward_centers.consultation --scope ward:naka received_at=2026-12-01T10:00 channel=visit \
  party=中区まちづくりの会 category=startup | head -n 1) || fail "kyodoctl put"
"${ctl[@]}" sync >/dev/null 2>&1 || fail "kyodoctl sync"
# A second device signs in and gets it: it is in the installed server's store.
other=(/usr/bin/kyodoctl --db "$tmp/other.db")
"${other[@]}" login "http://127.0.0.1:$port" sato >/dev/null 2>&1 || fail "second kyodoctl login"
"${other[@]}" sync >/dev/null 2>&1 || fail "second kyodoctl sync"
"${other[@]}" show "$id" | grep -q 中区まちづくりの会 || fail "the change did not reach the installed server"
[ -s /var/lib/kyodo/server.db ] || fail "the server did not keep its store in /var/lib/kyodo"
kill "$server"; wait "$server" 2>/dev/null || true

# The installed app loads the installed plugins.
QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 /usr/bin/kyodo --self-test --data "$tmp/app-data" >"$tmp/self-test.log" 2>&1 ||
  { cat "$tmp/self-test.log" >&2; fail "kyodo --self-test"; }
plugins=$(ls "$(dirname "$(dpkg -L kyodo | grep -m1 '/kyodo/plugins/.*\.so$')")" | grep -c '\.so$')
grep -q "self-test: $plugins plugins running, 0 failures" "$tmp/self-test.log" ||
  { cat "$tmp/self-test.log" >&2; fail "the installed app did not run its $plugins installed plugins"; }
[ "$plugins" -ge 7 ] || fail "only $plugins plugins in the package"

# Remove keeps what the city stored; purge deletes it.
dpkg -r kyodo-server >/dev/null 2>&1 || fail "dpkg -r"
[ -f /var/lib/kyodo/server.db ] || fail "dpkg -r deleted the data"
[ -f /etc/kyodo/server.conf ] || fail "dpkg -r deleted the settings"
dpkg -P kyodo-server >/dev/null 2>&1 || fail "dpkg -P"
[ ! -e /var/lib/kyodo ] || fail "dpkg -P left /var/lib/kyodo"
[ ! -e /etc/kyodo ] || fail "dpkg -P left /etc/kyodo"
dpkg -r kyodo kyodoctl >/dev/null 2>&1 || fail "dpkg -r kyodo kyodoctl"
echo "test-debs: inside ok"
INSIDE
unshare --mount --propagation private bash "$tmp/inside.sh" "$tmp"
echo "test-debs: ok (lintian clean of errors; installed, served, synced; remove kept the data, purge deleted it)"
