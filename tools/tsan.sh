#!/usr/bin/env bash
# ThreadSanitizer: build build-tsan/ with clang -fsanitize=thread and run the threaded tests
# (tests/test_threads.c: many threads querying one catalog). Any data race fails the run.
#   tools/tsan.sh [TEST...]      (default: every registered test whose name contains "thread")
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${TSAN_BUILD_DIR:-build-tsan}
opts=(-Db_sanitize=thread -Db_lundef=false -Dpython=disabled -Dbuildtype=debugoptimized)
if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "${opts[@]}" >/dev/null
else
    rm -rf "$dir"
    CC=clang meson setup "$dir" "${opts[@]}" >/dev/null
fi
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
    mapfile -t tests < <(meson test -C "$dir" --list 2>/dev/null | sed -n 's/^[^ ]* \/ //p' | grep thread || true)
fi
if [ ${#tests[@]} -eq 0 ]; then
    echo "tsan: no threaded test is registered (tests/test_threads.c); nothing to run" >&2
    exit 0
fi
# Only what the tests need (the test names are those of tests/test_<name>.c).
meson compile -C "$dir" "${tests[@]/#/tests/test_}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4"
# clang 14's TSan cannot map its shadow memory under the high-entropy ASLR of recent kernels
# ("unexpected memory mapping"): run the tests with address-space randomisation off.
wrapper=()
if command -v setarch >/dev/null && setarch "$(uname -m)" -R true 2>/dev/null; then
    wrapper=(--wrapper "setarch $(uname -m) -R")
fi
meson test -C "$dir" --no-rebuild --print-errorlogs "${wrapper[@]}" "${tests[@]}"
