#!/usr/bin/env bash
# A long fuzz run in the background, one libFuzzer job per target (-jobs=1), for the lead to
# collect later. Builds build-fuzz/ like tools/fuzz-smoke.sh, seeds /tmp/fuzz-corpus-<target>
# from fuzz/make_corpus.sh (kept between runs: the corpus grows), then starts each target with
# nohup and returns at once.
#   tools/fuzz-long.sh [SECONDS] [TARGET...]   (default 4500 s; fuzz_load fuzz_query)
# Per target:  /tmp/fuzz-<target>.log       the launcher's output (nohup)
#              /tmp/fuzz-<target>-job.log   the job's log (libFuzzer's fuzz-0.log: execs, exec/s,
#                                           coverage, crash reports)
#              /tmp/fuzz-artifacts/<target>-crash-*   inputs that crashed or broke an invariant
# Collect:     grep -E 'DONE|stat::|ERROR|invariant' /tmp/fuzz-<target>-job.log
# Known open bugs can be stepped over with SHR_FUZZ_KNOWN (see fuzz/README.md) and a UBSan
# suppressions file in FUZZ_UBSAN_SUPPRESSIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
secs=${1:-4500}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_load fuzz_query)
dir=${FUZZ_BUILD_DIR:-build-fuzz}
. tools/fuzz-configure.sh
fuzz_configure "$dir"
meson compile -C "$dir" "${targets[@]/#/fuzz/}" >/dev/null
seeds=/tmp/fuzz-seeds
bash fuzz/make_corpus.sh "$seeds" >/dev/null
mkdir -p /tmp/fuzz-artifacts
ubsan=halt_on_error=1:print_stacktrace=1
[ -n "${FUZZ_UBSAN_SUPPRESSIONS:-}" ] && ubsan="$ubsan:suppressions=$FUZZ_UBSAN_SUPPRESSIONS"
for t in "${targets[@]}"; do
    case $t in
    fuzz_load) s=load dict=(-dict="$root/fuzz/yaml.dict") ;;
    fuzz_query) s=query dict=(-dict="$root/fuzz/query.dict") ;;
    fuzz_import) s=import dict=() ;;
    *) echo "fuzz-long: unknown target $t" >&2; exit 2 ;;
    esac
    corpus=/tmp/fuzz-corpus-${t#fuzz_}
    work=/tmp/fuzz-work-${t#fuzz_}
    mkdir -p "$corpus" "$work"
    ln -sf "$work/fuzz-0.log" "/tmp/fuzz-$t-job.log"
    regress=()
    [ -d "fuzz/regressions/$t" ] && regress=("$root/fuzz/regressions/$t")
    (
        cd "$work"
        export UBSAN_OPTIONS=$ubsan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
        nohup "$root/$dir/fuzz/$t" -jobs=1 -max_total_time="$secs" -timeout=10 \
            -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 "${dict[@]}" \
            -artifact_prefix="/tmp/fuzz-artifacts/$t-" \
            "$corpus" "$seeds/$s" "${regress[@]}" >"/tmp/fuzz-$t.log" 2>&1 &
        echo "fuzz-long: $t started (pid $!), ${secs} s, corpus $corpus, log /tmp/fuzz-$t-job.log"
    )
done
