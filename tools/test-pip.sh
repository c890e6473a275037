#!/usr/bin/env bash
# The Python package from pyproject.toml (meson-python): in a fresh virtual environment of
# Debian's interpreter, `pip install --no-build-isolation --no-index .` (no PyPI) builds and
# installs the binding with the library and the default catalog inside it; `import sharitories`
# there must find that catalog and give meson.build's version.
#
#   tools/test-pip.sh        (from anywhere; needs python3-venv, python3-mesonpy)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/shr-pip.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

mkdir "$TMP/src"
tar -C "$SRC" --exclude='./build*' --exclude=./.git --exclude='./obj-*' -cf - . |
    tar -C "$TMP/src" -xf -
/usr/bin/python3 -m venv --system-site-packages "$TMP/v"
t0=$(now)
"$TMP/v/bin/pip" install -q --no-build-isolation --no-index "$TMP/src" >"$TMP/pip.log" 2>&1 ||
    { tail -n 60 "$TMP/pip.log" >&2; exit 1; }
t1=$(now)
echo "pip install: $(elapsed "$t0" "$t1") s"
rm -rf "$TMP/src"

version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$SRC/meson.build" | head -n 1)
cd "$TMP"
env -i PATH=/usr/bin:/bin HOME="$TMP" LC_ALL=C.UTF-8 "$TMP/v/bin/python" - "$TMP/v" "$version" <<'PY'
import os, sys
import sharitories
venv, version = sys.argv[1], sys.argv[2]
here = os.path.dirname(sharitories.__file__)
assert here.startswith(venv + "/lib/"), here
assert sharitories.__version__ == version, (sharitories.__version__, version)
assert sharitories.data_dir() == os.path.join(here, "data"), sharitories.data_dir()
cat = sharitories.Catalog.default()
n = len(cat.query(""))
assert n > 1000, n
assert cat.territory("fr-com-56121").name == "Lorient"
print(f"ok   import sharitories {sharitories.__version__} from {here}: {n} practices "
      f"from {sharitories.data_dir()}")
PY
ls "$TMP"/v/lib/python3*/site-packages/sharitories-*.dist-info/WHEEL >/dev/null
grep -q "^Tag: cp3" "$TMP"/v/lib/python3*/site-packages/sharitories-*.dist-info/WHEEL ||
    { echo "FAIL the wheel is not tagged for CPython:" >&2;
      cat "$TMP"/v/lib/python3*/site-packages/sharitories-*.dist-info/WHEEL >&2; exit 1; }
echo "ok   wheel tag: $(sed -n 's/^Tag: //p' "$TMP"/v/lib/python3*/site-packages/sharitories-*.dist-info/WHEEL)"
