#!/usr/bin/env bash
# with-postgres.sh COMMAND…: runs COMMAND against a throwaway PostgreSQL 15
# cluster and always removes it afterwards. The cluster lives in a temporary
# directory, listens on a free 127.0.0.1 port and a unix socket in that
# directory, trusts loopback (it holds nothing but test data) and runs with
# fsync off. COMMAND sees KYODO_TEST_PG=postgresql://kyodo@127.0.0.1:PORT/kyodo,
# a role that may create databases (each test makes its own). Nothing depends
# on a server installed or started by hand. Exit status: COMMAND's.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG]..." >&2
  exit 2
fi
if [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: $PGBIN/initdb missing; run packaging/install-deps.sh" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/kyodo-pg-XXXXXX)
chmod 755 "$dir"
# initdb refuses root: as root the cluster belongs to the postgres user.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -t 20 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A random free port; another cluster may grab it between the check and the
# start, so a failed start retries on another one.
started=
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  port_in_use "$port" && continue
  if "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off \
          -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB" >/dev/null 2>&1; then
    started=1
    break
  fi
  echo "with-postgres: start on port $port failed (attempt $attempt)" >&2
done
if [ -z "$started" ]; then
  cat "$dir/server.log" >&2 || true
  exit 1
fi

"${as_pg[@]}" "$PGBIN/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE kyodo LOGIN CREATEDB" -c "CREATE DATABASE kyodo OWNER kyodo" >/dev/null

export KYODO_TEST_PG="postgresql://kyodo@127.0.0.1:$port/kyodo"
status=0
"$@" || status=$?
exit "$status"
