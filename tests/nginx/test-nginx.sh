#!/usr/bin/env bash
# test-nginx.sh KYODO_SERVER KYODOCTL: packaging/nginx/kyodo.conf on loopback.
# Two kyodo-server --plain-http processes on the PostgreSQL database named by
# $KYODO_TEST_PG (run under tests/pg/with-postgres.sh), nginx from Debian in
# front with the dev certificate; the real kyodoctl logs in through nginx,
# saves, syncs, and a second device syncs and sees the record. Both upstreams
# must have served requests. Everything started here is stopped on exit.
set -euo pipefail

server=${1:?usage: test-nginx.sh KYODO_SERVER KYODOCTL}
ctl=${2:?usage: test-nginx.sh KYODO_SERVER KYODOCTL}
src=$(cd "$(dirname "$0")/../.." && pwd)
db=${KYODO_TEST_PG:?run under tests/pg/with-postgres.sh}

tmp=$(mktemp -d /tmp/kyodo-nginx-XXXXXX)
chmod 755 "$tmp" # nginx workers may run as another user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "test-nginx: FAIL: $*" >&2
  for f in "$tmp"/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done
  exit 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

export KYODO_PASSWORD=pw KYODO_PBKDF2_ITERATIONS=1000
"$server" --db "$db" user add alice --role staff --scope ward:naka

# Two server processes on free ports; each prints its address on stderr.
# (Not in $(…): the server would hold the substitution's pipe open.)
start_server() { # NAME -> $started_port
  "$server" serve --db "$db" --listen 127.0.0.1:0 --plain-http --schemas "$src/plugins" \
    >/dev/null 2>"$tmp/$1.log" &
  pids+=($!)
  for _ in $(seq 100); do
    started_port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/$1.log")
    [ -n "$started_port" ] && return
    sleep 0.1
  done
  fail "kyodo-server $1 did not start"
}
start_server a
port_a=$started_port
start_server b
port_b=$started_port

sh "$src/packaging/dev-cert.sh" "$tmp/certs" >/dev/null

# nginx on the packaged site file with ports and paths replaced; a port taken
# between the check and the bind is retried on another.
nginx_port=
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  port_open "$port" && continue
  sed -e "s|127.0.0.1:8081|127.0.0.1:$port_a|" -e "s|127.0.0.1:8082|127.0.0.1:$port_b|" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$port ssl http2;|" -e '/listen \[::\]:443/d' \
      -e "s|/etc/kyodo/tls/|$tmp/certs/|" "$src/packaging/nginx/kyodo.conf" >"$tmp/kyodo.conf"
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
    include $tmp/kyodo.conf;
}
CONF
  nginx -e "$tmp/nginx-error.log" -p "$tmp" -c "$tmp/nginx.conf" >/dev/null 2>&1 &
  nginx_pid=$!
  for _ in $(seq 50); do
    port_open "$port" && { nginx_port=$port; break; }
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -n "$nginx_port" ]; then
    pids+=("$nginx_pid")
    break
  fi
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  echo "test-nginx: nginx on port $port failed (attempt $attempt)" >&2
done
[ -n "$nginx_port" ] || fail "nginx did not start"
url="https://127.0.0.1:$nginx_port"

# Device 1 saves and syncs through nginx; device 2 syncs and sees the record.
"$ctl" --db "$tmp/dev1.db" --ca "$tmp/certs/ca.pem" login "$url" alice || fail "login through nginx"
id=$("$ctl" --db "$tmp/dev1.db" put ward_centers.consultation --scope ward:naka \
     received_at=2024-05-01T10:00:00+09:00 channel=visit "party=NPO法人 みなと" category=startup \
     summary=立上げの相談) || fail "put"
"$ctl" --db "$tmp/dev1.db" sync 2>>"$tmp/kyodoctl.log" || fail "device 1 sync"
"$ctl" --db "$tmp/dev2.db" --ca "$tmp/certs/ca.pem" login "$url" alice || fail "device 2 login"
"$ctl" --db "$tmp/dev2.db" sync 2>>"$tmp/kyodoctl.log" || fail "device 2 sync"
"$ctl" --db "$tmp/dev2.db" show "$id" | grep -q "NPO法人 みなと" || fail "device 2 does not have record $id"

# JSON is gzipped on the way out (by the server or by nginx).
token=$(sqlite3 "$tmp/dev1.db" "SELECT json_extract(value, '\$.token') FROM meta WHERE key='session'")
curl -sS --cacert "$tmp/certs/ca.pem" -H 'Accept-Encoding: gzip' -H "Authorization: Bearer $token" \
  -D "$tmp/headers" -o /dev/null "$url/v1/schemas" || fail "GET /v1/schemas through nginx"
grep -qi '^content-encoding: gzip' "$tmp/headers" || fail "schemas not gzipped: $(cat "$tmp/headers")"

# A body over the limit is refused by nginx, still as a JSON error.
head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' ' ' > "$tmp/big.json"
status=$(curl -sS --cacert "$tmp/certs/ca.pem" -o "$tmp/big.out" -w '%{http_code}' \
  -H 'Content-Type: application/json' --data-binary @"$tmp/big.json" "$url/v1/push") || fail "oversized push"
[ "$status" = 413 ] && grep -q '"code":"too_large"' "$tmp/big.out" || fail "oversized push: $status $(head -c 200 "$tmp/big.out")"

# Both upstreams served: one logfmt line per request on their stderr.
served_a=$(grep -c 'path=/v1/' "$tmp/a.log" || true)
served_b=$(grep -c 'path=/v1/' "$tmp/b.log" || true)
[ "$served_a" -gt 0 ] && [ "$served_b" -gt 0 ] || fail "upstreams served a=$served_a b=$served_b requests"
echo "test-nginx: ok (record $id; upstream a served $served_a, b served $served_b requests)"
