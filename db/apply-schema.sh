#!/usr/bin/env bash
# Applies db/schema/NNN_*.sql in numeric order, each exactly once, with psql.
#
# Usage: db/apply-schema.sh [CONNECTION]
#   CONNECTION may be an Npgsql connection string
#     "Host=127.0.0.1;Port=5433;Database=contactcenter;Username=contactcenter;Password=contactcenter"
#   or anything psql accepts as a database argument (libpq "host=... port=..." or a
#   postgresql:// URI). Without it, CC_PG_CONN is used the same way; without that, the usual
#   libpq variables PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD, whose defaults here are
#   CC_PG_HOST (127.0.0.1), CC_PG_PORT (5433), CC_PG_DB, CC_PG_USER, CC_PG_PASSWORD
#   (all "contactcenter").
#
# Versioning protocol (the C# start-up code follows the same one; see db/README.md):
#   for each script NNN_name.sql, in ascending NNN, in ONE transaction:
#     1. SELECT pg_advisory_xact_lock(7302011)   -- serialises concurrent appliers (nodes)
#     2. CREATE TABLE IF NOT EXISTS cc_schema_version (...)
#     3. if NNN is already in cc_schema_version: skip (warn if the checksum differs)
#     4. else run the script text, then INSERT (NNN, name, sha256 of the file)
#   COMMIT (releases the lock). A failing script rolls back entirely and stops the run.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCHEMA_DIR="${CC_SCHEMA_DIR:-$SCRIPT_DIR/schema}"
LOCK_KEY=7302011

log() { echo "apply-schema: $*" >&2; }
die() { echo "apply-schema: ERROR: $*" >&2; exit 1; }

command -v psql >/dev/null 2>&1 || die "psql not found"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found"

CONN_ARG="${1:-}"
# shellcheck source=db/pg-conn.sh
source "$SCRIPT_DIR/pg-conn.sh"

shopt -s nullglob
files=("$SCHEMA_DIR"/[0-9][0-9][0-9]_*.sql)
((${#files[@]} > 0)) || die "no scripts in $SCHEMA_DIR"
mapfile -t files < <(printf '%s\n' "${files[@]}" | sort)

# Lint: numbers unique; no psql meta-commands (the C# runner sends the text as is).
declare -A seen=()
for f in "${files[@]}"; do
  n="$(basename "$f")"; n="${n%%_*}"
  [[ -z "${seen[$n]:-}" ]] || die "two scripts share number $n: ${seen[$n]} and $(basename "$f")"
  seen[$n]="$(basename "$f")"
  if grep -nE '^[[:space:]]*\\' "$f" >/dev/null; then
    die "$(basename "$f") contains a psql meta-command (line $(grep -nE '^[[:space:]]*\\' "$f" | head -n1 | cut -d: -f1)); scripts must be plain SQL"
  fi
done

applied=0
for f in "${files[@]}"; do
  name="$(basename "$f")"
  ver=$((10#${name%%_*}))
  sum="$(sha256sum "$f" | cut -d' ' -f1)"
  out="$(psql -X -q -v ON_ERROR_STOP=1 "${DB_ARG[@]}" \
      -v ver="$ver" -v name="$name" -v sum="$sum" -v file="$f" -v lock="$LOCK_KEY" 2>&1 <<'EOSQL'
\set QUIET on
BEGIN;
SELECT pg_advisory_xact_lock(:lock) \g /dev/null
CREATE TABLE IF NOT EXISTS cc_schema_version (
    version    integer     PRIMARY KEY,
    name       text        NOT NULL,
    checksum   text,
    applied_at timestamptz NOT NULL DEFAULT now()
);
SELECT count(*) > 0 AS already,
       coalesce(bool_and(checksum IS NULL OR checksum = :'sum'), true) AS unchanged
  FROM cc_schema_version WHERE version = :ver
\gset
\if :already
  \if :unchanged
    \echo SKIP
  \else
    \echo SKIP-CHANGED
  \endif
\else
  \i :file
  INSERT INTO cc_schema_version (version, name, checksum) VALUES (:ver, :'name', :'sum');
  \echo APPLIED
\endif
COMMIT;
EOSQL
  )" || { echo "$out" >&2; die "$name failed; its transaction was rolled back"; }
  case "$out" in
    *SKIP-CHANGED*) log "WARNING: $name is already applied but the file changed since; add a new script instead of editing an applied one" ;;
    *SKIP*) ;;
    *APPLIED*) log "applied $name"; applied=$((applied + 1)) ;;
    *) echo "$out" >&2; die "unexpected output while applying $name" ;;
  esac
done
if ((applied == 0)); then log "schema up to date (${#files[@]} scripts)"; else log "$applied script(s) applied"; fi
