# Sourced by db/apply-schema.sh and db/test-queries.sh: turns the optional connection
# argument (Npgsql string, libpq conninfo or URI) or CC_PG_CONN / CC_PG_* / PG* variables
# into libpq environment variables plus DB_ARG (extra psql arguments).
# shellcheck shell=bash
CONN="${CONN_ARG:-${CC_PG_CONN:-}}"
DB_ARG=()
# Npgsql strings use ';' between pairs and capitalised keys; libpq conninfo uses spaces and
# lower-case keys, URIs start with postgres(ql)://.
is_npgsql=false
if [[ "$CONN" == *";"* && "$CONN" != postgres*://* ]]; then
  is_npgsql=true
elif [[ "$CONN" =~ ^[[:space:]]*(Host|Server|Port|Database|Username|Password)[[:space:]]*= ]]; then
  is_npgsql=true
fi
if [[ "$is_npgsql" == true ]]; then
  # Npgsql style: Key=Value;Key=Value
  IFS=';' read -r -a parts <<<"$CONN"
  for part in "${parts[@]}"; do
    [[ -z "${part// /}" ]] && continue
    key="$(echo "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    val="${part#*=}"
    case "$key" in
      host|server) export PGHOST="$val" ;;
      port) export PGPORT="$val" ;;
      database|db) export PGDATABASE="$val" ;;
      username|userid|user|uid) export PGUSER="$val" ;;
      password|pwd) export PGPASSWORD="$val" ;;
      *) ;; # pooling, timeouts... mean nothing to psql
    esac
  done
elif [[ -n "$CONN" ]]; then
  DB_ARG=(-d "$CONN")
fi
export PGHOST="${PGHOST:-${CC_PG_HOST:-127.0.0.1}}"
export PGPORT="${PGPORT:-${CC_PG_PORT:-5433}}"
export PGDATABASE="${PGDATABASE:-${CC_PG_DB:-contactcenter}}"
export PGUSER="${PGUSER:-${CC_PG_USER:-contactcenter}}"
export PGPASSWORD="${PGPASSWORD:-${CC_PG_PASSWORD:-contactcenter}}"

