#!/usr/bin/env bash
# test-nginx.sh KYODO_SERVER KYODOCTL: packaging/nginx/kyodo.conf on loopback.
# Two kyodo-server --plain-http processes on the PostgreSQL database named by
# $KYODO_TEST_PG (run under tests/pg/with-postgres.sh), nginx from Debian in
# front with the dev certificate; the real kyodoctl logs in through nginx,
# saves, syncs, and a second device syncs and sees the record. Both upstreams
# must have served requests. Then each protection of kyodo.conf is proved
# against nginx itself (its JSON body, and no request reaching a server
# process): an oversized body (413), a compressed body (415), a client
# trickling its header (cut off), too many requests in progress from one
# address (429, and the address recovers) and repeated logins (429). The
# copy's timeouts and limits are lowered so this stays fast. Only 127.0.0.1
# is used; everything started here is stopped on exit.
set -euo pipefail

server=${1:?usage: test-nginx.sh KYODO_SERVER KYODOCTL}
ctl=${2:?usage: test-nginx.sh KYODO_SERVER KYODOCTL}
src=$(cd "$(dirname "$0")/../.." && pwd)
db=${KYODO_TEST_PG:?run under tests/pg/with-postgres.sh}

name=test-nginx
. "$src/tests/nginx/lib.sh"

export KYODO_PASSWORD=pw KYODO_PBKDF2_ITERATIONS=1000
"$server" --db "$db" user add alice --role staff --scope ward:naka

# Two server processes on free ports; each prints its address on stderr.
# (Not in $(…): the server would hold the substitution's pipe open.)
start_server() { # NAME -> $started_port
  : >"$tmp/$1.log" # exists before the server opens it: sed below may run first
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

# nginx on the packaged site file with ports and paths replaced, its limits lowered.
write_site() {
  sed -e "s|127.0.0.1:8081|127.0.0.1:$port_a|" -e "s|127.0.0.1:8082|127.0.0.1:$port_b|" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$1 ssl http2;|" -e '/listen \[::\]:443/d' \
      -e "s|/etc/kyodo/tls/|$tmp/certs/|" \
      -e 's|client_header_timeout 10s;|client_header_timeout 2s;|' \
      -e 's|limit_conn kyodo_conn 16;|limit_conn kyodo_conn 4;|' \
      -e 's|limit_req zone=kyodo_login burst=5 nodelay;|limit_req zone=kyodo_login burst=2 nodelay;|' \
      "$src/packaging/nginx/kyodo.conf" >"$tmp/site.conf"
  for lowered in 'client_header_timeout 2s;' 'limit_conn kyodo_conn 4;' 'burst=2 nodelay;'; do
    grep -qF "$lowered" "$tmp/site.conf" || fail "kyodo.conf changed: the test could not set $lowered"
  done
}
start_nginx write_site
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
# The replica is encrypted: read it with its key file, as an operator would.
token=$(sqlcipher "$tmp/dev1.db" "PRAGMA key=\"x'$(cat "$tmp/dev1.db.key")'\";" \
  "SELECT json_extract(value, '\$.token') FROM meta WHERE key='session'" | tail -n 1)
curl -sS --cacert "$tmp/certs/ca.pem" -H 'Accept-Encoding: gzip' -H "Authorization: Bearer $token" \
  -D "$tmp/headers" -o /dev/null "$url/v1/schemas" || fail "GET /v1/schemas through nginx"
grep -qi '^content-encoding: gzip' "$tmp/headers" || fail "schemas not gzipped: $(cat "$tmp/headers")"

# --- The protections of kyodo.conf, each answered by nginx itself.
ca=$tmp/certs/ca.pem
# upstream_count PATH: requests for PATH the two server processes logged.
upstream_count() { cat "$tmp/a.log" "$tmp/b.log" | grep -cE "(^| )path=\"?$1\"?( |\$)" || true; }
# The counts prove nothing if the log format drifts away from them.
[ "$(upstream_count /v1/login)" -ge 2 ] || fail "upstream_count does not see the logins in the server logs"
# request CURL_ARG…: one request through nginx -> $status, $tmp/answer.h, $tmp/answer.out
request() {
  status=$(curl -sS --cacert "$ca" -D "$tmp/answer.h" -o "$tmp/answer.out" -w '%{http_code}' "$@") ||
    fail "curl $*"
}
# expect_nginx_error STATUS CODE WHAT: the last answer is nginx's own JSON
# error, byte for byte the body kyodo.conf returns for CODE.
expect_nginx_error() {
  local want
  want=$(sed -n "s|.*return $1 '\(.*\"code\":\"$2\".*\)';\$|\1|p" "$tmp/site.conf")
  [ -n "$want" ] || fail "$3: kyodo.conf has no $1 $2 body"
  [ "$status" = "$1" ] || fail "$3: HTTP $status, not $1: $(head -c 300 "$tmp/answer.out")"
  [ "$(cat "$tmp/answer.out")" = "$want" ] || fail "$3: not nginx's $2 body: $(head -c 300 "$tmp/answer.out")"
  grep -qi '^content-type: application/json' "$tmp/answer.h" || fail "$3: not JSON: $(cat "$tmp/answer.h")"
  tr -d '\r' <"$tmp/answer.h" | grep -qix 'server: nginx' || fail "$3: Server header shows more than nginx"
}
ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
# raw_open NAME: an HTTP/1.1 connection through TLS whose bytes the script
# writes to fd $raw_fd (a FIFO the script keeps open, so nothing lingers);
# $raw_pid is the openssl client, which exits when nginx closes.
raw_open() {
  mkfifo "$tmp/$1.in"
  exec {raw_fd}<>"$tmp/$1.in"
  openssl s_client -quiet -CAfile "$ca" -connect "127.0.0.1:$nginx_port" \
    <"$tmp/$1.in" >"$tmp/$1.out" 2>"$tmp/$1.err" &
  raw_pid=$!
  pids+=("$raw_pid")
}

# A body over the limit (4 MiB) is refused by nginx, as a JSON error.
head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' ' ' > "$tmp/big.json"
pushes=$(upstream_count /v1/push)
request -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  --data-binary @"$tmp/big.json" "$url/v1/push"
expect_nginx_error 413 too_large "oversized push"

# A compressed body is refused before it is read (nginx would not inflate
# it, but a server behind it might).
printf '{"mutations":[]}' | gzip >"$tmp/small.json.gz"
request -H 'Content-Type: application/json' -H 'Content-Encoding: gzip' -H "Authorization: Bearer $token" \
  --data-binary @"$tmp/small.json.gz" "$url/v1/push"
expect_nginx_error 415 unsupported_encoding "compressed push"
[ "$(upstream_count /v1/push)" = "$pushes" ] || fail "a refused push reached a server process"

# Slowloris: a client trickling its header a byte a second is cut off once
# client_header_timeout (2 s in this copy, 10 s as packaged) has passed,
# without an answer. Bounded: the script gives up after 12 s.
header=$'GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n'
started=$(ms)
raw_open slow
sent=0
for ((tick = 0; tick < 120; tick++)); do
  kill -0 "$raw_pid" 2>/dev/null || break
  if ((tick % 10 == 0)); then printf '%s' "${header:sent:1}" >&"$raw_fd"; sent=$((sent + 1)); fi
  sleep 0.1
done
held=$(($(ms) - started))
kill -0 "$raw_pid" 2>/dev/null && fail "a client sending its header a byte a second was still connected after ${held} ms"
wait "$raw_pid" 2>/dev/null || true
exec {raw_fd}>&-
[ "$held" -ge 1500 ] || fail "slow client closed after ${held} ms, before the header timeout: $(cat "$tmp/slow.err")"
[ ! -s "$tmp/slow.out" ] || fail "slow client got an answer: $(head -c 200 "$tmp/slow.out")"
[ "$held" -le 8000 ] || fail "slow client held its connection ${held} ms (header timeout 2 s)"
grep -q '" 408 ' "$tmp/nginx-access.log" || fail "nginx did not log the slow client as timed out (408)"

# More requests in progress from one address than limit_conn allows (4 in
# this copy, 16 as packaged): each holder sends a push header and withholds
# its body, which nginx waits for without passing the request on; the next
# request is answered 429 by nginx. Once the holders are gone the address
# logs in and syncs again.
schemas=$(upstream_count /v1/schemas)
pushes=$(upstream_count /v1/push)
holder_pids=()
holder_fds=()
holders_opened=0
open_holder() { # SLOT
  holders_opened=$((holders_opened + 1))
  raw_open "hold$holders_opened"
  printf 'POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n' \
    "$token" >&"$raw_fd"
  holder_pids[$1]=$raw_pid
  holder_fds[$1]=$raw_fd
}
for slot in 0 1 2 3; do open_holder "$slot"; done
# The holders count once nginx has read their headers: ask until refused.
# A holder whose header nginx read while one of these requests was in
# progress was itself the one too many (429, and closed): it is opened again.
passed=0
for _ in $(seq 50); do
  for slot in 0 1 2 3; do
    kill -0 "${holder_pids[$slot]}" 2>/dev/null && continue
    fd=${holder_fds[$slot]}
    exec {fd}>&-
    open_holder "$slot"
  done
  request -H "Authorization: Bearer $token" "$url/v1/schemas"
  [ "$status" = 429 ] && break
  [ "$status" = 200 ] || fail "GET /v1/schemas beside the holders: HTTP $status"
  passed=$((passed + 1))
  sleep 0.1
done
expect_nginx_error 429 too_many_connections "fifth request in progress from one address"
[ "$(upstream_count /v1/schemas)" = $((schemas + passed)) ] || fail "a refused request reached a server process"
for p in "${holder_pids[@]}"; do kill -0 "$p" 2>/dev/null || fail "a holder was dropped: $(cat "$tmp"/hold*.err)"; done
for p in "${holder_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
for fd in "${holder_fds[@]}"; do exec {fd}>&-; done
[ "$(upstream_count /v1/push)" = "$pushes" ] || fail "a push without its body reached a server process"
# nginx counts a holder down when it sees it close; give it a moment.
for _ in $(seq 50); do
  request "$url/v1/health"
  [ "$status" = 429 ] || break
  sleep 0.1
done
[ "$status" = 200 ] || fail "GET /v1/health after the holders left: HTTP $status"
"$ctl" --db "$tmp/dev3.db" --ca "$ca" login "$url" alice || fail "login after the connection limit"
"$ctl" --db "$tmp/dev1.db" sync 2>>"$tmp/kyodoctl.log" || fail "sync after the connection limit"

# Password guessing: logins beyond limit_req's rate (10 a minute) and burst
# (2 in this copy, 5 as packaged) are answered 429 by nginx and cost no
# password hash; other requests are not limited by it.
logins=$(upstream_count /v1/login)
accepted=0
refused=0
for _ in $(seq 8); do
  request -H 'Content-Type: application/json' \
    --data '{"user":"alice","password":"pw","device":"test-nginx"}' "$url/v1/login"
  if [ "$status" = 429 ]; then
    expect_nginx_error 429 too_many_logins "repeated login"
    refused=$((refused + 1))
  else
    [ "$status" = 200 ] || fail "login: HTTP $status $(head -c 300 "$tmp/answer.out")"
    accepted=$((accepted + 1))
  fi
done
[ "$refused" -ge 4 ] || fail "8 logins in a row: only $refused refused"
[ "$(upstream_count /v1/login)" = $((logins + accepted)) ] || fail "a refused login reached a server process"
request -H "Authorization: Bearer $token" "$url/v1/schemas"
[ "$status" = 200 ] || fail "GET /v1/schemas after the login limit: HTTP $status"

# Both upstreams served: one logfmt line per request on their stderr.
served_a=$(grep -c 'path=/v1/' "$tmp/a.log" || true)
served_b=$(grep -c 'path=/v1/' "$tmp/b.log" || true)
[ "$served_a" -gt 0 ] && [ "$served_b" -gt 0 ] || fail "upstreams served a=$served_a b=$served_b requests"
echo "test-nginx: ok (record $id; upstream a served $served_a, b served $served_b requests;" \
  "slow client cut off after $held ms; $refused of 8 logins refused)"
