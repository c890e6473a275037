#!/usr/bin/env bash
# The whole test suite: a warnings-as-errors build and its tests, then the same tests under
# AddressSanitizer + UndefinedBehaviorSanitizer. Run from anywhere; build dirs go to
# build-ci/ and build-ci-asan/ in the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."

setup() { # dir, extra options...
    local dir=$1; shift
    if [ -d "$dir" ]; then meson setup --reconfigure "$dir" "$@"; else meson setup "$dir" "$@"; fi
}

setup build-ci -Dwerror=true -Dpython=enabled
meson compile -C build-ci
meson test -C build-ci --print-errorlogs

# Sanitizers: the Python binding is left out here (an ASan runtime cannot be preloaded into
# Debian's python3 reliably); it runs in the normal build above.
setup build-ci-asan -Dwerror=true -Dpython=disabled -Db_sanitize=address,undefined -Db_lundef=false
meson compile -C build-ci-asan
# (the valgrind suite is left out: valgrind cannot run ASan-instrumented programs)
meson test -C build-ci-asan --print-errorlogs --no-suite valgrind

# Reliability: data races under ThreadSanitizer (the threaded tests), then a short fuzz run
# of every libFuzzer target (60 s each; crashes, leaks and broken invariants fail).
bash tools/tsan.sh
FUZZ_SECONDS=${FUZZ_SECONDS:-60} bash tools/fuzz-smoke.sh

# Packaging: the Debian packages (built, linted, installed and used; tools/test-packages.sh)
# and the Python package from pyproject.toml in a virtual environment (tools/test-pip.sh).
bash tools/test-packages.sh
bash tools/test-pip.sh
