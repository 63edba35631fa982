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

tmp=$(mktemp -d /tmp/kyodo-nginx-lgwan-XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() {
  echo "test-nginx-lgwan: FAIL: $*" >&2
  for f in "$tmp"/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done
  exit 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

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

nginx_port=
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  port_open "$port" && continue
  sed -e "s|127.0.0.1:8443|127.0.0.1:$upstream|" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$port ssl http2;|" -e '/listen \[::\]:443/d' \
      -e "s|/etc/kyodo/tls/|$tmp/certs/|" \
      "$src/packaging/nginx/kyodo-lgwan.conf" >"$tmp/kyodo-lgwan.conf"
  grep -q "127.0.0.1:$upstream" "$tmp/kyodo-lgwan.conf" || fail "kyodo-lgwan.conf changed: no upstream to replace"
  cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 64; }
http {
    access_log $tmp/nginx-access.log;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/kyodo-lgwan.conf;
}
CONF
  nginx -e "$tmp/nginx-error.log" -p "$tmp" -c "$tmp/nginx.conf" >/dev/null 2>&1 &
  nginx_pid=$!
  for _ in $(seq 50); do
    port_open "$port" && { nginx_port=$port; break; }
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -n "$nginx_port" ]; then pids+=("$nginx_pid"); break; fi
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
done
[ -n "$nginx_port" ] || fail "nginx did not start"
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
