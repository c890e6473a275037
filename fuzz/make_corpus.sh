#!/usr/bin/env bash
# Seed corpora for the fuzz targets, generated from the repository's own data:
#   OUT/load    catalog files: tests/data (fixtures and the 402 YAML test suite inputs),
#               data/sharitories-seeds.yaml, valid slices of the bundled data (the first 200
#               lines of the French territories, a slice of communes, CGET tiers-lieux with
#               their territory mapped to one the fuzzer preloads)
#   OUT/query   query expressions (spec/query.md examples, every field, odd inputs)
#   OUT/import  CSV files (when the CSV importer exists): data/*.csv heads, small hand-made ones
#   OUT/snapshot  snapshots of the small catalogs of tests/data, when SHR_CLI names the
#               sharitories tool to write them (tools/fuzz-smoke.sh sets it)
# Usage: fuzz/make_corpus.sh OUT        (OUT is created; existing files are kept)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: make_corpus.sh OUT}
mkdir -p "$out/load" "$out/query" "$out/import" "$out/snapshot"
max=16384   # seeds larger than this are cut or skipped (libFuzzer -max_len)

# ---------------------------------------------------------------- load
n=0
add_load() { # file name
    local size
    size=$(wc -c <"$1")
    if [ "$size" -le "$max" ]; then cp "$1" "$out/load/$2"; n=$((n + 1)); fi
}
for f in "$root"/tests/data/reliability/*.yaml; do add_load "$f" "fixture-$(basename "$f")"; done
for f in "$root"/tests/data/yaml-test-suite/*.yaml; do add_load "$f" "suite-$(basename "$f")"; done
if [ -d "$root/tests/data" ]; then
    while IFS= read -r f; do
        rel=${f#"$root"/tests/data/}
        add_load "$f" "tests-$(echo "$rel" | tr '/' '_')"
    done < <(find "$root/tests/data" -name '*.yaml' -not -path '*/yaml-test-suite/*' \
                 -not -path '*/reliability/*' | sort)
fi
add_load "$root/data/sharitories-seeds.yaml" "data-sharitories-seeds.yaml"

# A slice of a territories file made valid: the header, then the records that start inside
# the line ranges FROM:LINES[,FROM:LINES...], references to ids outside the slice dropped.
territory_slice() { # file ranges
    awk -v ranges="$2" '
        function in_ranges(line,   i, k, parts, r) {
            k = split(ranges, parts, ",")
            for (i = 1; i <= k; i++) {
                split(parts[i], r, ":")
                if (line >= r[1] + 0 && line < r[1] + r[2]) return 1
            }
            return 0
        }
        NR == FNR {
            if ($0 ~ /^  - id: /) {
                inrange = in_ranges(FNR)
                if (inrange) { id = $0; sub(/^  - id: /, "", id); keep[id] = 1 }
            }
            next
        }
        /^territories:/ { print; header_done = 1; next }
        !header_done { print; next }
        /^  - id: / { inrange = in_ranges(FNR) }
        !inrange { next }
        /^    parent: / { p = $0; sub(/^    parent: /, "", p); if (!(p in keep)) next }
        /^    groups: / {
            g = $0; sub(/^    groups: \[/, "", g); sub(/\]$/, "", g)
            k = split(g, items, /, */); kept = ""
            for (i = 1; i <= k; i++) if (items[i] in keep) kept = kept (kept == "" ? "" : ", ") items[i]
            if (kept == "") next
            print "    groups: [" kept "]"; next
        }
        { print }
    ' "$1" "$1"
}
line_of() { grep -n "^  - id: $2\$" "$1" | cut -d: -f1 | head -1; }
terr="$root/data/fr-territories-2026.yaml"
if [ -f "$terr" ]; then
    territory_slice "$terr" "1:200" >"$out/load/data-territories-head.yaml"
    # Nevers and its neighbours with their EPCI, department, region and country.
    up="$(line_of "$terr" fr):6,$(line_of "$terr" fr-reg-27):6,$(line_of "$terr" fr-dep-58):6"
    up="$up,$(line_of "$terr" fr-epci-245804406):6"
    c58=$(line_of "$terr" fr-com-58194)
    territory_slice "$terr" "$up,$((c58 - 120)):240" >"$out/load/data-territories-nevers.yaml"
    c2a=$(line_of "$terr" fr-com-2a004)
    if [ -n "$c2a" ]; then
        territory_slice "$terr" "$(line_of "$terr" fr-dep-2a):6,$c2a:120" >"$out/load/data-territories-corse.yaml"
    fi
    n=$((n + 3))
fi
tl="$root/data/tiers-lieux-cget-2019.yaml"
if [ -f "$tl" ]; then
    # The first 150 lines, cut at a record boundary, territories mapped to Nevers (preloaded).
    awk 'NR > 150 && /^  - id: / { exit } { print }' "$tl" |
        sed -E 's/territories: \[[^]]*\]/territories: [fr-com-58194]/' >"$out/load/data-tiers-lieux-head.yaml"
    n=$((n + 1))
fi
# Small hand-made documents for corners of the format.
printf 'sharitories: 1\n' >"$out/load/min-empty.yaml"
printf 'sharitories: 1\ncategories:\n  - {id: c1, label: {fr: a, en: b}, family: finance, axes: [solidarity]}\npractices:\n  - {id: p, name: P, category: c1, territories: [fr], status: ended, started: 2001, ended: 2002, figures: {a: 1.5, b: -2}, location: [1, 2]}\n' >"$out/load/min-category.yaml"
printf 'sharitories: 1\nterritories:\n  - {id: a, name: A, kind: other, parent: b}\n  - {id: b, name: B, kind: other, groups: [a]}\n' >"$out/load/min-cycle.yaml"
printf 'sharitories: 1\nactors:\n  - {id: x, name: X, kind: network, territory: fr-dep-58, links: ["https://x"]}\npractices:\n  - {id: p, name: P, category: amap, territories: [fr-com-58194, fr-dep-71], actors: [{actor: x, role: operator}]}\n' >"$out/load/min-actor.yaml"
# Two files (fuzz_load splits its input at a line "#@@next").
printf 'sharitories: 1\ncategories:\n  - {id: c1, label: {fr: a, en: b}, family: finance, axes: [solidarity]}\nactors:\n  - {id: a1, name: A, kind: network}\n#@@next\nsharitories: 1\npractices:\n  - {id: p, name: P, category: c1, territories: [fr], actors: [{actor: a1, role: user}]}\n' >"$out/load/two-files.yaml"
printf 'sharitories: 1\npractices:\n  - {id: p, name: P, category: fablab, territories: [fr]}\n#@@next\nsharitories: 1\npractices:\n  - {id: p, name: Q, category: fablab, territories: [fr]}\n' >"$out/load/two-files-duplicate.yaml"
n=$((n + 6))

# ---------------------------------------------------------------- query
q=0
while IFS= read -r line; do
    [ -z "$line" ] && continue
    q=$((q + 1))
    printf '%s' "$line" >"$out/query/q$(printf %03d $q)"
done <<'QUERIES'
axis:shared_resources in:fr-reg-53 -status:ended "repair café"
category:fablab,third_place (in:fr-dep-58 OR in:fr-dep-71) started>=2015
axis:solidarity
category:fablab,repair_cafe,seed_library
family:production OR family:finance
in:fr-dep-58
at:fr-com-71076
actor:ouishare
actorkind:cooperative,association
actorsector:public OR actorsector:citizen
role:funder,partner
status:planned,active
tag:rural
tag:numérique
id:nevers-fablab
started>=2015
ended<2020
population>30000
territories>=2
started=2016
"atelier de fabrication"
œuvre
oeuvre
Économie
tiers-lieux
d'échange
-(-axis:solidarity)
((in:fr OR at:fr-com-58194) -started<=2012) OR tag:atelier
near:fr-com-58194@20
near:fr-com-71076@150,fr-com-58194@0.5 -category:fablab
near:fr-dep-58@5
colour:red
category:
started>=abc
(axis:solidarity
axis:solidarity)
"unterminated
- -
OR
QUERIES
printf '' >"$out/query/q-empty"
q=$((q + 1))

# ---------------------------------------------------------------- import (CSV)
c=0
for f in "$root"/data/*.csv "$root"/tests/data/*.csv "$root"/tests/data/*/*.csv; do
    [ -f "$f" ] || continue
    head -c "$max" "$f" | awk 'NR <= 40' >"$out/import/$(basename "$(dirname "$f")")-$(basename "$f")"
    c=$((c + 1))
done
for f in "$root"/examples/import/*.yaml; do
    [ -f "$f" ] || continue
    { printf 'M'; cat "$f"; } >"$out/import/M-$(basename "$f")"
    c=$((c + 1))
done
printf 'id,name,category,territory\np1,Fablab,fablab,fr-com-58194\np2,"Repair, café",repair_cafe,fr-dep-58\n' >"$out/import/min.csv"
printf 'id;name;category;territory\r\np1;"Quote ""here""";fablab;fr\r\n' >"$out/import/min-semicolon-crlf.csv"
c=$((c + 2))

echo "make_corpus: $n load seeds, $q query seeds, $c import seeds in $out"

# ---------------------------------------------------------------- snapshot
if [ -n "${SHR_CLI:-}" ] && [ -x "$SHR_CLI" ]; then
    ns=0
    for f in "$root"/tests/data/full.yaml "$root"/tests/data/query-small.yaml \
             "$root"/tests/data/order_a.yaml "$root"/tests/data/roadmap/actions.yaml; do
        [ -f "$f" ] || continue
        if "$SHR_CLI" snapshot -o "$out/snapshot/$(basename "$f" .yaml).shrs" "$f" >/dev/null 2>&1; then
            ns=$((ns + 1))
        fi
    done
    echo "make_corpus: $ns snapshot seeds" >&2
fi
