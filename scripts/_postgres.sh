# Sourced by scripts/test: make a PostgreSQL server available to the tests marked `postgres`.
# Uses DATABASE_URL_TEST when it is already set; otherwise installs Debian's postgresql when
# missing and starts a throw-away cluster of our own on a free loopback port (stopped on exit).
# A server that cannot be set up stops the script with the reason.
start_test_postgres() {
  [ -n "${DATABASE_URL_TEST:-}" ] && return 0
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$bin" ]; then
    apt_install postgresql
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  fi
  [ -x "$bin/initdb" ] || die "postgres: no initdb found"
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "postgres: no 'postgres' user to run the server"
    run_as=(runuser -u postgres --)
  fi
  local dir port
  dir="$(mktemp -d "${TMPDIR:-/tmp}/tthc-pg.XXXXXX")"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null \
    || die "postgres: initdb failed"
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on" start >/dev/null \
    || die "postgres: server did not start, see $dir/log"
  TTHC_PG_STOP=("${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop)
  TTHC_PG_DIR="$dir"
  trap 'stop_test_postgres' EXIT
  export DATABASE_URL_TEST="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "postgres: test server on 127.0.0.1:$port ($dir)"
}

stop_test_postgres() {
  [ -n "${TTHC_PG_STOP:-}" ] && "${TTHC_PG_STOP[@]}" >/dev/null 2>&1 || true
  [ -n "${TTHC_PG_DIR:-}" ] && rm -rf "$TTHC_PG_DIR" || true
}
