#!/usr/bin/env bash
# Load benchmark on loopback with wrk: a trivial route, a procedure page, a search, a QR image
# (all through gunicorn as deployed) and the static export through nginx, for a fixed time each.
# Prints requests per second, p50/p99 latency and each figure's ratio to the trivial route.
#   scripts/bench_load.sh                 # 3 rounds, 12 s per route in all, 4 connections
#   DURATION=30 ROUNDS=5 CONNECTIONS=8 scripts/bench_load.sh
source "$(dirname "$0")/_venv.sh"
apt_install wrk nginx-light

DURATION="${DURATION:-12}"  # per route, split over the rounds
# Workers + 1 connections keep every worker busy (each runs Python one request at a time,
# threads or not) without measuring time spent queueing in the listen backlog.
CONNECTIONS="${CONNECTIONS:-4}"
WORK="$(mktemp -d /tmp/tthc-bench.XXXXXX)"
chmod 755 "$WORK"
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT="$(free_port)"
NGINX_PORT="$(free_port)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export INSTANCE_PATH="$WORK/instance" SECRET_KEY="bench-secret-key-that-is-long-enough-0000"
export INDEX_DIR="$WORK/index" SITE_URL="https://tthc.example.gov.vn"
echo "Preparing: database, static export (no posters), gunicorn on :$APP_PORT, nginx on :$NGINX_PORT" >&2
.venv/bin/flask db upgrade >/dev/null
.venv/bin/flask export-static "$WORK/export" --no-posters >&2

# As deployed (deploy/gunicorn.conf.py: workers from the CPU count, preload), minus the access
# log, which would measure the terminal.
BIND="127.0.0.1:$APP_PORT" ACCESS_LOG="" ERROR_LOG="$WORK/gunicorn.log" \
  .venv/bin/gunicorn --config deploy/gunicorn.conf.py "tthc:create_app()" &
PIDS+=($!)

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
$( [ "$(id -u)" -eq 0 ] && echo "user root root;" )
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    open_file_cache max=2000 inactive=60s;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream tthc_app { server 127.0.0.1:$APP_PORT; }
    include $WORK/export/nginx/tthc-maps.conf;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        include $WORK/export/nginx/tthc-site.conf;
    }
}
EOF
/usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
PIDS+=($!)

for _ in $(seq 1 300); do
  curl -fso /dev/null "http://127.0.0.1:$APP_PORT/healthz/ping" \
    && curl -fso /dev/null "http://127.0.0.1:$NGINX_PORT/" && break
  sleep 0.2
done

APP="http://127.0.0.1:$APP_PORT"
# The 116 realistic queries of tests/search/queries.tsv, one after the other per connection:
# searches the memo has not seen (the first round) as well as repeated ones.
.venv/bin/python - "$WORK/queries.lua" <<'PY'
import sys, urllib.parse
queries = [line.split("\t")[0] for line in open("tests/search/queries.tsv", encoding="utf-8")
           if line.strip() and not line.startswith("#")]
paths = ",".join('"/tim-kiem?q=%s"' % urllib.parse.quote_plus(q) for q in queries)
open(sys.argv[1], "w").write(
    "local paths = {%s}\nlocal i = 0\n"
    "request = function() i = i %% #paths + 1 return wrk.format(\"GET\", paths[i]) end\n" % paths
)
PY
ROUTES=(
  "trivial route (/healthz/ping)|$APP/healthz/ping"
  "procedure page|$APP/thu-tuc/1.004222"
  "search (khong dau, typo)|$APP/tim-kiem?q=dang+ky+tam+tru"
  "search, 116 queries in turn|$APP/tim-kiem?q=x|$WORK/queries.lua"
  "search API|$APP/api/v1/search?q=can+cuoc+cong+dan"
  "QR image|$APP/qr/1.004222.png"
  "static export via nginx|http://127.0.0.1:$NGINX_PORT/thu-tuc/1.004222"
)

# wrk prints latencies as 812.00us, 3.41ms or 1.20s: normalise to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# Rounds interleave the routes, so load from other processes on the machine falls on all of
# them alike: req/s is the mean over the rounds, p50 and p99 the medians of the rounds'.
ROUNDS="${ROUNDS:-3}"
SLICE=$(( (DURATION + ROUNDS - 1) / ROUNDS ))
declare -A RPS P50 P99 ERR
route_url() { local rest="${1#*|}"; echo "${rest%%|*}"; }
route_script() { local rest="${1#*|}"; [ "$rest" != "${rest#*|}" ] && echo "-s ${rest#*|}"; }
for entry in "${ROUTES[@]}"; do
  url="$(route_url "$entry")"
  code="$(curl -so /dev/null -w '%{http_code}' "$url")"
  [ "$code" = 200 ] || { echo "$url answered $code" >&2; exit 1; }
  # shellcheck disable=SC2046
  wrk -t1 -c"$CONNECTIONS" -d2s $(route_script "$entry") "$url" >/dev/null  # warm the workers
done
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for entry in "${ROUTES[@]}"; do
    name="${entry%%|*}"; url="$(route_url "$entry")"
    # shellcheck disable=SC2046
    out="$(wrk -t1 -c"$CONNECTIONS" -d"${SLICE}s" --latency $(route_script "$entry") "$url")"
    RPS["$name"]+="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") "
    P50["$name"]+="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")") "
    P99["$name"]+="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")") "
    grep -qE 'Non-2xx|Socket errors' <<<"$out" && ERR["$name"]=yes
  done
done
mean() { tr ' ' '\n' <<<"$1" | awk 'NF {s += $1; n++} END {printf "%.0f", s / n}'; }
median() { tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g | awk '{v[NR] = $1} END {
  printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '\n%s × %s s per route, %s connections, %s cores, load average before: %s, wrk %s\n\n' \
  "$ROUNDS" "$SLICE" "$CONNECTIONS" "$(nproc)" "$LOAD_BEFORE" \
  "$(wrk -v 2>&1 | head -1 | awk '{print $2}')"
printf '| %-30s | %9s | %8s | %8s | %8s | %9s | %6s |\n' route "req/s" "p50 ms" "p99 ms" \
  "p99/p50" "× trivial" errors
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..32})" "-----------" "----------" \
  "----------" "----------" "-----------" "--------"
BASE=""
for entry in "${ROUTES[@]}"; do
  name="${entry%%|*}"
  rps="$(mean "${RPS[$name]}")"
  [ -z "$BASE" ] && BASE="$rps"
  ratio="$(awk -v a="$rps" -v b="$BASE" 'BEGIN {printf "%.2f", a / b}')"
  p50="$(median "${P50[$name]}")"; p99="$(median "${P99[$name]}")"
  spread="$(awk -v a="$p99" -v b="$p50" 'BEGIN {printf "%.1f", (b > 0) ? a / b : 0}')"
  printf '| %-30s | %9s | %8s | %8s | %8s | %9s | %6s |\n' "$name" "$rps" \
    "$p50" "$p99" "$spread" "$ratio" "${ERR[$name]:-0}"
done
awk -v s="$(mean "${RPS[static export via nginx]}")" -v a="$(mean "${RPS[procedure page]}")" \
  'BEGIN {printf "\nstatic export via nginx / procedure page through the app: %.1f×\n", s / a}'
