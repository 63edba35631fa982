#!/usr/bin/env bash
# Runs Kyodo locally on a fresh Debian 12 machine: installs packages, builds,
# makes development certificates, starts kyodo-server over HTTPS on loopback
# with SQLite (the embedded default), creates demo accounts, shows kyodoctl
# against it, and starts the app (kyodo) signed in to nothing yet, with the
# server's URL and CA offered on its sign-in page. Without a display it says
# how to see the app and saves screenshots of its main screens instead. The
# server keeps running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" --target kyodo-server kyodoctl kyodo kyodo_plugins

home=${KYODO_HOME:-$root/.kyodo-local}
port=${KYODO_PORT:-8443}
mkdir -p "$home"
bash packaging/dev-cert.sh "$home/certs" >/dev/null
server="$root/build/sync/server/kyodo-server"
ctl="$root/build/sync/cli/kyodoctl"
db="$home/server.db"
password=${KYODO_DEMO_PASSWORD:-kyodo-demo}

# Demo accounts (kept between runs): an administrator, a ward clerk, a clerk of
# the city's 市民活動支援課 (the city-wide records and the yearly report), a
# committee member and an accompaniment supporter.
add_user() {
  local name=$1
  shift
  "$server" --db "$db" user list 2>/dev/null | grep -q "^$name " ||
    KYODO_PASSWORD=$password "$server" --db "$db" user add "$name" "$@"
}
add_user admin --role admin
add_user sato --role staff --scope ward:kohoku
add_user suzuki --role staff --scope city
# The yearly report is compiled from every ward's records: the city clerk reads
# them all (and the committee's) but writes none of them.
for ward in tsurumi kanagawa nishi naka minami konan hodogaya asahi isogo kanazawa kohoku midori aoba \
  tsuzuki totsuka sakae izumi seya committee; do
  scope=$([ "$ward" = committee ] && echo committee || echo "ward:$ward")
  "$server" --db "$db" user grant suzuki "$scope" --read-only
done
add_user hayashi --role committee --scope committee
add_user yamada --role supporter --scope group:nohara

# This run's log only: the loop below must not find the last run's line.
rm -f "$home/server.log"
"$server" serve --db "$db" --listen "127.0.0.1:$port" \
  --cert "$home/certs/server.pem" --key "$home/certs/server.key" \
  --schemas "$root/plugins" 2> >(tee "$home/server.log" >&2) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
for _ in $(seq 100); do
  grep -q "listening on" "$home/server.log" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
grep -q "listening on" "$home/server.log" 2>/dev/null && kill -0 $pid 2>/dev/null ||
  { echo "run-local: kyodo-server did not start (is port $port taken?); its log: $home/server.log" >&2; exit 1; }
url="https://127.0.0.1:$port"

echo
echo "== kyodoctl demo (device replica: $home/device.db) =="
dev=(--db "$home/device.db" --ca "$home/certs/ca.pem")
KYODO_PASSWORD=$password "$ctl" "${dev[@]}" login "$url" sato
"$ctl" "${dev[@]}" put ward_centers.consultation --scope ward:kohoku \
  received_at="$(date +%Y-%m-%dT%H:%M)" channel=visit party="港北まちづくりの会" \
  category=startup summary="団体の立上げについて相談。会則の作り方を説明した。" staff="佐藤"
"$ctl" "${dev[@]}" status
"$ctl" "${dev[@]}" sync
"$ctl" "${dev[@]}" list

# The city's and the wards' records for 平成25～令和元年度 (the acceptance
# fixtures, each in the scope that keeps it), entered once through the
# administrator's device and synced; suzuki's device pulls them all to report.
imports=(--db "$home/import-device.db" --ca "$home/certs/ca.pem")
if [ ! -e "$home/import-device.db" ]; then
  echo
  echo "== the records of the yearly report, imported once =="
  KYODO_PASSWORD=$password "$ctl" "${imports[@]}" login "$url" admin
  for f in collaboration yume_fund training proposals ward_centers_city committee; do
    "$ctl" "${imports[@]}" import "tests/fixtures/$f.jsonl"
  done
  "$ctl" "${imports[@]}" sync
fi
city=(--db "$home/city-device.db" --ca "$home/certs/ca.pem")
[ -e "$home/city-device.db" ] || KYODO_PASSWORD=$password "$ctl" "${city[@]}" login "$url" suzuki
"$ctl" "${city[@]}" sync
"$ctl" "${city[@]}" report yume_fund.donations_by_year --from H28 --to H30

cat <<MSG

kyodo-server is running at $url (SQLite: $db).
Accounts (password "$password"): admin; sato (港北区 clerk); suzuki (city clerk:
the city's records and reports; every ward's records read-only); hayashi (committee member: meeting mode);
yamada (supporter of group:nohara: visit notes).
Try:  $ctl --db $home/device.db list
      $ctl --db $home/device.db put ward_centers.consultation --scope ward:kohoku …
      $ctl --db $home/city-device.db report            (every report of the yearly report)
MSG

app=(build/app/kyodo --data "$home/app" --server "$url" --ca "$home/certs/ca.pem")
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting the app: sign in as sato, suzuki, hayashi or yamada / $password (the URL and CA are filled in)."
  "${app[@]}" &
  app_pid=$!
  trap 'kill $app_pid $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
else
  cmake --build --preset default -j "$(nproc)" --target tst_gui >/dev/null
  (cd build && ctest -R tst_gui --output-on-failure >/dev/null) || echo "(the screenshot run failed; see build/Testing)"
  cat <<MSG

This machine has no display, so the app cannot open a window here. To see it:
  - on a desktop (or over ssh -X / -Y):  ${app[*]}
  - on a headless machine with Xvfb:     apt-get install xvfb && xvfb-run -s "-screen 0 1280x860x24" ${app[*]}
Screenshots of its main screens (sign-in, list, form, sync in progress,
conflict inbox, reports, a narrow window, each area's main page and the
meeting mode at tablet and laptop size), just made by the GUI test against a real server:
MSG
  ls -1 "$root"/build/screenshots/*.png 2>/dev/null | sed 's/^/  /' || echo "  (none made this time)"
fi
echo "Press Ctrl-C to stop the server."
wait $pid
