#!/bin/sh
# Run by `meson install` (meson.add_install_script): write the snapshot of the installed
# default catalog, default.shrs, next to its files (docs/snapshot.md). $1: the sharitories
# tool of the build tree; $2: the data directory (relative to the prefix).
# shr_catalog_load_default() opens the snapshot only while it is not older than the files,
# and falls back to the YAML when it cannot read it, so a failure here costs speed, not data.
set -e
tool=$1
dir="${MESON_INSTALL_DESTDIR_PREFIX:?run by meson install}/$2"
SHARITORIES_DATA_DIR="$dir" "$tool" snapshot -o "$dir/default.shrs"
echo "Installed snapshot $dir/default.shrs"
