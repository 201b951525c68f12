#!/usr/bin/env bash
# Runs db/test/queries-test.sql against a database that has the schema applied: every
# OrleansQuery text is executed with the parameters the Orleans providers pass and its
# results are asserted. Everything happens in one transaction that is rolled back.
#
# Usage: db/test-queries.sh [CONNECTION]   (same connection rules as db/apply-schema.sh)
# Prints "N passed, 0 failed" on success; exits non-zero on the first failed assertion.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONN_ARG="${1:-}"
# shellcheck source=db/pg-conn.sh
source "$SCRIPT_DIR/pg-conn.sh"

out="$( { echo 'BEGIN;'; cat "$SCRIPT_DIR/test/queries-test.sql"; echo 'ROLLBACK;'; } \
  | psql -X -q -v ON_ERROR_STOP=1 "${DB_ARG[@]}" 2>&1 )" || { echo "$out" >&2; echo "db query tests: 0 passed, 1 failed"; exit 1; }
echo "$out" | sed -n 's/^.*NOTICE:  //p'
passed="$(echo "$out" | grep -c 'NOTICE:  .*: ok' || true)"
[[ "$passed" == 3 ]] || { echo "$out" >&2; echo "db query tests: $passed passed, $((3 - passed)) failed"; exit 1; }
echo "db query tests: 3 passed, 0 failed"
