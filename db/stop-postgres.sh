#!/usr/bin/env bash
# Stops the cluster started by db/start-postgres.sh (fast shutdown: open sessions are
# disconnected, committed data is kept). The data directory is left in place.
#
# Usage: db/stop-postgres.sh [DATA_DIR]
#   CC_PG_DATA  data directory (default <repo>/.pgdata), CC_PG_BIN as in start-postgres.sh
#   CC_PG_STOP_TIMEOUT  seconds to wait for shutdown (default 60)
# Exit 0 also when the cluster is not running or does not exist.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
PGDATA_DIR="${1:-${CC_PG_DATA:-$REPO_DIR/.pgdata}}"
TIMEOUT="${CC_PG_STOP_TIMEOUT:-60}"

log() { echo "stop-postgres: $*" >&2; }

if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
  log "no cluster in $PGDATA_DIR; nothing to stop"
  exit 0
fi

PG_CTL=""
for c in "${CC_PG_BIN:+$CC_PG_BIN/pg_ctl}" "/usr/lib/postgresql/$(cat "$PGDATA_DIR/PG_VERSION")/bin/pg_ctl" \
         "$(command -v pg_ctl 2>/dev/null || true)"; do
  if [[ -n "$c" && -x "$c" ]]; then PG_CTL="$c"; break; fi
done
[[ -n "$PG_CTL" ]] || { echo "stop-postgres: ERROR: pg_ctl not found (set CC_PG_BIN)" >&2; exit 1; }

# pg_ctl must run as the owner of the data directory.
owner="$(stat -c %U "$PGDATA_DIR")"
run() {
  if [[ "$(id -un)" == "$owner" ]]; then "$@"
  elif [[ "$(id -u)" == 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then (cd / && runuser -u "$owner" -- "$@")
    else (cd / && su -s /bin/sh "$owner" -c "$(printf '%q ' "$@")"); fi
  else
    echo "stop-postgres: ERROR: $PGDATA_DIR belongs to $owner; run as $owner or root" >&2; exit 1
  fi
}

if ! run "$PG_CTL" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  log "cluster in $PGDATA_DIR is not running"
  exit 0
fi
run "$PG_CTL" -D "$PGDATA_DIR" stop -m fast -w -t "$TIMEOUT" >&2
log "stopped"
