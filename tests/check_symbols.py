#!/usr/bin/python3
"""The shared library exports only the public API: `shr_` symbols, never internal `shr__` ones,
exactly those listed in lib/sharitories.sym, and has its soname set.
usage: check_symbols.py LIBRARY SYMBOL_LIST"""
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
listed = [line.strip() for line in open(sys.argv[2], encoding="utf-8")
          if line.strip() and not line.startswith("#")]
if listed != sorted(set(listed)):
    sys.exit(f"{sys.argv[2]}: keep the list sorted, one name a line")
exported = {n.split("@")[0] for n in names}
missing, extra = sorted(set(listed) - exported), sorted(exported - set(listed))
if missing or extra:
    sys.exit("the exports differ from lib/sharitories.sym:\n"
             + "".join(f"  exported but not listed (add it): {n}\n" for n in extra)
             + "".join(f"  listed but not exported: {n}\n" for n in missing))
dyn = subprocess.run(["objdump", "-p", lib], check=True, capture_output=True, text=True).stdout
if "SONAME               libsharitories.so.0" not in dyn:
    sys.exit("no soname libsharitories.so.0")
print(f"{len(names)} exported symbols, all shr_; soname libsharitories.so.0")
