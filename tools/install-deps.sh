#!/usr/bin/env bash
# Install the Debian 12 packages needed to build, test and benchmark libsharitories.
# Non-interactive; uses sudo when not root. See README.md for why each is there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends \
    build-essential pkg-config meson ninja-build \
    libyaml-dev libutf8proc-dev libcmocka-dev \
    swig python3-dev python3-pytest python3-pandas python3-matplotlib \
    valgrind clang libclang-rt-14-dev chromium
