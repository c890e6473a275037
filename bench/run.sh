#!/usr/bin/env bash
# Benchmarks against the anchors of ../shared/bench, in one run on this machine.
# usage: bench/run.sh [PRACTICES [PARTS]]   (default 100000; seed 7 as the issues say)
# PARTS: any of load, snapshot, query, list (default: all four), e.g. bench/run.sh 100000 list.
# Builds a release build in build-bench/ (with the Python binding), generates the workload in
# $WORK (default /tmp/sharitories-bench), then prints load time vs the libyaml floor, peak
# memory vs the YAML size, the opening of the same catalog's snapshot vs that floor, the query
# suite vs SQLite (counts) and the listing of each query (ids and full records, from Python and
# C) vs SQLite. Python is Debian's /usr/bin/python3 (stdlib + sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
PARTS=${2:-load snapshot query list}
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

[ -d "$BUILD" ] || meson setup "$BUILD" --buildtype=release -Dtests=false -Dpython=enabled >/dev/null
meson compile -C "$BUILD" >/dev/null

mkdir -p "$WORK"
PRACTICES="$WORK/practices-$N-$TAG.yaml"
TABLES="$WORK/tables-$N-$TAG"
if [ ! -s "$PRACTICES" ]; then
    echo "generating $N practices (seed 7)..."
    $PY bench/gen_catalog.py --territories "$TERR" --practices "$N" --seed 7 \
        --out "$PRACTICES" --tables "$TABLES"
fi

case " $PARTS " in *" load "*)
echo "== load: $TERR + $N practices"
$PY bench/compare.py load --floor "$BUILD/bench/yaml_scan" --load "$BUILD/bench/bench_load" \
    "$TERR" "$PRACTICES";;
esac
case " $PARTS " in *" snapshot "*)
echo "== snapshot: open $TERR + $N practices as a snapshot (docs/snapshot.md)"
SNAPSHOT="$WORK/catalog-$N-$TAG.shrs"
"$BUILD/tools/cli/sharitories" snapshot -o "$SNAPSHOT" "$TERR" "$PRACTICES"
$PY bench/compare.py snapshot --floor "$BUILD/bench/yaml_scan" --load "$BUILD/bench/bench_load" \
    --snapshot "$SNAPSHOT" "$TERR" "$PRACTICES";;
esac
case " $PARTS " in *" query "*)
echo "== queries: anchors.py SUITE, $N practices"
$PY bench/compare.py query --bench-query "$BUILD/bench/bench_query" --territories "$TERR" \
    --tables "$TABLES" "$TERR" "$PRACTICES";;
esac
case " $PARTS " in *" list "*)
echo "== listing: anchors.py SUITE, $N practices (ids and full records; Python and C)"
PYTHONPATH="$BUILD/bindings/python" $PY bench/compare.py list \
    --bench-list "$BUILD/bench/bench_list" --territories "$TERR" --tables "$TABLES" \
    "$TERR" "$PRACTICES";;
esac
