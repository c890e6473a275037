#!/usr/bin/env bash
# The command-line tool under valgrind on the bundled default catalog: memory errors and leaks
# (definite and indirect) fail the run. Each run loads the whole catalog (about 35,000
# territories), so each takes about 10 s under valgrind (about a minute in all).
#   tools/valgrind.sh [BUILD_DIR]        (default: build; configured without sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
exe="$build/tools/cli/sharitories"
if [ ! -x "$exe" ]; then
    echo "valgrind.sh: $exe is not built (meson compile -C $build)" >&2
    exit 2
fi
if ! command -v valgrind >/dev/null; then
    echo "valgrind.sh: valgrind is not installed (tools/install-deps.sh installs it)" >&2
    exit 2
fi
export SHARITORIES_DATA_DIR=$PWD/data
# Exit code 99 marks a valgrind error, so that the tool's own exit codes (1: invalid data or
# query) stay visible.
vg=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shr-valgrind-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

run() { # expected-exit-code description command...
    local want=$1 what=$2; shift 2
    local t0=$SECONDS rc=0
    "${vg[@]}" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ "$rc" -eq "$want" ]; then
        echo "valgrind: ok     $what ($((SECONDS - t0)) s)"
    else
        echo "valgrind: FAILED $what: exit $rc (expected $want; 99 is a valgrind error)" >&2
        tail -80 "$tmp/err" >&2
        exit 1
    fi
}

run 0 "validate (bundled catalog)" "$exe" validate --quiet
run 0 "query with sort and limit" "$exe" query --sort name --limit 20 \
    'axis:shared_resources in:fr-reg-53 -status:ended OR category:fablab,third_place started>=2015'
run 0 "query --count, words and phrases" "$exe" query --count '"tiers lieu" OR coworking OR économie'
run 0 "query -f json, actors" "$exe" query -f json 'actorsector:public OR role:carrier'
run 1 "a bad query" "$exe" query 'colour:red'
run 0 "panorama by department and axis" "$exe" panorama --by department --by axis
run 0 "save the merged catalog" "$exe" save -o "$tmp/merged.yaml"
run 0 "validate the saved file" "$exe" validate --quiet "$tmp/merged.yaml"
