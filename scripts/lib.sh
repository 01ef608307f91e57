# Shared helpers for Tilsyn's scripts. Source it; do not run it.

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers 200, for at most SECONDS (default 120).
wait_for_http() {
  local url=$1 limit=${2:-120} waited=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if [ "$waited" -ge "$limit" ]; then
      echo "error: $url did not answer within ${limit}s" >&2
      return 1
    fi
  done
}

# Starts a throwaway PostgreSQL cluster on loopback and exports TILSYN_PG_URL; stop it with stop_postgres.
start_postgres() {
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_PORT=$(free_port)
  PGDATA_DIR=$(mktemp -d /tmp/tilsyn-pg.XXXXXX)
  chown postgres:postgres "$PGDATA_DIR"
  su postgres -c "$pgbin/initdb -D $PGDATA_DIR -U postgres --auth=trust -E UTF8" >/dev/null
  su postgres -c "$pgbin/pg_ctl -D $PGDATA_DIR -l $PGDATA_DIR/server.log -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp' -w start" >/dev/null
  su postgres -c "$pgbin/psql -h 127.0.0.1 -p $PG_PORT -U postgres -c 'CREATE DATABASE tilsyn_test'" >/dev/null
  PG_BIN=$pgbin
  export TILSYN_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/tilsyn_test"
}

stop_postgres() {
  if [ -n "${PGDATA_DIR:-}" ] && [ -d "$PGDATA_DIR" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $PGDATA_DIR -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$PGDATA_DIR"
  fi
}
