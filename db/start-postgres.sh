#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster for development, tests and CI, creates the
# application role and database, applies db/schema/*.sql (db/apply-schema.sh) and prints
# the Npgsql connection string as the LAST line of stdout.
#
# Usage: db/start-postgres.sh [DATA_DIR] [PORT]
#
# Environment (arguments win over environment):
#   CC_PG_DATA           data directory             default: <repo>/.pgdata  (git-ignored)
#   CC_PG_PORT           TCP port on 127.0.0.1      default: 5433
#   CC_PG_DB             database name              default: contactcenter
#   CC_PG_USER           application role           default: contactcenter
#   CC_PG_PASSWORD       application role password  default: contactcenter
#   CC_PG_BIN            PostgreSQL bin directory   default: /usr/lib/postgresql/15/bin, else
#                        the newest /usr/lib/postgresql/*/bin, else pg_config --bindir
#   CC_PG_OS_USER        OS account that owns and runs the server when this script runs as
#                        root (postgres refuses to run as root)  default: postgres (created if
#                        missing)
#   CC_PG_START_TIMEOUT  seconds to wait for the server to accept connections  default: 60
#   CC_PG_SKIP_SCHEMA=1  do not run db/apply-schema.sh
#   CC_PG_NO_INSTALL=1   never apt-get install PostgreSQL when no binaries are found
#
# Behaviour:
#   * Idempotent: if the cluster is already running it only ensures role, database and
#     schema. If some other server already listens on the port, it is used as long as the
#     application credentials work (e.g. a CI service container).
#   * The server listens on 127.0.0.1 only; its unix socket lives in the data directory
#     (or /tmp when that path is too long for a socket) with mode 0700.
#   * Authentication: local socket = trust (only the owning OS user can reach the 0700
#     socket), TCP 127.0.0.1 = scram-sha-256 password.
#   * Superuser of the cluster is "postgres" (socket only); the application role owns the
#     database and therefore the schema objects.
#   * Log file: <data dir>/server.log. Stop with db/stop-postgres.sh.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"

PGDATA_DIR="${1:-${CC_PG_DATA:-$REPO_DIR/.pgdata}}"
PORT="${2:-${CC_PG_PORT:-5433}}"
DB_NAME="${CC_PG_DB:-contactcenter}"
APP_USER="${CC_PG_USER:-contactcenter}"
APP_PASSWORD="${CC_PG_PASSWORD:-contactcenter}"
START_TIMEOUT="${CC_PG_START_TIMEOUT:-60}"
HOST=127.0.0.1
SUPERUSER=postgres

log() { echo "start-postgres: $*" >&2; }
die() { echo "start-postgres: ERROR: $*" >&2; exit 1; }

case "$PORT" in ''|*[!0-9]*) die "port must be a number, got '$PORT'";; esac
# Identifiers are interpolated into SQL below; keep them to a safe alphabet.
for ident in "$DB_NAME" "$APP_USER"; do
  [[ "$ident" =~ ^[a-z_][a-z0-9_]*$ ]] || die "'$ident' must match [a-z_][a-z0-9_]* (db and role names)"
done
[[ "$APP_PASSWORD" != *"'"* ]] || die "CC_PG_PASSWORD must not contain a single quote"

# --- locate (or, as root on Debian, install) the server binaries -------------------------
find_pg_bin() {
  if [[ -n "${CC_PG_BIN:-}" ]]; then echo "$CC_PG_BIN"; return; fi
  if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then echo /usr/lib/postgresql/15/bin; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  if [[ -n "$d" && -x "$d/postgres" ]]; then echo "$d"; return; fi
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir)"
    if [[ -x "$d/postgres" ]]; then echo "$d"; return; fi
  fi
  d="$(dirname "$(command -v postgres 2>/dev/null || echo /nonexistent/postgres)")"
  [[ -x "$d/postgres" ]] && echo "$d"
}

PG_BIN="$(find_pg_bin || true)"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/postgres" ]]; then
  # A fresh machine may only have the client (or nothing). Install the server from the
  # distribution when we can; everything else must be done by hand.
  if [[ "$(id -u)" == 0 && -z "${CC_PG_NO_INSTALL:-}" ]] && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL server binaries not found; installing with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    if apt-cache show postgresql-15 >/dev/null 2>&1; then pkg=postgresql-15; else pkg=postgresql; fi
    apt-get install -y -qq "$pkg" >&2
    PG_BIN="$(find_pg_bin || true)"
  fi
  [[ -n "$PG_BIN" && -x "$PG_BIN/postgres" ]] \
    || die "PostgreSQL server binaries not found (set CC_PG_BIN or install postgresql-15)"
fi
for tool in initdb pg_ctl pg_isready psql; do
  [[ -x "$PG_BIN/$tool" ]] || command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found"
done
pgtool() { if [[ -x "$PG_BIN/$1" ]]; then echo "$PG_BIN/$1"; else command -v "$1"; fi; }
PSQL="$(pgtool psql)"
PG_ISREADY="$(pgtool pg_isready)"

# --- who runs the server -----------------------------------------------------------------
if [[ "$(id -u)" == 0 ]]; then
  RUN_USER="${CC_PG_OS_USER:-postgres}"
  if ! id -u "$RUN_USER" >/dev/null 2>&1; then
    log "creating system user '$RUN_USER' to run the server"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER" 2>/dev/null \
      || useradd -r -M -s /bin/false "$RUN_USER" \
      || adduser --system --no-create-home "$RUN_USER" >&2
  fi
  # cd / first: the caller's working directory may not be readable by that user.
  as_server_user() {
    if command -v runuser >/dev/null 2>&1; then (cd / && runuser -u "$RUN_USER" -- "$@")
    else (cd / && su -s /bin/sh "$RUN_USER" -c "$(printf '%q ' "$@")"); fi
  }
else
  RUN_USER="$(id -un)"
  as_server_user() { "$@"; }
fi

# Absolute data path (the server changes directory; relative paths would break).
mkdir -p "$(dirname "$PGDATA_DIR")"
PGDATA_DIR="$(cd "$(dirname "$PGDATA_DIR")" && pwd)/$(basename "$PGDATA_DIR")"

# Socket path must fit in sun_path (107 bytes incl. ".s.PGSQL.<port>").
if (( ${#PGDATA_DIR} + 20 < 100 )); then SOCKET_DIR="$PGDATA_DIR"; else SOCKET_DIR=/tmp; fi

app_conn_ok() {
  PGPASSWORD="$APP_PASSWORD" PGCONNECT_TIMEOUT=5 "$PSQL" -X -q -w -h "$HOST" -p "$PORT" \
    -U "$APP_USER" -d "$DB_NAME" -tAc 'SELECT 1' >/dev/null 2>&1
}

server_running_here() {
  [[ -f "$PGDATA_DIR/postmaster.pid" ]] && as_server_user "$(pgtool pg_ctl)" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

apply_schema_and_print() {
  if [[ -z "${CC_PG_SKIP_SCHEMA:-}" ]]; then
    PGHOST="$HOST" PGPORT="$PORT" PGDATABASE="$DB_NAME" PGUSER="$APP_USER" PGPASSWORD="$APP_PASSWORD" \
      "$SCRIPT_DIR/apply-schema.sh" >&2
  fi
  echo "Host=$HOST;Port=$PORT;Database=$DB_NAME;Username=$APP_USER;Password=$APP_PASSWORD"
}

# --- foreign server already on the port? -------------------------------------------------
if ! server_running_here && "$PG_ISREADY" -q -h "$HOST" -p "$PORT" -t 2 >/dev/null 2>&1; then
  if app_conn_ok; then
    log "a server not started from $PGDATA_DIR already listens on $HOST:$PORT and accepts the application credentials; using it"
    apply_schema_and_print
    exit 0
  fi
  die "port $PORT on $HOST is taken by another server that rejects $APP_USER@$DB_NAME; choose another CC_PG_PORT"
fi

# --- initialise the cluster on first use -------------------------------------------------
if [[ ! -s "$PGDATA_DIR/PG_VERSION" ]]; then
  if [[ -d "$PGDATA_DIR" ]] && [[ -n "$(ls -A "$PGDATA_DIR" 2>/dev/null)" ]]; then
    die "$PGDATA_DIR exists, is not empty and is not a PostgreSQL data directory"
  fi
  log "initialising cluster in $PGDATA_DIR (server runs as '$RUN_USER')"
  mkdir -p "$PGDATA_DIR"
  if [[ "$(id -u)" == 0 ]]; then chown "$RUN_USER" "$PGDATA_DIR"; fi
  chmod 700 "$PGDATA_DIR"
  as_server_user test -w "$PGDATA_DIR" \
    || die "user '$RUN_USER' cannot write $PGDATA_DIR (a parent directory is probably not traversable); set CC_PG_DATA elsewhere"
  as_server_user "$(pgtool initdb)" -D "$PGDATA_DIR" -U "$SUPERUSER" -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$PGDATA_DIR.initdb.log" 2>&1 \
    || { cat "$PGDATA_DIR.initdb.log" >&2; die "initdb failed"; }
  rm -f "$PGDATA_DIR.initdb.log"
  # Only the loopback TCP address may authenticate (with a password); the socket is trusted
  # because its directory/permissions limit it to the server's OS user.
  cat >"$PGDATA_DIR/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   scram-sha-256
EOF
  cat >>"$PGDATA_DIR/postgresql.conf" <<'EOF'

# --- ContactCenter development settings (db/start-postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_permissions = 0700
password_encryption = 'scram-sha-256'
timezone = 'UTC'
log_timezone = 'UTC'
max_connections = 200
fsync = on
EOF
  if [[ "$(id -u)" == 0 ]]; then chown "$RUN_USER" "$PGDATA_DIR/pg_hba.conf" "$PGDATA_DIR/postgresql.conf"; fi
fi

# --- start --------------------------------------------------------------------------------
if server_running_here; then
  running_port="$(sed -n '4p' "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)"
  if [[ -n "$running_port" && "$running_port" != "$PORT" ]]; then
    die "the cluster in $PGDATA_DIR already runs on port $running_port, not $PORT; stop it first (db/stop-postgres.sh)"
  fi
  log "cluster in $PGDATA_DIR already running"
else
  log "starting PostgreSQL ($PG_BIN) on $HOST:$PORT"
  # Port and socket are given on the command line so a changed CC_PG_PORT takes effect.
  # -W: do not let pg_ctl wait; readiness is polled below with pg_isready and a deadline.
  as_server_user "$(pgtool pg_ctl)" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -W \
    -o "-p $PORT -k $SOCKET_DIR -c listen_addresses=$HOST" start >&2
fi

started_at=$(date +%s)
deadline=$(( started_at + START_TIMEOUT ))
until "$PG_ISREADY" -q -h "$HOST" -p "$PORT" -t 1 >/dev/null 2>&1; do
  now=$(date +%s)
  if (( now >= deadline )); then
    tail -n 30 "$PGDATA_DIR/server.log" >&2 2>/dev/null || true
    die "server did not accept connections on $HOST:$PORT within ${START_TIMEOUT}s"
  fi
  # The postmaster writes its pid file at once; if it is gone after a few seconds the server
  # died during start-up (bad configuration, port taken, ...): fail fast with the log.
  if (( now - started_at >= 3 )) && ! server_running_here; then
    tail -n 30 "$PGDATA_DIR/server.log" >&2 2>/dev/null || true
    die "server exited during start-up (see $PGDATA_DIR/server.log)"
  fi
  sleep 0.2
done

# The socket directory actually in use (an earlier start may have chosen another one).
if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
  sock_in_use="$(sed -n '5p' "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)"
  [[ -n "$sock_in_use" ]] && SOCKET_DIR="$sock_in_use"
fi

# --- role and database --------------------------------------------------------------------
su_psql() {
  as_server_user "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U "$SUPERUSER" -d postgres "$@"
}
su_psql -c "DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP_USER') THEN
    CREATE ROLE $APP_USER LOGIN PASSWORD '$APP_PASSWORD';
  ELSE
    ALTER ROLE $APP_USER LOGIN PASSWORD '$APP_PASSWORD';
  END IF;
END
\$\$;" >&2
if [[ "$(su_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]]; then
  log "creating database $DB_NAME owned by $APP_USER"
  su_psql -c "CREATE DATABASE $DB_NAME OWNER $APP_USER ENCODING 'UTF8' TEMPLATE template0" >&2
fi

app_conn_ok || die "cannot connect as $APP_USER to $DB_NAME on $HOST:$PORT"
apply_schema_and_print
