#!/bin/sh
# Development certificates for kyodo-server (never for production):
#   OUTDIR/ca.pem, ca.key         a local CA
#   OUTDIR/server.pem, server.key a server certificate for 127.0.0.1, ::1 and localhost, signed by that CA
#   OUTDIR/other-ca.pem           an unrelated CA, for "wrong CA is refused" tests
# Idempotent: existing files are kept, missing ones are made.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
mkdir -p "$out"
cd "$out"

make_ca() { # name subject
    if [ ! -f "$1.pem" ] || [ ! -f "$1.key" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
            -keyout "$1.key" -out "$1.pem" -subj "$2" \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    fi
}

make_ca ca "/CN=Kyodo Dev CA"
make_ca other-ca "/CN=Unrelated Dev CA"

if [ ! -f server.pem ] || [ ! -f server.key ] || [ ca.pem -nt server.pem ]; then
    ext=$(mktemp)
    trap 'rm -f "$ext" server.csr' EXIT
    printf '%s\n' \
        "basicConstraints=CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" \
        "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" > "$ext"
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr \
        -subj "/CN=localhost" 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
        -days 825 -sha256 -extfile "$ext" -out server.pem 2>/dev/null
    rm -f ca.srl
fi
chmod 600 ca.key other-ca.key server.key
echo "$out: ca.pem server.pem server.key other-ca.pem"
