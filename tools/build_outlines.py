#!/usr/bin/python3
"""Build data/fr-outlines-2024.yaml: simplified, pre-projected outlines of the French
departments and regions for the maps of libsharitories (docs/maps.md).

Usage:
    /usr/bin/python3 tools/build_outlines.py --shared /work/shared --out data

Input (read-only): SHARED/data/anct-geometry-2024/{departements,regions}.geojson, the ANCT
outlines of the 101 departments and 18 regions, overseas included (WGS 84, Licence Ouverte 2.0).
Standard library only; deterministic (same input, byte-identical output).

What it does, in this order:
  1. projects each outline to the map's plane (SVG units, y downwards): metropolitan France
     (Corsica included) with an equirectangular projection centred on 46.5 degrees N (x scaled by
     cos 46.5), the five overseas departments each in its own inset box on the left, with its
     own centre latitude and its own scale (each fills its box);
  2. simplifies every ring with Douglas-Peucker (tolerance TOLERANCE map units, about 1.5 km in
     metropolitan France: the file's meta gives km_per_unit), drops rings that end up with fewer than 4 points or an area under
     MIN_AREA square units (islets), and rounds to integer units;
  3. writes one SVG path per territory (`M x y` then relative `l dx dy` steps, `z` per ring):
     the library copies paths into its maps as they are, after checking their characters.
"""
import argparse
import json
import math
import os

WIDTH, HEIGHT = 900, 750
TOLERANCE = 0.9
MIN_AREA = 3.0
# Metropolitan frame: x from 220 to 890, y from 10 to 740.
METRO = {"lat0": 46.5, "lon_min": -5.25, "lat_max": 51.15, "box": (220, 10, 890, 740)}
# Overseas insets: department code -> box (x0, y0, x1, y1), in a column on the left.
INSETS = {
    "971": (10, 10, 210, 140),
    "972": (10, 150, 210, 280),
    "973": (10, 290, 210, 420),
    "974": (10, 430, 210, 560),
    "976": (10, 570, 210, 700),
}
REGION_OF_INSET = {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}


def rings_of(geom):
    if geom["type"] == "Polygon":
        return [list(map(tuple, r)) for r in geom["coordinates"]]
    return [list(map(tuple, r)) for poly in geom["coordinates"] for r in poly]


def dp(points, tol):
    """Douglas-Peucker on a list of (x, y), iterative; keeps first and last."""
    n = len(points)
    if n < 3:
        return points
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, idx = d, i
        if best > tol:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(points, keep) if k]


def area(r):
    return abs(sum(r[i][0] * r[i - 1][1] - r[i - 1][0] * r[i][1] for i in range(len(r)))) / 2


def projector(rings, box, lat0):
    """A function lon, lat -> x, y that fits rings (lon/lat) in box, keeping proportions."""
    k = math.cos(math.radians(lat0))
    xs = [lon * k for r in rings for lon, _ in r]
    ys = [-lat for r in rings for _, lat in r]
    x0, y0, x1, y1 = box
    s = min((x1 - x0 - 8) / (max(xs) - min(xs)), (y1 - y0 - 8) / (max(ys) - min(ys)))
    ox = x0 + ((x1 - x0) - s * (max(xs) - min(xs))) / 2 - s * min(xs)
    oy = y0 + ((y1 - y0) - s * (max(ys) - min(ys))) / 2 - s * min(ys)
    f = lambda lon, lat: (ox + s * lon * k, oy - s * lat)
    f.linear = "x: [%.6f, %.6f], y: [%.6f, %.6f]" % (ox, s * k, oy, -s)
    return f, s


def path_of(rings, proj):
    out = []
    for ring in rings:
        pts = [proj(lon, lat) for lon, lat in ring]
        pts = dp(pts, TOLERANCE)
        ipts = []
        for x, y in pts:
            p = (int(round(x)), int(round(y)))
            if not ipts or ipts[-1] != p:
                ipts.append(p)
        if len(ipts) > 1 and ipts[0] == ipts[-1]:
            ipts.pop()
        if len(ipts) < 3 or area(ipts) < MIN_AREA:
            continue
        s = "M%d %d" % ipts[0]
        steps = ["%d %d" % (b[0] - a[0], b[1] - a[1]) for a, b in zip(ipts, ipts[1:])]
        out.append(s + "l" + " ".join(steps) + "z")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="/work/shared")
    ap.add_argument("--out", default="data")
    a = ap.parse_args()
    src = os.path.join(a.shared, "data", "anct-geometry-2024")
    deps = json.load(open(os.path.join(src, "departements.geojson"), encoding="utf-8"))["features"]
    regs = json.load(open(os.path.join(src, "regions.geojson"), encoding="utf-8"))["features"]

    metro_rings = [r for f in deps if f["properties"]["insee_dep"] not in INSETS
                   for r in rings_of(f["geometry"])]
    x0, y0, x1, y1 = METRO["box"]
    metro, metro_scale = projector(metro_rings, METRO["box"], METRO["lat0"])
    insets = {}
    for f in deps:
        code = f["properties"]["insee_dep"]
        if code in INSETS:
            rings = rings_of(f["geometry"])
            lat0 = sum(lat for r in rings for _, lat in r) / sum(len(r) for r in rings)
            insets[code] = projector(rings, INSETS[code], lat0)

    entries = []
    for f in sorted(deps, key=lambda f: f["properties"]["insee_dep"]):
        code = f["properties"]["insee_dep"]
        proj = insets[code][0] if code in INSETS else metro
        entries.append(("fr-dep-" + code.lower(), "department", code if code in INSETS else None,
                        path_of(rings_of(f["geometry"]), proj)))
    for f in sorted(regs, key=lambda f: f["properties"]["insee_reg"]):
        code = f["properties"]["insee_reg"]
        inset = REGION_OF_INSET.get(code)
        proj = insets[inset][0] if inset else metro
        entries.append(("fr-reg-" + code, "region", inset, path_of(rings_of(f["geometry"]), proj)))

    path = os.path.join(a.out, "fr-outlines-2024.yaml")
    with open(path, "w", encoding="utf-8", newline="\n") as o:
        o.write("# Outlines of the French departments and regions for the maps of libsharitories:\n"
                "# simplified and projected, generated by tools/build_outlines.py (do not edit).\n"
                "# Source: ANCT, contours des departements et regions 2024 (anct-carto/superposeur-anct,\n"
                "# commit 949f7e581185229a3bef1962d8f81f5608757f0c, data/geom/geojson/),\n"
                "# Licence Ouverte 2.0 (Etalab). Derived information: simplified by us.\n")
        o.write("meta:\n")
        o.write("  title: Contours simplifiés des départements et régions (2024)\n")
        o.write("  source: \"ANCT – Agence nationale de la cohésion des territoires, contours des "
                "départements et régions, 2024 (github.com/anct-carto/superposeur-anct, commit "
                "949f7e581185229a3bef1962d8f81f5608757f0c, data/geom/geojson/)\"\n")
        o.write("  licence: Licence Ouverte 2.0 (Etalab)\n")
        o.write("  attribution: \"Contours : ANCT, 2024, Licence Ouverte 2.0 ; simplifiés par "
                "libsharitories\"\n")
        o.write("  date: 2024-09\n")
        o.write("  generated_by: tools/build_outlines.py\n")
        o.write("  projection: \"equirectangular, metropolitan France centred on 46.5 N; each overseas "
                "department in its own inset with its own scale\"\n")
        o.write("  simplification: \"Douglas-Peucker, tolerance %s units, islets under %s square "
                "units dropped, integer coordinates\"\n" % (TOLERANCE, MIN_AREA))
        o.write("  width: %d\n  height: %d\n" % (WIDTH, HEIGHT))
        o.write("  km_per_unit: %.4f\n" % (111.19508 / metro_scale))
        o.write("# Projection of a point (longitude, latitude in degrees): x = a + b * lon, y = c + d * lat\n"
                "# with x: [a, b] and y: [c, d] (metropolitan France here, each inset below).\n")
        o.write("projection: {%s}\n" % metro.linear)
        o.write("insets:\n")
        for code, box in INSETS.items():
            o.write("  - {department: fr-dep-%s, box: [%d, %d, %d, %d], km_per_unit: %.4f, %s}\n"
                    % ((code,) + box + (111.19508 / insets[code][1], insets[code][0].linear)))
        o.write("outlines:\n")
        for tid, level, inset, p in entries:
            o.write("  - id: %s\n    level: %s\n" % (tid, level))
            if inset:
                o.write("    inset: fr-dep-%s\n" % inset)
            o.write("    path: \"%s\"\n" % p)
    print("%s: %d outlines, %d bytes" % (path, len(entries), os.path.getsize(path)))


if __name__ == "__main__":
    main()
