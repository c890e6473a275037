#!/bin/sh
# debian/libsharitories0.symbols from lib/sharitories.sym (the exported symbols, which the test
# `symbols` compares with the built library exactly): every name with the version in which it
# first appeared, kept from the existing file; a new name gets meson.build's project version.
# After adding public functions to lib/sharitories.sym (yours or merged ones), run it once and
# commit the result; the test `debian_symbols` fails while the two files disagree. Removing or
# renaming a function is an ABI break (bump soversion in meson.build and the package name
# libsharitoriesN).
#
#   tools/update-symbols.sh           rewrite debian/libsharitories0.symbols
#   tools/update-symbols.sh --check   exit 1 (with the difference) if it is not up to date
set -eu
cd "$(dirname "$0")/.."
VERSION=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" meson.build | head -n 1)
OUT=debian/libsharitories0.symbols
NEW=$(mktemp)
trap 'rm -f "$NEW"' EXIT
{
    echo "libsharitories.so.0 libsharitories0 #MINVER#"
    echo "* Build-Depends-Package: libsharitories-dev"
    grep -v '^#' lib/sharitories.sym | grep . | LC_ALL=C sort | awk -v v="$VERSION" '
        FILENAME == ARGV[1] { if ($1 ~ /@Base$/) { sub(/@Base$/, "", $1); old[$1] = $2 }; next }
        { print " " $1 "@Base " (($1 in old) ? old[$1] : v) }' "$OUT" -
} >"$NEW"
if [ "${1:-}" = --check ]; then
    if ! cmp -s "$NEW" "$OUT"; then
        diff -u "$OUT" "$NEW" || true
        echo "$OUT differs from lib/sharitories.sym: run tools/update-symbols.sh" >&2
        exit 1
    fi
    exit 0
fi
cp "$NEW" "$OUT"
echo "$OUT: $(grep -c '@Base' "$OUT") symbols"
