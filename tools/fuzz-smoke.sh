#!/usr/bin/env bash
# A short fuzz run for CI: build build-fuzz/ with clang (libFuzzer + ASan + UBSan), generate the
# seed corpora (fuzz/make_corpus.sh), then run each fuzz target for FUZZ_SECONDS (default 60)
# with its dictionary. A crash, leak, timeout or broken invariant fails the run; the input is
# kept in build-fuzz/artifacts/. Prints one summary line per target (execs, exec/s, corpus).
#   tools/fuzz-smoke.sh                   # every target, 60 s each
#   FUZZ_SECONDS=600 tools/fuzz-smoke.sh fuzz_query
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
secs=${FUZZ_SECONDS:-60}
dir=${FUZZ_BUILD_DIR:-build-fuzz}

if ! command -v clang >/dev/null; then
    echo "fuzz-smoke: clang is not installed (tools/install-deps.sh installs it)" >&2
    exit 1
fi
. tools/fuzz-configure.sh
fuzz_configure "$dir"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for t in fuzz_load fuzz_query fuzz_snapshot fuzz_import; do
        if grep -q "fuzz/$t:" "$dir/build.ninja" 2>/dev/null || grep -q "build fuzz/$t" "$dir/build.ninja"; then
            targets+=("$t")
        fi
    done
fi
meson compile -C "$dir" "${targets[@]/#/fuzz/}" tools/cli/sharitories >/dev/null

corpus=$(mktemp -d "${TMPDIR:-/tmp}/shr-fuzz-smoke-XXXXXX")
trap 'rm -rf "$corpus"' EXIT
# The snapshot seeds are written by the tool of the same build (a snapshot is tied to the
# library version that wrote it).
SHR_CLI="$root/$dir/tools/cli/sharitories" bash fuzz/make_corpus.sh "$corpus/seeds"
mkdir -p "$dir/artifacts"

# UBSan reports become crashes; leaks are checked (ASan's LeakSanitizer).
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1

status=0
for t in "${targets[@]}"; do
    case $t in
    fuzz_load) seeds=load dict=fuzz/yaml.dict ;;
    fuzz_query) seeds=query dict=fuzz/query.dict ;;
    fuzz_import) seeds=import dict= ;;
    fuzz_snapshot) seeds=snapshot dict= ;;
    *) echo "fuzz-smoke: unknown target $t" >&2; exit 2 ;;
    esac
    exe="$dir/fuzz/$t"
    mkdir -p "$corpus/$t"
    log="$corpus/$t.log"
    args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384
          -print_final_stats=1 -artifact_prefix="$root/$dir/artifacts/$t-")
    [ -n "$dict" ] && args+=(-dict="$dict")
    # fuzz/regressions/<target>: inputs that once broke an invariant, replayed first.
    dirs=("$corpus/$t" "$corpus/seeds/$seeds")
    [ -d "fuzz/regressions/$t" ] && dirs+=("fuzz/regressions/$t")
    if "$exe" "${args[@]}" "${dirs[@]}" >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
        tail -60 "$log" >&2
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    units=$(ls "$corpus/$t" | wc -l)
    echo "fuzz-smoke: $t: $result, ${execs:-?} execs, ${rate:-?} exec/s, $units new corpus units, ${secs} s"
done
exit $status
