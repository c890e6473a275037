#!/usr/bin/env bash
# Benchmarks against the anchors of ../shared/bench, in one run on this machine.
# usage: bench/run.sh [PRACTICES]   (default 100000; seed 7 as the issues say)
# Builds a release build in build-bench/, generates the workload in $WORK (default
# /tmp/sharitories-bench), then prints load time vs the libyaml floor, peak memory vs the YAML
# size, the opening of the same catalog's snapshot vs that floor, and the query suite vs
# SQLite. Python is Debian's /usr/bin/python3 (stdlib + sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
BUILD=${BUILD:-build-bench}
WORK=${WORK:-/tmp/sharitories-bench}
PY=/usr/bin/python3
# The issues measure with the shared reference territories (upper-case Corsican ids); the
# bundled copy in data/ is used when ../shared is not there.
SHARED_TERR=../shared/data/fr-territories-2026.yaml
if [ -z "${TERR:-}" ]; then
    if [ -s "$SHARED_TERR" ]; then TERR=$SHARED_TERR; else TERR=data/fr-territories-2026.yaml; fi
fi
if [ "$(realpath "$TERR")" = "$(realpath -m "$SHARED_TERR")" ]; then TAG=shared; else TAG=other; fi

[ -d "$BUILD" ] || meson setup "$BUILD" --buildtype=release -Dtests=false -Dpython=disabled >/dev/null
meson compile -C "$BUILD" bench/bench_load bench/bench_query bench/yaml_scan \
    tools/cli/sharitories >/dev/null

mkdir -p "$WORK"
PRACTICES="$WORK/practices-$N-$TAG.yaml"
TABLES="$WORK/tables-$N-$TAG"
if [ ! -s "$PRACTICES" ]; then
    echo "generating $N practices (seed 7)..."
    $PY bench/gen_catalog.py --territories "$TERR" --practices "$N" --seed 7 \
        --out "$PRACTICES" --tables "$TABLES"
fi

echo "== load: $TERR + $N practices"
$PY bench/compare.py load --floor "$BUILD/bench/yaml_scan" --load "$BUILD/bench/bench_load" \
    "$TERR" "$PRACTICES"
echo "== snapshot: open $TERR + $N practices as a snapshot (docs/snapshot.md)"
SNAPSHOT="$WORK/catalog-$N-$TAG.shrs"
"$BUILD/tools/cli/sharitories" snapshot -o "$SNAPSHOT" "$TERR" "$PRACTICES"
$PY bench/compare.py snapshot --floor "$BUILD/bench/yaml_scan" --load "$BUILD/bench/bench_load" \
    --snapshot "$SNAPSHOT" "$TERR" "$PRACTICES"
echo "== queries: anchors.py SUITE, $N practices"
$PY bench/compare.py query --bench-query "$BUILD/bench/bench_query" --territories "$TERR" \
    --tables "$TABLES" "$TERR" "$PRACTICES"
