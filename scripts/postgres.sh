#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server started here.
#
#   scripts/postgres.sh COMMAND [ARGS...]
#
# Installs PostgreSQL with apt when it is missing (as root), initialises a
# cluster in a temporary directory as the postgres user, listens on 127.0.0.1
# only, on a free non-default port, runs COMMAND with DATABASE_URL pointing at
# it, then stops the server and removes the directory, whatever COMMAND did.
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PGBIN=$(find_bin || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "postgres.sh: installing PostgreSQL with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(find_bin)
  else
    echo "postgres.sh: PostgreSQL is not installed and cannot be installed here (need root and apt-get)" >&2
    exit 3
  fi
fi

RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  RUN_AS=(runuser -u postgres --)
fi

DATADIR=$(mktemp -d /tmp/hyte-pg.XXXXXX)
chmod 700 "$DATADIR"
[ "$(id -u)" = 0 ] && chown postgres "$DATADIR"
PORT=$(python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
)

cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATADIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DATADIR"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DATADIR/data" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATADIR/data" -l "$DATADIR/server.log" -w start -o \
  "-p $PORT -c listen_addresses=127.0.0.1 -k $DATADIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
echo "postgres.sh: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/hyte"
set +e
"$@"
status=$?
set -e
exit $status
