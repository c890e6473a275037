#!/bin/sh
# The public cflags of sharitories.pc (the uninstalled one of the build tree, in the directory
# given as $1): no -D flag leaks (such as utf8proc's -DUTF8PROC_EXPORTS), and a shared build
# requires no other .pc (libyaml-dev and libutf8proc-dev are not needed to build against it).
set -u
PKG_CONFIG_PATH="$1"
export PKG_CONFIG_PATH
cflags=$(pkg-config --cflags sharitories) || { echo "pkg-config --cflags sharitories failed"; exit 1; }
echo "cflags: $cflags"
for flag in $cflags; do
  case "$flag" in
    -D*) echo "a -D flag leaks into the public cflags: $flag"; exit 1 ;;
  esac
done
if [ "${2:-shared}" != static ]; then
  requires=$(pkg-config --print-requires-private sharitories) || exit 1
  if [ -n "$requires" ]; then
    echo "a shared build requires other .pc files: $requires"; exit 1
  fi
fi
exit 0
