#!/usr/bin/env bash
# Sourced by tools/fuzz-smoke.sh and tools/fuzz-long.sh: fuzz_configure DIR sets up DIR as the
# fuzzing build (clang, libFuzzer, ASan + UBSan), reconfiguring it when it exists.
fuzz_configure() {
    local dir=$1
    local opts=(-Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false -Dpython=disabled
                -Dtests=false -Dbuildtype=debugoptimized)
    if [ -f "$dir/build.ninja" ]; then
        meson setup --reconfigure "$dir" "${opts[@]}" >/dev/null
    else
        rm -rf "$dir"
        CC=clang meson setup "$dir" "${opts[@]}" >/dev/null
    fi
}
