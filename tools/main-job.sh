#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install the dependencies, build, install, then check
# the bundled default catalog and print its panorama (practices by axis and family).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
[ -d build ] || meson setup build --buildtype=release
meson compile -C build
meson install -C build --quiet
ldconfig 2>/dev/null || true
sharitories validate
sharitories panorama --by axis --by family
# The Python binding is installed too, for Debian's interpreter.
/usr/bin/python3 -c 'import sharitories; print("Python binding", sharitories.__version__, "installed:", sharitories.__file__)'
