#!/usr/bin/python3
"""The shared library exports only the public API: `shr_` symbols, never internal `shr__` ones,
and has its soname set. usage: check_symbols.py LIBRARY"""
import subprocess, sys

lib = sys.argv[1]
out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True, capture_output=True,
                     text=True).stdout
names = [line.split()[-1] for line in out.splitlines() if line.strip()]
bad = [n for n in names if not n.startswith("shr_") or n.startswith("shr__")]
if bad:
    sys.exit("exported symbols outside the public API: " + ", ".join(sorted(bad)[:20]))
if not any(n == "shr_catalog_new" for n in names):
    sys.exit("shr_catalog_new is not exported")
dyn = subprocess.run(["objdump", "-p", lib], check=True, capture_output=True, text=True).stdout
if "SONAME               libsharitories.so.0" not in dyn:
    sys.exit("no soname libsharitories.so.0")
print(f"{len(names)} exported symbols, all shr_; soname libsharitories.so.0")
