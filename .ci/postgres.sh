#!/usr/bin/env bash
# Throwaway PostgreSQL 15 for Parley's tests (CI and local development).
#
#   .ci/postgres.sh start    # init (if needed) + start; prints the DATABASE_URL on stdout
#   .ci/postgres.sh stop     # stop and delete the data directory
#   .ci/postgres.sh status   # exit 0 if running
#   .ci/postgres.sh url      # print the DATABASE_URL
#   .ci/postgres.sh psql ... # psql into parley_test
#
# Or `source .ci/postgres.sh` and call parley_pg_start / parley_pg_stop.
#
# Listens on 127.0.0.1 only, trust auth (loopback-only, throwaway data).
# Needs postgresql-15 and pgvector installed (.ci/run does both).
# Settings (environment): PARLEY_PG_PORT (55432), PARLEY_PG_DIR (/tmp/parley-pg-$PORT),
# PARLEY_PG_DB (parley_test).

PARLEY_PG_BIN="${PARLEY_PG_BIN:-/usr/lib/postgresql/15/bin}"
PARLEY_PG_PORT="${PARLEY_PG_PORT:-55432}"
PARLEY_PG_DIR="${PARLEY_PG_DIR:-/tmp/parley-pg-${PARLEY_PG_PORT}}"
PARLEY_PG_DB="${PARLEY_PG_DB:-parley_test}"
PARLEY_PG_URL="postgres://postgres@127.0.0.1:${PARLEY_PG_PORT}/${PARLEY_PG_DB}"

# Run a command as the OS user that owns the cluster (postgres when we are root:
# initdb/postgres refuse to run as root).
_parley_pg_as_owner() {
  if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_parley_pg_ctl() {
  _parley_pg_as_owner "$PARLEY_PG_BIN/pg_ctl" -D "$PARLEY_PG_DIR/data" "$@"
}

_parley_psql() {
  "$PARLEY_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PARLEY_PG_PORT" -U postgres "$@"
}

parley_pg_running() {
  # pg_ctl status alone trusts postmaster.pid (a killed server's pid may be reused);
  # also ask the server itself.
  [[ -f "$PARLEY_PG_DIR/data/PG_VERSION" ]] && _parley_pg_ctl status >/dev/null 2>&1 &&
    "$PARLEY_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PARLEY_PG_PORT" -t 5
}

parley_pg_start() {
  if [[ ! -x "$PARLEY_PG_BIN/pg_ctl" ]]; then
    echo "postgres.sh: $PARLEY_PG_BIN/pg_ctl not found (apt-get install postgresql-15, or run .ci/run)" >&2
    return 1
  fi
  if parley_pg_running; then
    echo "postgres.sh: already running in $PARLEY_PG_DIR" >&2
  else
    # Stale or half-made directory from an earlier run: start over.
    rm -rf "$PARLEY_PG_DIR"
    mkdir -p "$PARLEY_PG_DIR/data" "$PARLEY_PG_DIR/sock"
    if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
      chown -R postgres:postgres "$PARLEY_PG_DIR"
    fi
    chmod 700 "$PARLEY_PG_DIR/data"
    # C.UTF-8: UTF-8 encoding so CJK text survives to_tsvector; C collation keeps
    # ordering deterministic across machines.
    _parley_pg_as_owner "$PARLEY_PG_BIN/initdb" -D "$PARLEY_PG_DIR/data" -U postgres \
      --encoding=UTF8 --locale=C.UTF-8 --auth=trust --no-sync >"$PARLEY_PG_DIR/initdb.log" 2>&1 || {
      echo "postgres.sh: initdb failed:" >&2
      cat "$PARLEY_PG_DIR/initdb.log" >&2
      return 1
    }
    # Durability off: this cluster is thrown away after the tests.
    if ! _parley_pg_ctl start -w -t 60 -l "$PARLEY_PG_DIR/postgres.log" \
      -o "-c listen_addresses=127.0.0.1 -p $PARLEY_PG_PORT -k $PARLEY_PG_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null; then
      echo "postgres.sh: pg_ctl start failed (port $PARLEY_PG_PORT taken?). Log:" >&2
      tail -n 30 "$PARLEY_PG_DIR/postgres.log" >&2 || true
      return 1
    fi
  fi
  if [[ "$(_parley_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PARLEY_PG_DB'")" != 1 ]]; then
    _parley_psql -d postgres -c "CREATE DATABASE \"$PARLEY_PG_DB\"" || return 1
  fi
  # Check pgvector loads, without leaving the extension behind (migrations create it).
  if ! _parley_psql -d "$PARLEY_PG_DB" -tA >/dev/null 2>"$PARLEY_PG_DIR/vector-check.err" <<'SQL'
BEGIN;
CREATE EXTENSION IF NOT EXISTS vector;
SELECT '[1,2,3]'::vector <-> '[1,2,4]';
ROLLBACK;
SQL
  then
    echo "postgres.sh: pgvector is not usable (is it installed? .ci/run builds it):" >&2
    cat "$PARLEY_PG_DIR/vector-check.err" >&2
    return 1
  fi
  echo "$PARLEY_PG_URL"
}

parley_pg_stop() {
  if parley_pg_running; then
    _parley_pg_ctl stop -m fast -w -t 60 >/dev/null || _parley_pg_ctl stop -m immediate -w >/dev/null || true
  fi
  rm -rf "$PARLEY_PG_DIR"
}

# Executed (not sourced): dispatch on the sub-command.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start) parley_pg_start ;;
    stop) parley_pg_stop ;;
    status)
      if parley_pg_running; then echo "running: $PARLEY_PG_URL"; else echo "stopped"; exit 1; fi ;;
    url) echo "$PARLEY_PG_URL" ;;
    psql) shift; _parley_psql -d "$PARLEY_PG_DB" "$@" ;;
    *) echo "usage: $0 start|stop|status|url|psql [args]" >&2; exit 2 ;;
  esac
fi
