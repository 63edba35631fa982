# Shared by the nginx tests (sourced, not run). Before sourcing, set $name
# (for messages). It makes $tmp, stops everything in $pids on exit, and gives:
#   fail MESSAGE…         print it with the tails of $tmp/*.log, exit 1
#   port_open PORT        true when something listens on 127.0.0.1:PORT
#   start_nginx WRITE_SITE   nginx from Debian on a free loopback port, with
#                         the site file WRITE_SITE PORT writes to $tmp/site.conf;
#                         a port taken between the check and the bind is retried
#                         on another -> $nginx_port
tmp=$(mktemp -d "/tmp/kyodo-$name-XXXXXX")
chmod 755 "$tmp" # nginx workers may run as another user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A command that fails outside a check still says which it was.
trap 'echo "$name: FAIL: line $LINENO: $BASH_COMMAND exited $?" >&2' ERR

fail() {
  echo "$name: FAIL: $*" >&2
  for f in "$tmp"/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done
  exit 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_nginx() {
  nginx_port=
  local attempt port nginx_pid
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    port_open "$port" && continue
    "$1" "$port"
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
    include $tmp/site.conf;
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
      return
    fi
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    echo "$name: nginx on port $port failed (attempt $attempt)" >&2
  done
  fail "nginx did not start"
}
