"""Territory locations and programme groups for tools/build_data.py.

Locations (latitude, longitude, WGS 84, rounded to 5 decimals, about 1 m):
  - commune: area-weighted centroid of its 2018 outline (france-geojson-2018),
    or of the union of the outlines of the 2018 communes it merged (its own
    code and its former_codes that have a 2018 outline);
  - department, region: area-weighted centroid of its 2024 outline
    (anct-geometry-2024, overseas included);
  - EPCI: area-weighted centroid of the union of the outlines of its member
    communes (the communes that list it in groups).
The centroid is computed in longitude/latitude (planar); a constant
east-west scale factor cos(lat0) would not move it (the centroid is affine
invariant), so it is the centroid of the equirectangular projection.
Needs Debian's python3-shapely.
"""

import glob
import json
import os
import re

from shapely.geometry import shape
from shapely.ops import unary_union


def _features(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def _centroid(geoms):
    g = geoms[0] if len(geoms) == 1 else unary_union(geoms)
    c = g.centroid
    return (round(c.y, 5), round(c.x, 5)), g.area


def communes_2018(shared):
    """2018 commune code -> shapely geometry."""
    out = {}
    pattern = os.path.join(shared, "data", "france-geojson-2018", "communes", "*.geojson")
    for path in sorted(glob.glob(pattern)):
        for f in _features(path):
            code = f["properties"]["code"]
            g = shape(f["geometry"])
            if not g.is_valid:
                g = g.buffer(0)
            out[code] = out[code].union(g) if code in out else g
    return out


def compute_locations(shared, territories):
    """Return ({territory id: (lat, lon)}, report dict)."""
    loc, area = {}, {}
    geo = communes_2018(shared)
    unlocated = []
    for t in territories:
        if t["kind"] != "commune":
            continue
        codes = [c for c in [t["code"]] + t.get("former_codes", []) if c in geo]
        if not codes:
            unlocated.append(t)
            continue
        loc[t["id"]], area[t["id"]] = _centroid([geo[c] for c in sorted(set(codes))])
    base = os.path.join(shared, "data", "anct-geometry-2024")
    wanted = {("department", t["code"]): t["id"] for t in territories if t["kind"] == "department"}
    wanted.update({("region", t["code"]): t["id"] for t in territories if t["kind"] == "region"})
    for fname, kind, key in (("departements.geojson", "department", "insee_dep"),
                             ("regions.geojson", "region", "insee_reg")):
        for f in _features(os.path.join(base, fname)):
            tid = wanted.get((kind, f["properties"][key]))
            if tid is None:
                raise SystemExit("%s: %s %s is not a 2026 territory"
                                 % (fname, kind, f["properties"][key]))
            g = shape(f["geometry"])
            if not g.is_valid:
                g = g.buffer(0)
            loc[tid] = _centroid([g])[0]
    # EPCI: area-weighted mean of member commune centroids = centroid of their union
    # (the 2018 outlines of distinct communes do not overlap).
    sums = {}
    for t in territories:
        if t["kind"] != "commune" or t["id"] not in loc:
            continue
        for g in t.get("groups", []):
            if g.startswith("fr-epci-"):
                s = sums.setdefault(g, [0.0, 0.0, 0.0])
                a = area[t["id"]]
                s[0] += a
                s[1] += a * loc[t["id"]][0]
                s[2] += a * loc[t["id"]][1]
    for g, (a, y, x) in sums.items():
        loc[g] = (round(y / a, 5), round(x / a, 5))
    report = {
        "communes": sum(1 for t in territories if t["kind"] == "commune"),
        "unlocated": unlocated,
        "unlocated_metro": [t for t in unlocated if not t["code"].startswith(("97", "98"))],
        "by_kind": {},
    }
    for t in territories:
        k = t["kind"]
        d = report["by_kind"].setdefault(k, [0, 0])
        d[0] += 1
        d[1] += t["id"] in loc
    return loc, report


_GEO_RE = re.compile(r"\(([0-9][0-9AB][0-9]{3})\)")


def programme_groups(shared, territories):
    """Members of Action Cœur de Ville and Petites villes de demain.

    Return ({group id: sorted commune ids}, {group id: [unmatched liste_geo]}).
    A code of liste_geo is a 2026 commune code, or a former code of exactly one
    2026 commune; anything else is reported, never guessed."""
    code2id, former = {}, {}
    for t in territories:
        if t["kind"] == "commune":
            code2id[t["code"]] = t["id"]
            for c in t.get("former_codes", []):
                former.setdefault(c, set()).add(t["id"])
    members, missing = {}, {}
    for gid, fname in (("fr-prog-acv", "acv.geojson"), ("fr-prog-pvd", "pvd.geojson")):
        got, miss = set(), []
        path = os.path.join(shared, "data", "anct-programmes-2024", fname)
        for f in _features(path):
            lg = f["properties"]["liste_geo"] or ""
            codes = _GEO_RE.findall(lg)
            if not codes:
                miss.append(lg)
            for c in codes:
                if c in code2id:
                    got.add(code2id[c])
                elif len(former.get(c, ())) == 1:
                    got.add(next(iter(former[c])))
                else:
                    miss.append(lg)
        members[gid], missing[gid] = sorted(got), miss
    return members, missing
