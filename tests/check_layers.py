#!/usr/bin/python3
"""The include wall of lib/ (docs/architecture.md): a folder includes its own headers by name,
lib/util/'s by name (on the include path), the public ones as "sharitories/...", and another
folder's headers only by an explicit "../<folder>/..." path, and only from the folders below it.
usage: check_layers.py SOURCE_ROOT"""
import os, re, sys

# What each layer may include from the others (lib/util is below every one, by name).
ALLOWED = {
    "util": set(),
    "core": set(),
    "yaml": {"core"},
    "query": {"core"},
    "export": {"core"},
    "analysis": {"core", "export"},
    "import": {"core", "export", "yaml"},
    "report": {"core", "export"},
}

lib = os.path.join(sys.argv[1], "lib")
util = set(os.listdir(os.path.join(lib, "util")))
errors = []
folders = sorted(d for d in os.listdir(lib) if os.path.isdir(os.path.join(lib, d)))
for layer in folders:
    if layer not in ALLOWED:
        errors.append(f"lib/{layer}/: a folder that is not a layer of tests/check_layers.py")
        continue
    here = set(os.listdir(os.path.join(lib, layer)))
    for name in sorted(here):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(lib, layer, name)
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not m:
                continue
            inc, where = m.group(1), f"lib/{layer}/{name}:{n}"
            if inc.startswith("sharitories/"):
                continue
            m2 = re.match(r"\.\./([a-z_]+)/[^/]+$", inc)
            if m2:
                if m2.group(1) not in ALLOWED[layer]:
                    errors.append(f"{where}: lib/{layer} may not include {inc} "
                                  f"(allowed: {', '.join(sorted(ALLOWED[layer])) or 'util only'})")
            elif "/" in inc or (inc not in here and inc not in util):
                errors.append(f"{where}: {inc} is neither in lib/{layer}/ nor in lib/util/")
if errors:
    sys.exit("\n".join(errors))
print(f"{len(folders)} layers, every include within the wall")
