#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tuning storage tests and exports
# KEEL_TEST_POSTGRES_URL. Meant to be *sourced* (from .ci/run, before `npm test`):
#
#   source .ci/start-postgres.sh
#
# - Installs Debian's postgresql only when its binaries are missing (apt-get update only if
#   the first install attempt fails).
# - Creates a cluster with initdb in $KEEL_PG_DIR (default /tmp/keel-postgres) owned by the
#   `postgres` user, listening on 127.0.0.1:$KEEL_PG_PORT (default 54329) only, trust auth.
# - Idempotent and quick: when the server is already up it only exports the URL.
# Works as root (CI on a clean machine) or as the postgres user.

_keel_pg_main() {
  local port="${KEEL_PG_PORT:-54329}"
  local dir="${KEEL_PG_DIR:-/tmp/keel-postgres}"
  local db="${KEEL_PG_DB:-keel_test}"
  local bindir

  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "== installing postgresql (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q postgresql >/dev/null; then
      apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null || { echo "start-postgres: apt-get install postgresql failed" >&2; return 1; }
    fi
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  fi

  # Run PostgreSQL tools as the postgres user (the server refuses to run as root).
  _keel_pg_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
  }

  if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    if [ ! -s "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      chmod 700 "$dir"
      _keel_pg_as "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --no-sync >/dev/null || { echo "start-postgres: initdb failed" >&2; return 1; }
    fi
    # A stale pid file from a killed server would stop pg_ctl; the server checks it anyway.
    _keel_pg_as "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { echo "start-postgres: server did not start; see $dir/server.log" >&2; tail -n 20 "$dir/server.log" >&2; return 1; }
  fi

  if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" || { echo "start-postgres: createdb $db failed" >&2; return 1; }
  fi

  export KEEL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/$db"
  echo "== PostgreSQL ready: KEEL_TEST_POSTGRES_URL=$KEEL_TEST_POSTGRES_URL" >&2
}

# `&& ||` keeps a caller's `set -e` from exiting before the status is returned.
_keel_pg_main && _keel_pg_status=0 || _keel_pg_status=$?
unset -f _keel_pg_main _keel_pg_as
# Sourced: return the status; executed directly: exit with it.
return $_keel_pg_status 2>/dev/null || exit $_keel_pg_status
