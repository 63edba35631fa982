#!/usr/bin/env bash
# test-nginx-lgwan.sh KYODO_SERVER KYODOCTL: packaging/nginx/kyodo-lgwan.conf
# on loopback, in front of one kyodo-server --plain-http on SQLite (the
# packaged server.conf's setup). The real kyodoctl signs in, saves and syncs
# through it; a client from an address outside the allowed ranges
# (127.0.0.2 here) gets nginx's JSON 403 and never reaches the server; an
# oversized body is refused by nginx (413). Only loopback addresses are
# used; everything started here is stopped on exit.
set -euo pipefail

server=${1:?usage: test-nginx-lgwan.sh KYODO_SERVER KYODOCTL}
ctl=${2:?usage: test-nginx-lgwan.sh KYODO_SERVER KYODOCTL}
src=$(cd "$(dirname "$0")/../.." && pwd)

name=test-nginx-lgwan
. "$src/tests/nginx/lib.sh"

export KYODO_PASSWORD=pw KYODO_PBKDF2_ITERATIONS=1000
db=$tmp/server.db
"$server" --config /dev/null --db "$db" user add alice --role staff --scope ward:naka

: >"$tmp/server.log"
"$server" serve --config /dev/null --db "$db" --listen 127.0.0.1:0 --plain-http --schemas "$src/plugins" \
  >/dev/null 2>"$tmp/server.log" &
pids+=($!)
for _ in $(seq 100); do
  upstream=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/server.log")
  [ -n "$upstream" ] && break
  sleep 0.1
done
[ -n "$upstream" ] || fail "kyodo-server did not start"
sh "$src/packaging/dev-cert.sh" "$tmp/certs" >/dev/null

write_site() {
  sed -e "s|127.0.0.1:8443|127.0.0.1:$upstream|" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$1 ssl http2;|" -e '/listen \[::\]:443/d' \
      -e "s|/etc/kyodo/tls/|$tmp/certs/|" \
      "$src/packaging/nginx/kyodo-lgwan.conf" >"$tmp/site.conf"
  grep -q "127.0.0.1:$upstream" "$tmp/site.conf" || fail "kyodo-lgwan.conf changed: no upstream to replace"
}
start_nginx write_site
url="https://127.0.0.1:$nginx_port"
ca=$tmp/certs/ca.pem

# A device inside the allowed ranges signs in, saves and syncs through nginx.
"$ctl" --db "$tmp/dev.db" --ca "$ca" login "$url" alice || fail "login through nginx"
"$ctl" --db "$tmp/dev.db" put ward_centers.consultation --scope ward:naka \
  received_at=2024-05-01T10:00:00+09:00 channel=visit "party=港南の会" category=startup >/dev/null || fail "put"
"$ctl" --db "$tmp/dev.db" sync 2>>"$tmp/kyodoctl.log" || fail "sync through nginx"

# From outside the allowed ranges: nginx's own JSON 403, nothing reaches the server.
requests_before=$(grep -c 'path=' "$tmp/server.log" || true)
status=$(curl -sS --interface 127.0.0.2 --cacert "$ca" -o "$tmp/denied.out" -D "$tmp/denied.h" -w '%{http_code}' \
  "$url/v1/health") || fail "curl from 127.0.0.2"
[ "$status" = 403 ] || fail "a client from 127.0.0.2 got HTTP $status, not 403"
grep -q '"code":"forbidden"' "$tmp/denied.out" || fail "the 403 is not nginx's JSON body: $(head -c 200 "$tmp/denied.out")"
grep -qi '^content-type: application/json' "$tmp/denied.h" || fail "the 403 is not JSON"
[ "$(grep -c 'path=' "$tmp/server.log" || true)" = "$requests_before" ] || fail "a denied request reached the server"

# A body over 4 MiB is refused by nginx, as JSON.
head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$tmp/big.json"
status=$(curl -sS --cacert "$ca" -o "$tmp/big.out" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @"$tmp/big.json" "$url/v1/push") || fail "curl big push"
[ "$status" = 413 ] && grep -q '"code":"too_large"' "$tmp/big.out" || fail "oversized push: HTTP $status"

echo "test-nginx-lgwan: passed (upstream $upstream, nginx $nginx_port)"
