#!/bin/sh
# PostGIS round trip of `sharitories export -f sql` against a real PostgreSQL 15 + PostGIS 3
# server (Debian's postgresql-15 and postgresql-15-postgis-3).
#
#   tests/postgis/run.sh TOOL            (meson test -C build --suite postgis)
#
# Creates a cluster with initdb in a temporary directory (as `nobody` when run as root: the
# server refuses to run as root), starts it on a Unix socket in that directory only (no TCP),
# loads the default catalog's export and the quoting fixture (tests/postgis/quotes.yaml), runs
# check_postgis.py (counts against the tool, a spatial and a hierarchy query, texts byte for
# byte), and stops the server and removes the directory on any exit (trap). Prints how long
# initdb, the server start and the load take. Needs SHARITORIES_DATA_DIR and PYTHONPATH (the
# built binding) as meson sets them.
set -eu

TOOL=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
for exe in initdb pg_ctl; do
    if [ ! -x "$PGBIN/$exe" ]; then
        echo "run.sh: $PGBIN/$exe not found: install postgresql-15 and postgresql-15-postgis-3" \
             "(tools/debian-packages.txt)" >&2
        exit 1
    fi
done
if [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
    echo "run.sh: PostGIS for PostgreSQL 15 not found: install postgresql-15-postgis-3" >&2
    exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/shr-postgis.XXXXXX")
chmod 755 "$TMP"
if [ "$(id -u)" = 0 ]; then
    chown nobody "$TMP"
    as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
else
    as_user() { "$@"; }
fi
PGDATA="$TMP/data"
started=0
cleanup() {
    if [ "$started" = 1 ]; then
        as_user "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

t0=$(now)
as_user "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale \
    >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; exit 1; }
t1=$(now)
started=1
as_user "$PGBIN/pg_ctl" -D "$PGDATA" -l "$TMP/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $TMP -c fsync=off" start >/dev/null ||
    { cat "$TMP/server.log" >&2; exit 1; }
t2=$(now)
echo "initdb: $(elapsed "$t0" "$t1") s, server start: $(elapsed "$t1" "$t2") s"

# The exports, then the load and the checks, as the calling user: psql reads the files and
# talks to the server through its socket (trust authentication as role postgres); only the
# server runs as `nobody` (which then needs to read nothing from the source or build tree).
"$TOOL" export -f sql "" -o "$TMP/default.sql"
"$TOOL" export -f sql --schema 'Quoted "schéma" \ x' "" "$HERE/quotes.yaml" -o "$TMP/quotes.sql"

PSQL="$PGBIN/psql"
[ -x "$PSQL" ] || PSQL=psql
export PGHOST="$TMP" PGUSER=postgres PGDATABASE=postgres
t3=$(now)
"$PSQL" -X -q -v ON_ERROR_STOP=1 -f "$TMP/default.sql" >/dev/null
t4=$(now)
echo "load of the default catalog's export ($(wc -c <"$TMP/default.sql") bytes): $(elapsed "$t3" "$t4") s"
"$PSQL" -X -q -v ON_ERROR_STOP=1 -f "$TMP/quotes.sql" >/dev/null 2>"$TMP/quotes.err" ||
    { cat "$TMP/quotes.err" >&2; exit 1; }

PATH="$PGBIN:$PATH" /usr/bin/python3 "$HERE/check_postgis.py" "$TOOL" "$HERE/quotes.yaml" "$TMP"
