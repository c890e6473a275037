#!/usr/bin/env bash
# Debian packages: build them from a copy of the tree (dpkg-buildpackage -us -uc -b, nocheck:
# the suite runs elsewhere), run lintian (any error fails), install them on this machine (root:
# CI is a fresh machine), then use them from the installed files only: compile and run an
# example with pkg-config, import the binding with /usr/bin/python3, run `sharitories
# validate`, find the man page with `man -w`. Removes the packages at the end.
#
#   tools/test-packages.sh            (from anywhere; needs root, or sudo for apt-get)
#
# Prints the times of the build and of the checks. Keep DEB_BUILD_OPTIONS's parallel=N to the
# machine (default: the number of processors).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/shr-deb.XXXXXX")
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
installed=0
cleanup() {
    if [ "$installed" = 1 ]; then
        $SUDO apt-get purge -y -q sharitories python3-sharitories libsharitories-dev \
            libsharitories0 >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# ---- the one version: meson.build's project version is the package's upstream version
meson_version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$SRC/meson.build" | head -n 1)
deb_version=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
if [ "${deb_version%%-*}" != "$meson_version" ]; then
    echo "debian/changelog's version $deb_version is not meson.build's $meson_version" >&2
    exit 1
fi

# ---- build from a copy (no build directories, no .git)
mkdir "$TMP/src"
tar -C "$SRC" --exclude='./build*' --exclude=./.git --exclude='./obj-*' --exclude='./v' -cf - . |
    tar -C "$TMP/src" -xf -
t0=$(now)
(cd "$TMP/src" &&
    DEB_BUILD_OPTIONS="nocheck parallel=${JOBS:-$(nproc)}" dpkg-buildpackage -us -uc -b \
        >"$TMP/build.log" 2>&1) || { tail -n 60 "$TMP/build.log" >&2; exit 1; }
t1=$(now)
echo "package build: $(elapsed "$t0" "$t1") s"
ls "$TMP"/*.deb

# ---- lintian: errors fail, the rest is printed
changes=$(ls "$TMP"/sharitories_*.changes)
lintian --fail-on error --tag-display-limit 0 "$changes" | tee "$TMP/lintian.log" || {
    echo "lintian reports errors" >&2
    exit 1
}
echo "lintian: $(grep -c '^E:' "$TMP/lintian.log" || true) errors, $(grep -c '^W:' "$TMP/lintian.log" || true) warnings"

# ---- install on this machine
$SUDO apt-get install -y -q --no-install-recommends "$TMP"/*.deb >"$TMP/install.log" 2>&1 ||
    { cat "$TMP/install.log" >&2; exit 1; }
installed=1

# ---- use the installed files only: a clean environment, outside any tree, the copy removed
rm -rf "$TMP/src"
mkdir "$TMP/use"
cp "$SRC/examples/walk_catalog.c" "$TMP/use/"
cd "$TMP/use"
clean_env=(env -i PATH=/usr/bin:/bin HOME="$TMP/use" LC_ALL=C.UTF-8)
# A `meson install` from a checkout under /usr/local comes first in the loader's, pkg-config's
# and Python's search paths and would hide the packages' files. CI is a fresh machine; on a
# machine that has one, point the three at the packages' directories (and say so), so that the
# checks still use the packages only.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
shadow=$(ls -d /usr/local/lib/"$multiarch"/libsharitories.so* /usr/local/lib/libsharitories.so* \
    /usr/local/lib/python3*/dist-packages/sharitories 2>/dev/null || true)
if [ -n "$shadow" ]; then
    echo "NOTE a local install shadows the packages; checks pinned to the packages' files:" $shadow
    clean_env+=(LD_LIBRARY_PATH=/usr/lib/"$multiarch"
                PKG_CONFIG_LIBDIR=/usr/lib/"$multiarch"/pkgconfig:/usr/lib/pkgconfig:/usr/share/pkgconfig
                PYTHONPATH=/usr/lib/python3/dist-packages)
fi
t2=$(now)
"${clean_env[@]}" sh -ec '
    cc -std=c11 -Wall -Werror $(pkg-config --cflags sharitories) walk_catalog.c \
        $(pkg-config --libs sharitories) -o walk_catalog
    ldd ./walk_catalog | grep -Eq "libsharitories.so.0 => (/usr)?/lib/[^ ]*/libsharitories.so.0" ||
        { echo "FAIL walk_catalog does not use the installed library:"; ldd ./walk_catalog; exit 1; }
    ./walk_catalog fr-com-56121 | grep -q Lorient
    echo "ok   example compiled with pkg-config and run"
    cc -std=c11 $(pkg-config --cflags sharitories) walk_catalog.c \
        "$(pkg-config --variable=libdir sharitories)/libsharitories.a" \
        $(pkg-config --static --libs sharitories | sed "s/-lsharitories//") -o walk_static
    ! ldd ./walk_static | grep -q libsharitories
    ./walk_static | grep -q "Épinal"
    echo "ok   example linked with the static library"
    test "$(command -v sharitories)" = /usr/bin/sharitories
    sharitories validate >validate.out
    tail -n 1 validate.out
    sharitories --version
    echo "ok   sharitories validate (the installed default catalog)"
    /usr/bin/python3 -c "
import sharitories
assert sharitories.__file__.startswith(\"/usr/lib/python3/dist-packages/\"), sharitories.__file__
n = len(sharitories.Catalog.default().query(\"\"))
assert n > 0
print(\"ok   import sharitories\", sharitories.__version__, \"from\", sharitories.__file__, \"-\", n, \"practices\")
"
    man -w sharitories-query | grep -q "^/usr/share/man/man1/sharitories-query.1"
    echo "ok   man -w sharitories-query: $(man -w sharitories-query)"
    MANWIDTH=80 MANPAGER=cat PAGER=cat man sharitories-query >man.out 2>man.err
    grep -q "^SYNOPSIS" man.out && grep -q "sharitories query" man.out && ! test -s man.err ||
        { echo "FAIL man sharitories-query:"; cat man.out man.err; exit 1; }
    for c in $(sharitories --help | sed -n "/^Commands:/,/^\$/s/^  \([a-z][a-z-]*\) .*/\1/p"); do
        man -w "sharitories-$c" >/dev/null || { echo "FAIL no man page for $c"; exit 1; }
    done
    echo "ok   man sharitories-query renders; every command of --help has its page"
    test -f /usr/share/bash-completion/completions/sharitories
    echo "ok   bash completion installed"
'
t3=$(now)
echo "installed-package checks: $(elapsed "$t2" "$t3") s"
echo "all package checks passed"
