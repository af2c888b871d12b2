#!/usr/bin/env bash
# Start Redis and PostgreSQL for the multi-process and PostgreSQL tests (CI runs it as root;
# works whether a Debian PostgreSQL cluster exists or not), then print the variables to export:
#   eval "$(scripts/ci-services.sh)"
# Installs nothing: .ci/run does the apt-get.
set -euo pipefail
# Only the final exports go to stdout (they are eval'd): everything the tools print goes to stderr
# (pg_ctlcluster, for one, prints "Removed stale pid file" on stdout).
exec 3>&1 1>&2
# (The servers started below must not inherit fd 3, or the caller's $(...) never ends.)
log() { echo "ci-services: $*" >&2; }

REDIS_PORT="${REDIS_PORT:-6379}"
PG_PORT="${PG_PORT:-5432}"
PG_ROLE=sangfroid
PG_PASSWORD="${PG_PASSWORD:-sangfroid-ci}"

# Redis: a daemon on localhost, no persistence (tests need none).
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 3>&-
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -p "$REDIS_PORT" ping >/dev/null || { log "redis-server did not start"; exit 1; }
log "redis on 127.0.0.1:$REDIS_PORT"

# PostgreSQL: the Debian cluster if there is one, else a throwaway cluster in a temp dir.
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$PGBIN" ] || { log "no PostgreSQL binaries in /usr/lib/postgresql"; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
  if command -v pg_lsclusters >/dev/null && [ -n "$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p')" ]; then
    read -r ver name _ < <(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p' | head -1)
    log "starting the Debian cluster $ver/$name"
    pg_ctlcluster "$ver" "$name" start 3>&-
  else
    dir="${PGDATA_DIR:-/tmp/sangfroid-pg}"
    log "no cluster on port $PG_PORT: initdb in $dir"
    mkdir -p "$dir"; chown postgres: "$dir" 2>/dev/null || true
    [ -f "$dir/PG_VERSION" ] || as_pg "$PGBIN/initdb" -D "$dir" -A trust -U postgres >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1" -w start >/dev/null 3>&-
  fi
  for _ in $(seq 1 100); do "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.1; done
fi
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL did not start"; exit 1; }
# A role that may create the tests' own databases (each test creates sangfroid_test_<random> and drops it).
sock="$(for d in /var/run/postgresql /tmp; do [ -S "$d/.s.PGSQL.$PG_PORT" ] && echo "$d" && break; done)"
as_pg psql -q -h "${sock:-127.0.0.1}" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE') THEN CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE ALTER ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'; END IF;
END \$\$;
SQL
log "PostgreSQL on 127.0.0.1:$PG_PORT, role $PG_ROLE"

echo "export TEST_DATABASE_URL=postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres" >&3
echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT" >&3
