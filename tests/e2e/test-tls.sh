#!/usr/bin/env bash
# test-tls.sh KYODO_SERVER KYODOCTL: TLS on both ends (issue 11).
# - kyodo-server speaks TLS 1.2 and 1.3 only: a TLS 1.1 handshake fails.
# - kyodoctl refuses a server whose certificate is expired, names another
#   host, or comes from a CA it does not trust (exit 5, tls_verify), and
#   signs in to the same server once its certificate is right.
# Everything runs on 127.0.0.1 and is stopped on exit.
set -Eeuo pipefail

server=${1:?usage: test-tls.sh KYODO_SERVER KYODOCTL}
ctl=${2:?usage: test-tls.sh KYODO_SERVER KYODOCTL}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/kyodo-tls-XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "test-tls: FAIL: $*" >&2; [ -f "$tmp/server.log" ] && tail -n 20 "$tmp/server.log" >&2; exit 1; }
# A command that fails outside a check still says which it was (set -e alone
# ends the test without a word, as it once did in CI).
trap 'echo "test-tls: FAIL: line $LINENO: $BASH_COMMAND exited $?" >&2' ERR

export KYODO_PASSWORD=pw KYODO_PBKDF2_ITERATIONS=1000 KYODO_MAX_ATTEMPTS=1
sh "$src/packaging/dev-cert.sh" "$tmp" >/dev/null
db=$tmp/server.db
"$server" --db "$db" user add sato --role staff --scope ward:kohoku

# cert NAME DAYS SAN: a server certificate signed by the dev CA.
cert() {
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$tmp/$1.key" -out "$tmp/$1.csr" -subj "/CN=$1" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$3" >"$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -CAcreateserial -days "$2" \
    -sha256 -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
}
cert expired -1 "IP:127.0.0.1,DNS:localhost"        # not after: yesterday
cert elsewhere 30 "DNS:kyodo.example.jp"             # valid, for another host

# A system OpenSSL configuration that would allow TLS 1.0 and 1.1: the floor
# must come from kyodo-server itself, not from Debian's defaults.
cat >"$tmp/permissive.cnf" <<'CNF'
openssl_conf = init
[init]
ssl_conf = ssl
[ssl]
system_default = defaults
[defaults]
MinProtocol = TLSv1
CipherString = DEFAULT:@SECLEVEL=0
CNF

# serve CERT KEY: kyodo-server on a free port -> $url
serve() {
  if [ -n "$pid" ]; then
    # Stopped as systemd stops it: a clean exit (a sanitized build's report shows here).
    kill "$pid" 2>/dev/null || true
    rc=0
    wait "$pid" || rc=$?
    pid=
    [ "$rc" = 0 ] || fail "kyodo-server exited $rc when stopped"
  fi
  # The shell truncates the log in the child, after the fork: emptied here, the
  # loop below can neither read the previous server's port from the old log
  # nor find no file at all (sed would fail, and set -e end the test silently).
  : >"$tmp/server.log"
  OPENSSL_CONF=$tmp/permissive.cnf "$server" serve --db "$db" --listen 127.0.0.1:0 --cert "$1" --key "$2" --schemas "$src/plugins" \
    >/dev/null 2>"$tmp/server.log" &
  pid=$!
  # However slow the build (a sanitized one starts slowly), while it runs.
  for _ in $(seq 600); do
    port=$(sed -n 's|.*listening on https://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/server.log")
    [ -n "$port" ] && { url=https://127.0.0.1:$port; return; }
    kill -0 "$pid" 2>/dev/null || fail "kyodo-server exited before it listened"
    sleep 0.1
  done
  fail "kyodo-server did not start"
}

# refused WHAT CA: kyodoctl login must fail as a certificate problem.
refused() {
  rc=0
  out=$("$ctl" --db "$tmp/$1.db" --ca "$2" login "$url" sato 2>&1) || rc=$?
  [ "$rc" = 5 ] || fail "$1: kyodoctl login exited $rc, not 5: $out"
  grep -q 'tls_verify' <<<"$out" || fail "$1: not refused as a certificate problem: $out"
  grep -q '証明書' <<<"$out" || fail "$1: no Japanese explanation: $out"
}

serve "$tmp/expired.pem" "$tmp/expired.key"
refused expired "$tmp/ca.pem"
serve "$tmp/elsewhere.pem" "$tmp/elsewhere.key"
refused wrong-host "$tmp/ca.pem"
serve "$tmp/server.pem" "$tmp/server.key"
refused untrusted "$tmp/other-ca.pem"

# The protocol floor is the server's own setting, whatever the client offers.
if OPENSSL_CONF=$tmp/permissive.cnf openssl s_client -connect "127.0.0.1:$port" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >"$tmp/tls11.out" 2>&1 &&
   grep -q 'Protocol *: TLSv1.1' "$tmp/tls11.out"; then
  fail "a TLS 1.1 handshake succeeded"
fi
openssl s_client -connect "127.0.0.1:$port" -tls1_2 -CAfile "$tmp/ca.pem" </dev/null >"$tmp/tls12.out" 2>&1 ||
  fail "a TLS 1.2 handshake failed: $(tail -n 5 "$tmp/tls12.out")"
grep -q 'TLSv1.2' "$tmp/tls12.out" || fail "TLS 1.2 was not negotiated: $(grep -i protocol "$tmp/tls12.out")"

# Plain HTTP listens only on an address of this machine, judged on the
# parsed host: look-alike names are refused before anything listens.
for host in localhost.evil.invalid 127.0.0.1.evil.invalid 10.0.0.1; do
  rc=0
  out=$(timeout 20 "$server" serve --db "$tmp/plain.db" --listen "$host:0" --plain-http 2>&1) || rc=$?
  [ "$rc" = 2 ] || fail "--plain-http on $host exited $rc: $out"
  grep -q 'loopback' <<<"$out" || fail "--plain-http on $host: no reason given: $out"
done

# The same server with the right CA: signed in.
"$ctl" --db "$tmp/good.db" --ca "$tmp/ca.pem" login "$url" sato >/dev/null || fail "login with the right CA"
echo "test-tls: ok (expired, wrong host and untrusted certificates refused; TLS 1.1 refused, 1.2 accepted)"
