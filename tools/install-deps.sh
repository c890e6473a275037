#!/usr/bin/env bash
# Install the Debian 12 packages listed in tools/debian-packages.txt (README.md says why each is
# there). Non-interactive; uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
$SUDO apt-get update -q
# shellcheck disable=SC2046
$SUDO apt-get install -y -q --no-install-recommends $(grep -v '^#' tools/debian-packages.txt)
