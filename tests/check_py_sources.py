#!/usr/bin/env python3
"""Every .py/.pyi file of the Python package directory is in the list meson installs.

    check_py_sources.py PACKAGE_DIR LISTED_FILE...

bindings/python/sharitories/meson.build lists the package's files (`py_sources`, installed and
copied into the build tree); a module left out of it imports from the source tree and the build
tree but not from the packages or the wheel. This fails, naming it, until it is added."""
import os
import sys

pkg, listed = sys.argv[1], {os.path.basename(p) for p in sys.argv[2:]}
present = {f for f in os.listdir(pkg) if f.endswith((".py", ".pyi"))}
missing = sorted(present - listed)
if missing:
    sys.exit(f"{pkg}/meson.build: py_sources lacks " + ", ".join(missing))
print(f"{len(present)} Python files, all listed")
