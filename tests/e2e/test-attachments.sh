#!/usr/bin/env bash
# test-attachments.sh KYODO_SERVER KYODOCTL: files through kyodoctl against a
# real kyodo-server over loopback HTTPS (issue 16).
# - attach checks a file against its field before storing a byte: one over
#   the limit or of a type the field does not take is refused (exit 3) and
#   the record is unchanged;
# - the record syncs at once, the photo after it; a server killed (-9) in the
#   middle of the upload loses nothing: the next sync sends only what the
#   server lacks;
# - another device fetches the photo byte for byte and sees where it is,
#   then takes it off the note, and the first device sees it gone.
# Everything runs on 127.0.0.1 and is stopped on exit.
set -Eeuo pipefail

server=${1:?usage: test-attachments.sh KYODO_SERVER KYODOCTL}
ctl=${2:?usage: test-attachments.sh KYODO_SERVER KYODOCTL}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/kyodo-attach-XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "test-attachments: FAIL: $*" >&2; [ -f "$tmp/server.log" ] && tail -n 20 "$tmp/server.log" >&2; exit 1; }
# A command that fails outside a check still says which it was (set -e alone
# ends the test without a word, as it once did in CI).
trap 'echo "test-attachments: FAIL: line $LINENO: $BASH_COMMAND exited $?" >&2' ERR

export KYODO_PASSWORD=pw KYODO_PBKDF2_ITERATIONS=1000 KYODO_MAX_ATTEMPTS=1
sh "$src/packaging/dev-cert.sh" "$tmp" >/dev/null
db=$tmp/server.db
"$server" --db "$db" user add sato --role supporter --scope group:g1 >/dev/null
"$server" --db "$db" user add kato --role supporter --scope group:g1 >/dev/null

port=
serve() {
  : >"$tmp/server.log" # emptied before the server opens it: sed below may run first
  "$server" serve --db "$db" --listen "127.0.0.1:${port:-0}" --cert "$tmp/server.pem" --key "$tmp/server.key" \
    --schemas "$src/plugins" >/dev/null 2>"$tmp/server.log" &
  pid=$!
  for _ in $(seq 600); do
    p=$(sed -n 's|.*listening on https://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/server.log")
    [ -n "$p" ] && { port=$p; return; }
    kill -0 "$pid" 2>/dev/null || fail "the server exited before it listened"
    sleep 0.1
  done
  fail "the server did not start"
}
serve
url=https://127.0.0.1:$port
a_ctl=("$ctl" --db "$tmp/a.db" --ca "$tmp/ca.pem") # device a; run bare where its pid is needed
a() { "${a_ctl[@]}" "$@"; }
b() { "$ctl" --db "$tmp/b.db" --ca "$tmp/ca.pem" "$@"; }
a login "$url" sato >/dev/null
b login "$url" kato >/dev/null

id=$(a put accompaniment.visit_note --scope group:g1 visited_at=2019-05-01T10:00 group_name=港北まちづくりの会 \
  supporter=佐藤 kind=visit summary=ホワイトボードを撮影)
# A photo of 18 chunks (JPEG's first bytes, then random).
photo=$tmp/whiteboard.jpg
# A JPEG's head, random image data (no marker byte in it), its end.
{
  printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000\377\332\000\002'
  head -c $((18 * 1048576 - 26)) /dev/urandom | tr '\377' '\376'
  printf '\377\331'
} >"$photo"
a attach "$id" photos "$photo" | grep -q "添付しました" || fail "attach did not say it attached"
a attachments "$id" | grep -q "この端末のみ" || fail "a new photo is not shown as on this device only"

# Refused before a byte is stored; the record keeps its one photo.
huge=$tmp/huge.jpg
printf '\377\330\377\340' >"$huge"
truncate -s 21M "$huge"
rc=0; out=$(a attach "$id" photos "$huge" 2>&1) || rc=$?
[ "$rc" = 3 ] || fail "a file over the limit: exit $rc, expected 3 ($out)"
echo "$out" | grep -q "attachment_too_large" || fail "no attachment_too_large: $out"
echo "$out" | grep -q "20.0 MB" || fail "the limit is not named: $out"
printf '%%PDF-1.4 minutes' >"$tmp/minutes.pdf"
rc=0; out=$(a attach "$id" photos "$tmp/minutes.pdf" 2>&1) || rc=$?
[ "$rc" = 3 ] && echo "$out" | grep -q "attachment_type" || fail "a PDF on photos: exit $rc ($out)"
# Cut short (a copy stopped half way) and empty: refused, in Japanese first.
head -c 1048576 "$photo" >"$tmp/half.jpg"
: >"$tmp/empty.jpg"
for bad in half:attachment_damaged empty:attachment_empty; do
  rc=0; out=$(a attach "$id" photos "$tmp/${bad%%:*}.jpg" 2>&1) || rc=$?
  [ "$rc" = 3 ] && echo "$out" | grep -q "${bad#*:}" || fail "${bad%%:*}.jpg: exit $rc ($out)"
done
echo "$out" | grep -q "空のファイル" || fail "the empty file's message is not in Japanese: $out"
[ "$(a attachments "$id" | wc -l)" = 1 ] || fail "a refused file changed the record"

# The server is killed in the middle of the upload.
# The device is frozen (SIGSTOP) the moment the server holds a chunk, so the
# server dies part way however fast this machine uploads: polling every 50 ms
# alone can miss the whole 18-chunk upload between two looks.
"${a_ctl[@]}" sync >"$tmp/sync1.out" 2>"$tmp/sync1.err" &
syncpid=$!
deadline=$((SECONDS + 60)) # a sanitized build is slow to send its first chunk
while [ "$SECONDS" -lt "$deadline" ]; do
  n=$(sqlite3 "$db" "SELECT count(*) FROM blob_parts" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 1 ] && break
  kill -0 "$syncpid" 2>/dev/null || break
  sleep 0.005
done
kill -STOP "$syncpid" 2>/dev/null || true
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=
kill -CONT "$syncpid" 2>/dev/null || true
wait "$syncpid" && fail "the sync did not notice the server going away" || true
sent=$(sqlite3 "$db" "SELECT count(*) FROM blob_parts")
[ "$sent" -ge 1 ] && [ "$sent" -lt 18 ] || fail "expected the upload cut off part way, the server has $sent of 18 chunks"
a attachments "$id" | grep -q "送信中\|この端末のみ" || fail "an interrupted upload is not shown as unsent"

serve # on the same port
a sync >"$tmp/sync2.out" 2>&1 || fail "sync after the restart: $(cat "$tmp/sync2.out")"
grep -q "添付ファイル 1 件" "$tmp/sync2.out" || fail "the second sync did not finish the photo: $(cat "$tmp/sync2.out")"
# Only the missing chunks went again (the line names the bytes sent).
resent=$(sed -n 's/.*添付ファイル 1 件（\([0-9.]*\) MB）を送信.*/\1/p' "$tmp/sync2.out")
awk -v r="$resent" 'BEGIN { exit !(r > 0 && r < 18.0) }' || fail "the second sync sent $resent MB of 18"
a attachments "$id" | grep -q "サーバー保存済み" || fail "the photo is not shown on the server"

# Another device: the record first, then the photo on demand, byte for byte.
b sync >"$tmp/b-sync.out" 2>&1 || fail "device b's sync: $(cat "$tmp/b-sync.out")"
b attachments "$id" | grep -q "未取得" || fail "device b should know of the photo without its bytes"
sha=$(sha256sum "$photo" | cut -d' ' -f1)
b fetch "$sha" -o "$tmp/fetched.jpg" >"$tmp/fetch.out" 2>&1 || fail "fetch on device b: $(cat "$tmp/fetch.out")"
cmp -s "$photo" "$tmp/fetched.jpg" || fail "the fetched photo differs"
b attachments "$id" | grep -q "サーバー保存済み" || fail "device b does not show the photo as here"

# Device b takes the photo off the note; device a sees it gone after a sync.
b detach "$id" photos "0000" >/dev/null 2>&1 && fail "taking off a file the note does not list should fail"
b detach "$id" photos "$sha" | grep -q "外しました" || fail "detach did not say what it did"
b sync >"$tmp/b-sync.out" 2>&1 || fail "sync after detach: $(cat "$tmp/b-sync.out")"
a sync >"$tmp/a-sync.out" 2>&1 || fail "sync of device a after the detach: $(cat "$tmp/a-sync.out")"
[ "$(a attachments "$id" | wc -l)" = 0 ] || fail "the photo is still listed on device a: $(a attachments "$id")"
echo "test-attachments: ok"
