#!/usr/bin/python3
"""Build the bundled default catalog data of libsharitories (data/).

Usage:
    meson compile -C build
    /usr/bin/python3 tools/build_data.py --shared /work/shared --out data \
        [--cli build/tools/cli/sharitories]

Standard library and Debian's python3-shapely (tools/geo_locations.py);
deterministic output: running it twice on the same inputs gives byte-identical
files.  Inputs (read-only) under --shared: spec/format.md, seeds/*.txt and the
sources of data/ (see its README.md for licences): fr-territories-2026.yaml,
france-geojson-2018/, anct-geometry-2024/, anct-programmes-2024/,
cget-tiers-lieux-2019/, bnlc-2024/, osm-repair-2020/.

Outputs under --out:

    fr-territories-2026.yaml   copy of the shared file (header kept), with the
                               upper-case Corsican ids lower-cased (format.md
                               allows only a-z 0-9 - _ . : in ids), each
                               territory's `location` (tools/geo_locations.py)
                               and the programme groups fr-prog-acv, fr-prog-pvd
    sharitories-seeds.yaml     practices, actors and territories named in the
                               seed documents (hand-curated below)
    NAME.yaml, NAME.unresolved.csv
                               the practices of each source of IMPORTS, written
                               by `sharitories import` with its mapping file
                               (data/import/, examples/import/), and the rows
                               it left out with their reason; this script only
                               turns GeoJSON and Overpass JSON into CSV first
                               and resolves nothing itself (docs/import.md)
    LICENCE-cget-tiers-lieux-2019.md copy of the CGET data licence
    README.md                  provenance, licences, figures (read from the
                               import and from `sharitories panorama`), rebuild
"""


import argparse
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import geo_locations

# ---------------------------------------------------------------------------
# Minimal reader for the shared territories file (its own regular layout:
# "  - id: X" then "    key: value", values being double-quoted strings,
# integers, bare ids or flow lists of those).  Anything else is an error.
# ---------------------------------------------------------------------------

_SCALAR_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|([^,\[\]"\s]+)')


def _unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            out.append({"\\": "\\", '"': '"', "n": "\n", "t": "\t", "/": "/"}[n])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _scalar(text, where):
    text = text.strip()
    if text.startswith('"'):
        m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', text)
        if not m:
            raise SystemExit("%s: bad string %r" % (where, text))
        return _unescape(m.group(1))
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[A-Za-z0-9._:-]+", text):
        return text
    raise SystemExit("%s: unexpected value %r" % (where, text))


def _value(text, where):
    text = text.strip()
    if text.startswith("["):
        if not text.endswith("]"):
            raise SystemExit("%s: bad list %r" % (where, text))
        inner = text[1:-1].strip()
        if not inner:
            return []
        items, pos = [], 0
        while pos < len(inner):
            m = _SCALAR_RE.match(inner, pos)
            if not m:
                raise SystemExit("%s: bad list %r" % (where, text))
            items.append(_scalar(m.group(0), where))
            pos = m.end()
            rest = inner[pos:].lstrip()
            if rest.startswith(","):
                pos = len(inner) - len(rest) + 1
                while pos < len(inner) and inner[pos] == " ":
                    pos += 1
            elif rest:
                raise SystemExit("%s: bad list %r" % (where, text))
            else:
                break
        return items
    return _scalar(text, where)


def read_territories(path):
    records, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = "%s:%d" % (path, n)
            if not line.strip() or line.startswith("#"):
                continue
            if line in ("sharitories: 1", "territories:"):
                continue
            m = re.fullmatch(r"  - id: ([A-Za-z0-9._:-]+)", line)
            if m:
                cur = {"id": m.group(1)}
                records.append(cur)
                continue
            m = re.fullmatch(r"    ([a-z_]+): (.*)", line)
            if m and cur is not None:
                cur[m.group(1)] = _value(m.group(2), where)
                continue
            raise SystemExit("%s: unexpected line %r" % (where, line))
    for r in records:
        r["id"] = r["id"].lower()
        if "parent" in r:
            r["parent"] = r["parent"].lower()
        if "groups" in r:
            r["groups"] = [g.lower() for g in r["groups"]]
    return records


# The shared file writes Corsican ids with upper-case letters (fr-dep-2A,
# fr-com-2A004...), which format.md does not allow (ids are a-z 0-9 - _ . :).
# The bundled copy lower-cases the id, parent and groups values (only those;
# "code" keeps the official "2A004") and says so in its header.
_ID_LINE_RE = re.compile(r"^(  - id: |    parent: |    groups: )(.*)$")


PROGRAMME_GROUPS = [
    ("fr-prog-acv", "Action Cœur de Ville"),
    ("fr-prog-pvd", "Petites villes de demain"),
]


def copy_territories(src, dst, locations=None, members=None):
    """Copy the shared territories file, lower-casing ids, adding `location`
    (locations: id -> (lat, lon)) and the programme groups (members: group id
    -> commune ids; the group territories are written after the country)."""
    locations = locations or {}
    members = members or {}
    extra_groups = {}
    for gid in sorted(members):
        for cid in members[gid]:
            extra_groups.setdefault(cid, []).append(gid)
    with open(src, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    out, changed, header_done = [], 0, False
    block = []

    def flush():
        if not block:
            return
        tid = block[0][len("  - id: "):].lower()
        adds = extra_groups.get(tid)
        if adds:
            gi = [i for i, l in enumerate(block) if l.startswith("    groups: ")]
            if gi:
                i = gi[0]
                have = _value(block[i][len("    groups: "):], dst)
                block[i] = "    groups: " + flow_ids(have + adds)
            else:
                pi = [i for i, l in enumerate(block) if l.startswith("    parent: ")]
                block.insert(pi[0] + 1 if pi else len(block), "    groups: " + flow_ids(adds))
        if tid in locations:
            lat, lon = locations[tid]
            block.append("    location: [%s, %s]" % (num(lat), num(lon)))
        out.extend(block)
        if tid == "fr":
            for gid, name in PROGRAMME_GROUPS:
                if gid in members:
                    out.extend(["  - id: " + gid, "    name: " + q(name), "    kind: other",
                                "    parent: fr"])
        block.clear()

    for line in lines:
        if not header_done and not line.startswith("#"):
            out.append("# Bundled copy: ids with upper-case letters (Corsica, 2A/2B) lower-cased "
                       "to follow the id rule")
            out.append("# of spec/format.md (fr-dep-2A -> fr-dep-2a); \"code\" values unchanged. "
                       "Built by tools/build_data.py,")
            out.append("# which adds each territory's `location` (centroid of its outline, see "
                       "data/README.md) and the")
            out.append("# programme groups fr-prog-acv (Action Cœur de Ville) and fr-prog-pvd "
                       "(Petites villes de demain), ANCT 2024.")
            header_done = True
        if line == "sharitories: 1":
            # Provenance travels with the data (reports and saved catalogs cite it).
            out.append(line)
            out.append("meta:")
            out.append('  title: "Territoires français 2026 (régions, départements, EPCI, communes, '
                       'arrondissements municipaux)"')
            out.append('  source: "@etalab/decoupage-administratif 6.0.0 (INSEE Code officiel '
                       'géographique, DGCL, INSEE populations légales); locations: centroids of '
                       'IGN Admin Express COG 2018 outlines (gregoiredavid/france-geojson) and '
                       'ANCT 2024 outlines; programme groups: ANCT 2024 (anct-carto/'
                       'superposeur-anct)"')
            out.append('  licence: "Licence Ouverte / Open Licence (Etalab)"')
            continue
        m = _ID_LINE_RE.match(line)
        if m and m.group(2) != m.group(2).lower():
            line = m.group(1) + m.group(2).lower()
            changed += 1
        if line.startswith("  - id: "):
            flush()
            block.append(line)
        elif block and line.startswith("    "):
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    write_text(dst, "\n".join(out))
    return changed


# ---------------------------------------------------------------------------
# YAML writing (catalog format v1 subset): free text double-quoted, ids and
# enum values plain, numbers plain, flow lists / flow mappings.
# ---------------------------------------------------------------------------

ID_RE = re.compile(r"[a-z0-9._:-]{1,128}")


def q(s):
    """Double-quoted YAML scalar with escaping."""
    out = ['"']
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\\x%02x" % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def ident(s):
    if not ID_RE.fullmatch(s):
        raise SystemExit("invalid id %r" % s)
    return s


def num(v):
    if isinstance(v, bool):
        raise SystemExit("bool is not a number")
    if isinstance(v, int):
        return str(v)
    if not math.isfinite(v):
        raise SystemExit("non-finite number")
    r = repr(v)
    if "e" in r or "E" in r:
        r = ("%.12f" % v).rstrip("0").rstrip(".")
    return r


def flow_ids(xs):
    return "[" + ", ".join(ident(x) for x in xs) + "]"


def flow_strs(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


# Field order and kinds for records.  kind: "id", "ids", "str", "strs",
# "int", "loc", "figures", "actors".
TERRITORY_FIELDS = [
    ("id", "id"), ("name", "str"), ("kind", "id"), ("code", "str"),
    ("former_codes", "strs"), ("postal_codes", "strs"), ("parent", "id"),
    ("groups", "ids"), ("population", "int"), ("location", "loc"),
]
ACTOR_FIELDS = [
    ("id", "id"), ("name", "str"), ("kind", "id"), ("territory", "id"),
    ("links", "strs"),
]
PRACTICE_FIELDS = [
    ("id", "id"), ("name", "str"), ("category", "id"), ("axes", "ids"),
    ("territories", "ids"), ("actors", "actors"), ("status", "id"),
    ("started", "int"), ("ended", "int"), ("description", "str"),
    ("tags", "strs"), ("figures", "figures"), ("links", "strs"),
    ("address", "str"), ("location", "loc"),
]


def emit_record(out, rec, fields):
    allowed = dict(fields)
    for k in rec:
        if k not in allowed:
            raise SystemExit("record %s: unknown field %s" % (rec.get("id"), k))
    first = True
    for key, kind in fields:
        if key not in rec:
            continue
        v = rec[key]
        if kind == "id":
            s = ident(v)
        elif kind == "ids":
            s = flow_ids(v)
        elif kind == "str":
            s = q(v)
        elif kind == "strs":
            s = flow_strs(v)
        elif kind == "int":
            if not isinstance(v, int) or isinstance(v, bool):
                raise SystemExit("record %s: %s must be an integer" % (rec["id"], key))
            s = str(v)
        elif kind == "loc":
            s = "[" + num(v[0]) + ", " + num(v[1]) + "]"
        elif kind == "figures":
            s = "{" + ", ".join(ident(k) + ": " + num(x) for k, x in v) + "}"
        elif kind == "actors":
            out.append("    actors:\n")
            for a, role in v:
                out.append("      - {actor: %s, role: %s}\n" % (ident(a), ident(role)))
            first = False
            continue
        else:
            raise AssertionError(kind)
        out.append(("  - " if first else "    ") + key + ": " + s + "\n")
        first = False


def emit_file(header_lines, meta, territories=(), actors=(), practices=()):
    out = []
    for h in header_lines:
        out.append("# " + h + "\n" if h else "#\n")
    out.append("sharitories: 1\n")
    out.append("meta:\n")
    for k in ("title", "source", "licence"):
        if k in meta:
            out.append("  %s: %s\n" % (k, q(meta[k])))
    for name, recs, fields in (("territories", territories, TERRITORY_FIELDS),
                               ("actors", actors, ACTOR_FIELDS),
                               ("practices", practices, PRACTICE_FIELDS)):
        if not recs:
            continue
        out.append(name + ":\n")
        seen = set()
        for r in recs:
            if r["id"] in seen:
                raise SystemExit("duplicate %s id %s" % (name, r["id"]))
            seen.add(r["id"])
            emit_record(out, r, fields)
    return "".join(out)


def write_text(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def copy_bytes(src, dst):
    with open(src, "rb") as f:
        data = f.read()
    tmp = dst + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, dst)


# ---------------------------------------------------------------------------
# Practices imported with `sharitories import` and the mapping files of
# data/import/ (the CGET one is examples/import/): this script only turns the
# sources that are not CSV (GeoJSON, Overpass JSON) into CSV, unchanged, and
# runs the importer, which resolves every row's commune (never guessing) and
# writes the catalog file and the rows left out with their reason.
# ---------------------------------------------------------------------------

# (output stem, mapping, source CSV (None: converted), outlines?, extra catalog files)
IMPORTS = [
    ("tiers-lieux-cget-2019", "examples/import/cget-tiers-lieux-2019.mapping.yaml",
     "data/cget-tiers-lieux-2019/tiers-lieux.csv", True, []),
    ("covoiturage-bnlc-2024", "data/import/bnlc-2024.mapping.yaml",
     "data/bnlc-2024/bnlc.csv", True, []),
    ("anct-fabriques-de-territoire-2024", "data/import/anct-fabriques-de-territoire.mapping.yaml",
     None, False, []),
    ("anct-manufactures-de-proximite-2024",
     "data/import/anct-manufactures-de-proximite.mapping.yaml", None, False,
     ["anct-fabriques-de-territoire-2024.yaml"]),
    ("anct-engagement-citoyen-2024", "data/import/anct-engagement-citoyen.mapping.yaml",
     None, False, []),
    ("repair-osm-2020", "data/import/osm-repair-2020.mapping.yaml", None, True, []),
]

OUTLINES = "data/france-geojson-2018/communes"


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    write_text(path, buf.getvalue())


def anct_points_csv(shared, name, dst):
    """fabt.geojson / manuprox.geojson: the properties of each commune point, as CSV."""
    with open(os.path.join(shared, "data", "anct-programmes-2024", name), encoding="utf-8") as f:
        feats = json.load(f)["features"]
    keys = ["id_territoire", "lib_territoire", "id_geo", "lib_geo", "liste_geo"]
    write_csv(dst, keys, [[f["properties"].get(k) or "" for k in keys] for f in feats])
    return len(feats)


def engagement_csv(shared, dst):
    """engagement-citoyen.csv with a `nom` column: the scheme and its territory
    ("AI — Montaud"), the source giving no name of its own."""
    path = os.path.join(shared, "data", "anct-programmes-2024", "engagement-citoyen.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    keys = list(rows[0].keys())
    write_csv(dst, keys + ["nom"],
              [[r[k] for k in keys] + ["%s — %s" % (r["Dispositif"], r["libgeo"])] for r in rows])
    return len(rows)


OSM_KEYS = ["name", "amenity", "contact:city", "contact:postcode", "contact:website",
            "description"]


def repair_csv(shared, dst):
    """repair.json (Overpass): one row per node, its id, point and a few tags."""
    with open(os.path.join(shared, "data", "osm-repair-2020", "repair.json"),
              encoding="utf-8") as f:
        elements = json.load(f)["elements"]
    rows = []
    for e in elements:
        t = e.get("tags", {})
        rows.append(["%s-%d" % (e["type"], e["id"]), e.get("lat", ""), e.get("lon", "")]
                    + [str(t.get(k, "")) for k in OSM_KEYS])
    write_csv(dst, ["osm_id", "lat", "lon"] + OSM_KEYS, rows)
    return len(rows)


IMPORT_LINE_RE = re.compile(r"^(.+): (\d+) rows, (\d+) imported, (\d+) left out$")
METHOD_LINE_RE = re.compile(r"^  (\S+)\s+(\d+)$")


def run_import(cli, root, shared, out, work, stem, mapping, source, outlines, extra):
    """Run `sharitories import`; return {"rows", "imported", "left_out", "methods"}."""
    csv_path = os.path.join(shared, source) if source else os.path.join(work, stem + ".csv")
    cmd = [cli, "import", "--quiet", "--map", os.path.join(root, mapping)]
    if outlines:
        cmd += ["--outlines", os.path.join(shared, OUTLINES)]
    cmd += ["--rejected", os.path.join(out, stem + ".unresolved.csv"), csv_path,
            "-o", os.path.join(out, stem + ".yaml"), os.path.join(out, "fr-territories-2026.yaml")]
    cmd += [os.path.join(out, e) for e in extra]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit("%s failed (%d):\n%s%s" % (" ".join(cmd), proc.returncode,
                                                   proc.stdout, proc.stderr))
    lines = proc.stdout.splitlines()
    m = IMPORT_LINE_RE.match(lines[0])
    if not m:
        raise SystemExit("unexpected output of %s: %r" % (" ".join(cmd), lines[0]))
    res = {"rows": int(m.group(2)), "imported": int(m.group(3)), "left_out": int(m.group(4)),
           "methods": {}}
    for line in lines[1:]:
        mm = METHOD_LINE_RE.match(line)
        if mm:
            res["methods"][mm.group(1)] = int(mm.group(2))
    with open(os.path.join(out, stem + ".unresolved.csv"), encoding="utf-8", newline="") as f:
        res["unresolved"] = list(csv.DictReader(f))
    return res


def build_imports(cli, root, shared, out):
    results = {}
    with tempfile.TemporaryDirectory() as work:
        anct_points_csv(shared, "fabt.geojson",
                        os.path.join(work, "anct-fabriques-de-territoire-2024.csv"))
        anct_points_csv(shared, "manuprox.geojson",
                        os.path.join(work, "anct-manufactures-de-proximite-2024.csv"))
        engagement_csv(shared, os.path.join(work, "anct-engagement-citoyen-2024.csv"))
        repair_csv(shared, os.path.join(work, "repair-osm-2020.csv"))
        for stem, mapping, source, outlines, extra in IMPORTS:
            results[stem] = run_import(cli, root, shared, out, work, stem, mapping, source,
                                       outlines, extra)
    return results


def reason_kind(reason):
    """The last telling note of a reason (not "no postal code" and the like, when there is
    another), with codes, names and ids replaced, to count reasons."""
    notes = reason.split("; ")
    generic = ("no INSEE code", "no postal code", "no department", "no commune name")
    telling = [n for n in notes if n not in generic]
    last = (telling or notes)[-1]
    last = re.sub(r"\(-?[0-9.]+, -?[0-9.]+\)", "(lat, lon)", last)
    last = re.sub(r"\b[0-9][0-9AB][0-9]{3}\b|\b[0-9]{9}\b|\b[0-9]{2,3}\b", "N", last)
    last = re.sub(r"point in \S+ \(.*\), not named .*", "point in a commune not of that name",
                  last)
    last = re.sub(r"point in \S+ \(.*\), not in department .*",
                  "point in a commune of another department", last)
    last = re.sub(r"named .*", "named <name>", last)
    last = re.sub(r"(shared by|name:|communes:) .*", r"\1 <ids>", last)
    return last


# ---------------------------------------------------------------------------
# Seeds: hand-curated from the five seed documents.  Only facts the seeds
# state; where the format requires a field the seeds leave open (a territory
# for a practice, an actor kind) the choice is the most cautious one
# ("fr" for a French practice of national or unstated scope, kind "other"
# when the seed gives no legal form) and is listed in data/README.md.
# ---------------------------------------------------------------------------

SEED_FILES = {
    "000": "000_985188244849a2af.txt",
    "001": "001_313ab9ee67fda5b0.txt",
    "002": "002_10d48ab7cece6aab.txt",
    "003": "003_774a557c98becdd5.txt",
    "004": "004_ba8e06da56a2394b.txt",
}


def find_territory(by_id, kind, name, parent=None):
    hits = [t["id"] for t in by_id.values()
            if t["kind"] == kind and t["name"] == name
            and (parent is None or t.get("parent") == parent)]
    if len(hits) != 1:
        raise SystemExit("territory %s %r (parent %s): %d matches" % (kind, name, parent, len(hits)))
    return hits[0]


# Population and location of the four European towns of the study, each from a cited page (a
# copy of the Wikipedia article on the municipality, in English, Italian or German, stored by
# the project's search tool). Degrees-minutes of a page are converted to decimal degrees (4 decimals).
# id: (population, year of the population, (lat, lon), population source, location source)
EUROPEAN_TOWNS = {
    "pt-aveiro": (78450, "2011 census, INE", (40.6167, -8.6333),
                  "https://www.wingsch.net/en/aveiro-das-venedig-von-portugal/",
                  "https://wap.bdmobi.com/view_html.php?lang=it&q=Aveiro_%28Portogallo%29"
                  "&sq=Bangladesh"),
    "be-genk": (66110, "1 January 2018", (50.967, 5.5),
                "https://hmong.in.th/wiki/Genk,_Belgium",
                "https://hmong.in.th/wiki/Genk,_Belgium"),
    "nl-hilversum": (90261, "January 2021", (52.233, 5.167),
                     "https://db0nus869y26v.cloudfront.net/en/Hilversum",
                     "https://db0nus869y26v.cloudfront.net/en/Hilversum"),
    "se-kristianstad": (86560, "31 December 2023", (56.0333, 14.15),
                        "https://de.teknopedia.teknokrat.ac.id/wiki/Kristianstad_(Gemeinde)",
                        "https://de.teknopedia.teknokrat.ac.id/wiki/Kristianstad_(Gemeinde)"),
}


def european_town(tid, name, parent):
    pop, _year, loc = EUROPEAN_TOWNS[tid][:3]
    return {"id": tid, "name": name, "kind": "commune", "parent": parent,
            "population": pop, "location": loc}


def build_seeds(by_id):
    cchvc = find_territory(by_id, "epci", "CC de la Haute Vallée de Chevreuse")
    lorient = find_territory(by_id, "commune", "Lorient", "fr-dep-56")
    epinal = find_territory(by_id, "commune", "Épinal", "fr-dep-88")
    mdm = find_territory(by_id, "commune", "Mont-de-Marsan", "fr-dep-40")
    narbonne = find_territory(by_id, "commune", "Narbonne", "fr-dep-11")
    paris = find_territory(by_id, "commune", "Paris", "fr-dep-75")
    lille = find_territory(by_id, "commune", "Lille", "fr-dep-59")
    moulins = find_territory(by_id, "commune", "Moulins", "fr-dep-03")
    savoie = find_territory(by_id, "department", "Savoie")
    finistere = find_territory(by_id, "department", "Finistère")
    idf = find_territory(by_id, "region", "Île-de-France")
    rennes_m = find_territory(by_id, "epci", "Rennes Métropole")

    territories = [
        {"id": "pt", "name": "Portugal", "kind": "country", "code": "PT"},
        {"id": "be", "name": "Belgique", "kind": "country", "code": "BE"},
        {"id": "nl", "name": "Pays-Bas", "kind": "country", "code": "NL"},
        {"id": "se", "name": "Suède", "kind": "country", "code": "SE"},
        european_town("pt-aveiro", "Aveiro", "pt"),
        european_town("be-genk", "Genk", "be"),
        european_town("nl-hilversum", "Hilversum", "nl"),
        european_town("se-kristianstad", "Kristianstad", "se"),
        {"id": "fr-pm-pays-de-brest", "name": "Pôle métropolitain du Pays de Brest",
         "kind": "other", "parent": finistere},
    ]

    actors = [
        {"id": "le-lab", "name": "Le Lab", "kind": "other",
         "links": ["https://www.le-lab.org/"]},
        {"id": "ouishare", "name": "Ouishare", "kind": "association"},
        {"id": "chronos", "name": "Chronos", "kind": "company"},
        {"id": "cget", "name": "CGET", "kind": "state_service", "territory": "fr"},
        {"id": "transdev", "name": "Transdev", "kind": "company"},
        {"id": "castorama", "name": "Castorama", "kind": "company"},
        {"id": "cchvc", "name": "Communauté de communes de la Haute-Vallée de Chevreuse (CCHVC)",
         "kind": "public_authority", "territory": cchvc},
        {"id": "region-ile-de-france", "name": "Région Île-de-France",
         "kind": "public_authority", "territory": idf},
        {"id": "ademe", "name": "Ademe", "kind": "public_body", "territory": "fr"},
        {"id": "ministere-ecologie-2015",
         "name": "Ministère de l’écologie, du développement durable et de l’énergie",
         "kind": "state_service", "territory": "fr"},
        {"id": "agence-economique-savoie", "name": "Agence Économique de Savoie",
         "kind": "other", "territory": savoie},
        {"id": "critt-savoie",
         "name": "Centre Régional de l’Innovation et Transfert Technologique de Savoie",
         "kind": "other", "territory": savoie},
        {"id": "savoie-technolac", "name": "Savoie Technolac", "kind": "other",
         "territory": savoie},
        {"id": "pole-metropolitain-pays-de-brest",
         "name": "Pôle métropolitain du Pays de Brest", "kind": "public_body",
         "territory": "fr-pm-pays-de-brest"},
        {"id": "cap-rural", "name": "Cap Rural", "kind": "other"},
        {"id": "mairie-de-paris", "name": "Mairie de Paris", "kind": "public_authority",
         "territory": paris},
        {"id": "la-27e-region", "name": "La 27e Région", "kind": "other"},
        {"id": "la-ruche-qui-dit-oui", "name": "La Ruche qui dit oui", "kind": "other"},
        {"id": "regeneration", "name": "ReGénération", "kind": "citizen_collective"},
        {"id": "institut-cdc-recherche", "name": "Institut CDC pour la Recherche",
         "kind": "other"},
        {"id": "puca", "name": "PUCA", "kind": "other"},
    ]

    all_axes = ["contributors", "public_actor", "solidarity", "co_production",
                "shared_resources"]
    practices = [
        {"id": "sharitories", "name": "Sharitories",
         "category": "knowledge_platform", "axes": all_axes,
         "territories": [lorient, epinal, mdm, narbonne,
                         "pt-aveiro", "be-genk", "nl-hilversum", "se-kristianstad"],
         "actors": [("le-lab", "carrier"), ("ouishare", "carrier"),
                    ("chronos", "carrier"), ("cget", "partner"),
                    ("transdev", "partner"), ("castorama", "partner")],
         "status": "ended",
         "description": "Étude menée dans huit villes moyennes – quatre françaises et quatre "
                        "européennes – pour repérer et collecter les pratiques collaboratives "
                        "en œuvre dans ces territoires et en dresser un panorama. Le Lab, "
                        "association entre Chronos et Ouishare, a mené cette exploration en "
                        "collaboration avec le CGET et les entreprises Transdev et Castorama. "
                        "Elle propose une feuille de route sous forme de fiches-actions.",
         "tags": ["sharitories", "villes-moyennes"],
         "figures": [("towns", 8)],
         "links": ["https://www.sharitories.eu/"]},
        {"id": "cchvc-autopartage", "name": "Autopartage et covoiturage à la demande",
         "category": "carsharing", "axes": ["shared_resources", "solidarity"],
         "territories": [cchvc],
         "actors": [("cchvc", "carrier"), ("region-ile-de-france", "funder"),
                    ("ademe", "funder")],
         "started": 2016,
         "description": "Système d’auto-partage et de co-voiturage à la demande pour les 26 000 "
                        "habitants des dix villes et villages de la CCHVC (Yvelines), à la "
                        "rentrée 2016, co-financé par la région Île-de-France et l’Ademe : 16 "
                        "stations de charge, 16 véhicules électriques en auto-partage, des "
                        "conducteurs bénévoles et un bureau des voyages pour réserver.",
         "tags": ["electrique", "rural", "periurbain"],
         "figures": [("vehicles", 16), ("stations", 16)]},
        {"id": "paris-budget-participatif", "name": "Budget participatif de Paris",
         "category": "participatory_budget", "territories": [paris],
         "actors": [("mairie-de-paris", "carrier")],
         "description": "500 millions d’euros alloués chaque année par la mairie pour financer "
                        "des projets d’investissements locaux, proposés et sélectionnés par les "
                        "parisiens. En septembre 2015, 70 000 citoyens ont participé au vote.",
         "figures": [("budget_eur", 500000000), ("voters", 70000)]},
        {"id": "wikiresilience", "name": "Wikirésilience",
         "category": "knowledge_platform", "territories": ["fr"],
         "actors": [("ministere-ecologie-2015", "carrier")],
         "started": 2015,
         "description": "Outil collaboratif lancé en mars 2015 par le Ministère de l’écologie, "
                        "du développement durable et de l’énergie pour partager connaissances "
                        "et pratiques entre acteurs désireux d’améliorer la résilience de leur "
                        "territoire."},
        {"id": "idlab-savoie", "name": "IDLab",
         "category": "innovation_workshop", "territories": [savoie],
         "actors": [("agence-economique-savoie", "carrier"), ("critt-savoie", "carrier"),
                    ("savoie-technolac", "carrier")],
         "started": 2016,
         "description": "Atelier territorial de créativité et d’innovation par les usages, né "
                        "en janvier 2016 : un laboratoire d’idées et d’expérimentations pour "
                        "les entreprises du territoire, en premier lieu les PME et TPE."},
        {"id": "animfr", "name": "Réseau AnimFr",
         "category": "community_network", "territories": ["fr"],
         "description": "Réseau social ouvert à tous les animateurs de communautés ou de "
                        "groupes de travail en ligne, lancé à l’issue de plusieurs rencontres "
                        "et formations."},
        {"id": "cap-rural-animation", "name": "Espace de ressources « Animation » de Cap Rural",
         "category": "knowledge_platform", "territories": ["fr"],
         "actors": [("cap-rural", "carrier")],
         "description": "Espace recensant des ressources de Cap Rural ou d’autres organismes "
                        "pour préparer et mener des animations, enrichi en continu."},
        {"id": "la-27e-region", "name": "La 27e Région",
         "category": "public_innovation_lab", "territories": ["fr"],
         "actors": [("la-27e-region", "carrier")],
         "description": "Laboratoire expérimental et collaboratif pour tester des moyens de "
                        "mise en œuvre de l’action publique."},
        {"id": "la-ruche-qui-dit-oui", "name": "La Ruche qui dit oui",
         "category": "short_food_circuit", "territories": ["fr"],
         "actors": [("la-ruche-qui-dit-oui", "carrier")],
         "description": "Permet de recréer du lien entre la ville et les zones rurales."},
        {"id": "regeneration", "name": "ReGénération",
         "category": "civic_participation", "territories": ["fr"],
         "actors": [("regeneration", "carrier")],
         "description": "Mouvement politique qui souhaite donner la parole aux citoyens afin "
                        "de faire émerger des propositions d’actions concrètes autour de trois "
                        "thèmes : Jeunesse, Travail et Séniors."},
        {"id": "brest-espaces-travail-partages",
         "name": "Étude d’opportunité sur les espaces de travail partagés (Pays de Brest)",
         "category": "coworking", "territories": ["fr-pm-pays-de-brest"],
         "actors": [("pole-metropolitain-pays-de-brest", "carrier")],
         "description": "Étude d’opportunité engagée par le Pôle métropolitain du Pays de "
                        "Brest pour comprendre les espaces de travail partagés, quantifier le "
                        "potentiel d’utilisateurs et leurs besoins ; elle prend la forme d’un "
                        "guide destiné aux collectivités."},
        {"id": "sharing-lille",
         "name": "Sharing Lille : l’économie collaborative au service des territoires",
         "category": "innovation_workshop", "territories": [lille],
         "actors": [("ouishare", "carrier")],
         "status": "ended",
         "description": "Journée de conférences, débats et ateliers créatifs organisée le 21 "
                        "avril par Ouishare autour de la place du citoyen et des formes de "
                        "travail dans un territoire."},
        {"id": "rennes-ateliers-transformations",
         "name": "Ateliers « Prendre du recul sur les transformations en cours »",
         "category": "innovation_workshop", "territories": [rennes_m],
         "status": "ended",
         "description": "Cinq ateliers tenus à l’Hôtel de Rennes Métropole sur l’économie "
                        "collaborative : travail, gouvernance des données, solidarité et "
                        "proximité, financement participatif, résilience des territoires.",
         "figures": [("workshops", 5)]},
        {"id": "villes-moyennes-coproduction",
         "name": "Villes moyennes : construire un nouveau modèle d’action territoriale basé "
                 "sur la coproduction",
         "category": "knowledge_platform", "territories": [moulins],
         "actors": [("institut-cdc-recherche", "funder"), ("puca", "funder")],
         "description": "Étude menée avec le soutien de l’Institut CDC pour la Recherche et du "
                        "PUCA auprès de trois villes moyennes françaises (dont Moulins), qui "
                        "propose aux villes moyennes un nouveau modèle d’action.",
         "figures": [("towns", 3)]},
    ]
    return territories, actors, practices


# ---------------------------------------------------------------------------
# data/sharitories-towns.yaml is a hand-curated source file (not generated): the practices of
# the eight towns that public pages name.  The build only reads it to list its sources in
# README.md (one line per practice: id, name, territories, links).

TOWNS_FILE = "sharitories-towns.yaml"
# (territory, name, id prefix of its practices in the towns file)
TOWN_NAMES = [("fr-com-56121", "Lorient", "lorient"), ("fr-com-88160", "Épinal", "epinal"),
              ("fr-com-40192", "Mont-de-Marsan", "montdemarsan"),
              ("fr-com-11262", "Narbonne", "narbonne"), ("pt-aveiro", "Aveiro", "aveiro"),
              ("be-genk", "Genk", "genk"), ("nl-hilversum", "Hilversum", "hilversum"),
              ("se-kristianstad", "Kristianstad", "kristianstad")]


def read_towns(path):
    """The practices of the towns file: dicts with id, name, territories, links (in order)."""
    practices, cur, section = [], None, None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = "%s:%d" % (path, n)
            m = re.fullmatch(r"([a-z]+):.*", line)
            if m:
                section = m.group(1)
                continue
            if section != "practices":
                continue
            m = re.fullmatch(r"  - id: ([a-z0-9._:-]+)", line)
            if m:
                cur = {"id": m.group(1)}
                practices.append(cur)
                continue
            m = re.fullmatch(r"    (name|territories|links): (.*)", line)
            if m and cur is not None:
                cur[m.group(1)] = _value(m.group(2), where)
    prefixes = tuple(t[2] + "-" for t in TOWN_NAMES)
    for p in practices:
        if not p.get("links"):
            raise SystemExit("%s: practice %s has no links" % (path, p["id"]))
        if not p["id"].startswith(prefixes):
            raise SystemExit("%s: practice %s: id does not start with a town" % (path, p["id"]))
    return practices


def towns_readme(towns):
    if not towns:
        return []
    L = []
    a = L.append
    a("## Sharitories towns (`%s`, hand-curated)" % TOWNS_FILE)
    a("")
    a("Unlike the other files, `%s` is a hand-curated source file, not generated: the "
      "collaborative practices of the eight towns of the study that public pages name (the "
      "study's own dataset was never published). It was written from stored copies of public "
      "web pages reached through the project's search tool, like the seed documents are the "
      "source of `sharitories-seeds.yaml`; its header says how. Rules: only what a cited page "
      "says (a practice a page does not name gets a descriptive name in brackets); territory "
      "the commune, or its EPCI where the page says the EPCI runs the practice; `started` and "
      "`status` only where a page says them (otherwise the format default, active, means « not "
      "known to have ended »); practices already in the CGET file (La Colloc in Lorient, the "
      "fablab of the Grand Narbonne, WAW ! in Narbonne, La Fabrik and Fabriques Alternatives "
      "in Mont-de-Marsan) are not recorded twice; one category is added, `biowaste_biogas`, "
      "for Kristianstad's shared bio-waste turned into biogas. Licence: facts from the cited "
      "pages, paraphrased, each practice with its source addresses in `links` (tag "
      "`sharitories-towns`). %d practices." % (TOWNS_FILE, len(towns)))
    a("")
    a("Also read, for the study itself (no practice recorded from them alone): the journal "
      "of La Colloc on how Lorient entered the study, one of 136 French towns of 20,000 to "
      "100,000 inhabitants searched by keywords (https://journal.la-colloc.co/?p=5224); the "
      "official restitution (https://fondation-travailler-autrement.org/2017/12/01/"
      "restitution-officielle-projet-sharitories-lab-ouishare-x-chronos); Ouishare at "
      "Narbonne (https://midenews.com/ouishare-scrute-narbonne/); the launch "
      "(http://www.smartcitymag.fr/article/115/sharitories-exploration-des-villes-"
      "collaboratives); https://www.sharitories.eu/pourquoi/. The populations and locations "
      "of the European towns are figures of copies of Wikipedia articles (CC BY-SA), degrees "
      "and minutes converted to decimal degrees.")
    a("")
    a("Not found in the stored pages: a named fablab or AMAP of Lorient (the Banque des "
      "Territoires names neither); a local currency, AMAP or repair café in Épinal; a repair "
      "café in Mont-de-Marsan or Narbonne; a repair café, coworking or car-sharing scheme in "
      "Aveiro or Kristianstad; coworking or car-sharing in Genk; and any page describing what "
      "the study itself recorded in each town.")
    a("")
    a("Sources, by town (each line: the practice and the pages that support it):")
    a("")
    for tid, name, prefix in TOWN_NAMES:
        rows = [p for p in towns if p["id"].startswith(prefix + "-")]
        a("### %s (`%s`)" % (name, tid))
        a("")
        if tid in EUROPEAN_TOWNS:
            pop, year, loc, psrc, lsrc = EUROPEAN_TOWNS[tid]
            a("- population %d (%s): %s; location [%s, %s]: %s"
              % (pop, year, psrc, num(loc[0]), num(loc[1]), lsrc))
        for p in rows:
            a("- `%s` (%s): %s" % (p["id"], p["name"], ", ".join(p["links"])))
        a("")
    return L


def keep_hand_sections(text, old_path):
    """@p text (the generated README) followed by the `## ` sections of the existing README at
    @p old_path whose headings the build does not write (sections written by hand, such as the
    référentiel d'actions), in their order, so that a rebuild keeps them."""
    if not os.path.exists(old_path):
        return text
    with open(old_path, encoding="utf-8") as f:
        old = f.read()
    made = set(re.findall(r"(?m)^## .*$", text))
    parts = re.split(r"(?m)^(?=## )", old)[1:]
    kept = [p.rstrip("\n") + "\n" for p in parts if p.split("\n", 1)[0] not in made]
    if not kept:
        return text
    return text.rstrip("\n") + "\n\n" + "\n".join(kept)


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", required=True, help="shared inputs folder")
    ap.add_argument("--out", required=True, help="output folder (data/)")
    ap.add_argument("--cli", default="build/tools/cli/sharitories",
                    help="the built sharitories tool (default: build/tools/cli/sharitories)")
    args = ap.parse_args(argv)
    shared, out = args.shared, args.out
    os.makedirs(out, exist_ok=True)

    terr_src = os.path.join(shared, "data", "fr-territories-2026.yaml")
    territories = read_territories(terr_src)
    by_id = {t["id"]: t for t in territories}
    if len(by_id) != len(territories):
        raise SystemExit("duplicate ids in %s" % terr_src)
    for code in ["751%02d" % i for i in range(1, 21)] + ["6938%d" % i for i in range(1, 10)] \
            + ["132%02d" % i for i in range(1, 17)]:
        t = by_id.get("fr-com-" + code)
        if not t or t["kind"] != "district":
            raise SystemExit("expected district fr-com-%s" % code)

    # 1. territories (byte copy, header comment kept) and licence
    locations, loc_report = geo_locations.compute_locations(shared, territories)
    members, members_missing = geo_locations.programme_groups(shared, territories)
    for gid, miss in members_missing.items():
        if miss:
            raise SystemExit("%s: entries without a 2026 commune: %r" % (gid, miss))
    lowered = copy_territories(terr_src, os.path.join(out, "fr-territories-2026.yaml"),
                               locations, members)
    copy_bytes(os.path.join(shared, "data", "cget-tiers-lieux-2019", "LICENCE.md"),
               os.path.join(out, "LICENCE-cget-tiers-lieux-2019.md"))

    # 3. seeds
    s_terr, s_act, s_prac = build_seeds(by_id)
    text = emit_file(
        ["Practices, actors and territories named in the Sharitories seed documents.",
         "Only facts stated by the seeds; see data/README.md for the choices made.",
         "Generated by tools/build_data.py; do not edit by hand."],
        {"title": "Sharitories : pratiques, acteurs et territoires cités dans les documents sources",
         "source": "Seed documents: " + ", ".join(SEED_FILES[k] for k in sorted(SEED_FILES))
                   + " (CGET article of 13/12/2017 on Sharitories; Sharitories five axes; "
                     "collaborative practices digest; Sharing Lille report; Rennes "
                     "Métropole workshops)",
         "licence": "Short factual excerpts from the cited source documents"},
        territories=s_terr, actors=s_act, practices=s_prac)
    write_text(os.path.join(out, "sharitories-seeds.yaml"), text)

    # 3. practices imported with `sharitories import`
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    results = build_imports(args.cli, root, shared, out)

    # 4. figures of the default catalog, by the tool itself
    catalog = [os.path.join(out, name) for name in read_catalog_list(out)]
    families = panorama(args.cli, catalog, "family")

    # 5. README
    towns_path = os.path.join(out, TOWNS_FILE)
    towns = read_towns(towns_path) if os.path.exists(towns_path) else []
    ref_path = os.path.join(out, "referentiel-actions.yaml")
    referentiel = None
    if os.path.exists(ref_path):
        with open(ref_path, encoding="utf-8") as f:
            referentiel = len(re.findall(r"(?m)^  - id: ", f.read()))
    readme_path = os.path.join(out, "README.md")
    write_text(readme_path,
               keep_hand_sections(readme(results, families, s_terr, s_act, s_prac, loc_report,
                                         members, towns, referentiel),
                                  readme_path))

    print("territories: %d records, %d id/parent/groups lines lower-cased"
          % (len(territories), lowered))
    for stem, r in results.items():
        print("%s: %d rows, %d imported, %d left out %s"
              % (stem, r["rows"], r["imported"], r["left_out"],
                 {k: v for k, v in r["methods"].items() if v}))
    print("families: %s" % families)
    print("seeds: %d territories, %d actors, %d practices"
          % (len(s_terr), len(s_act), len(s_prac)))
    return 0


def read_catalog_list(out):
    with open(os.path.join(out, "default.catalog"), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def panorama(cli, files, dim):
    """[(value, practices)] of `sharitories panorama --by DIM` on files."""
    proc = subprocess.run([cli, "panorama", "-f", "csv", "--by", dim] + files,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit("panorama failed:\n" + proc.stderr)
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    return [(r[0], int(r[1])) for r in rows[1:]]


SOURCES = {
    "tiers-lieux-cget-2019": (
        "CGET tiers-lieux (tag `cget-2019`; category from TYPO: coworking, fablab, else "
        "third_place)",
        "CGET, Mission Coworking, 2019 (anct-carto/mission_coworking), `tiers-lieux.csv`",
        "Licence Ouverte 2.0 (`LICENCE-cget-tiers-lieux-2019.md`)"),
    "covoiturage-bnlc-2024": (
        "carpooling places, every one a practice of category `carpooling` (tags `bnlc-2024` "
        "and the source's type: `Auto-stop` for organised hitch-hiking stops, `Aire de "
        "covoiturage`, `Parking`...); where the source's SIREN is an EPCI of ours, that EPCI's "
        "authority is the place's `operator` (actors `actor-fr-epci-SIREN`, named after the "
        "EPCI)",
        "Base nationale des lieux de covoiturage, transport.data.gouv.fr "
        "(etalab/transport-base-nationale-covoiturage, `bnlc-.csv`, 2024-07-30)",
        "**ODbL 1.0**: a derived database, under the ODbL"),
    "anct-fabriques-de-territoire-2024": (
        "Fabriques de territoire, one practice per project (category `third_place`, tag "
        "`fabrique-de-territoire`, the ANCT as `funder`; declares the actor `anct`)",
        "ANCT, anct-carto/superposeur-anct, `fabt.geojson` (2024-09)", "Licence Ouverte 2.0"),
    "anct-manufactures-de-proximite-2024": (
        "Manufactures de proximité, one practice per project (category `third_place`, tag "
        "`manufacture-de-proximite`, the ANCT as `funder`)",
        "ANCT, anct-carto/superposeur-anct, `manuprox.geojson` (2024-09)",
        "Licence Ouverte 2.0"),
    "anct-engagement-citoyen-2024": (
        "citizen-engagement schemes of a commune or an EPCI (category `civic_participation`, "
        "tags `engagement-citoyen` and the scheme: AI, CCO, PATDE, PPTDE; named "
        "« scheme — territory », the source giving no name)",
        "ANCT, anct-carto/engagement-citoyen, `engagement-citoyen.csv`", "Licence Ouverte 2.0"),
    "repair-osm-2020": (
        "repair cafés and self-repair workshops (category `repair_cafe`, tag `osm-2020`), "
        "placed by their postal code and city, else by their point in a commune outline",
        "© OpenStreetMap contributors, Overpass 2020-01-25 (repair=assisted_self_service), "
        "cached by vivreanantes/cartovrac",
        "**ODbL 1.0**, © OpenStreetMap contributors: a derived database, under the ODbL"),
}

METHOD_LABELS = {
    "code": "the INSEE code is a 2026 commune's",
    "former": "a former code of one 2026 commune",
    "district": "a Paris/Lyon/Marseille district code",
    "postal+name": "postal code + commune name (with or without its article)",
    "department+name": "department + commune name (with or without its article)",
    "epci": "the code is an EPCI's SIREN",
    "outline": "the point lies in one commune's 2018 outline, agreeing with the row's name "
               "and department",
}


def readme(results, families, s_terr, s_act, s_prac, loc_report, members, towns=(),
           referentiel=None):
    L = []
    a = L.append
    a("# Bundled catalog data")
    a("")
    a("Files of the default catalog shipped with libsharitories, in the catalog format v1")
    if referentiel is None:
        a("(`docs/format.md`). They are generated; do not edit them by hand. Rebuild with:")
    else:
        a("(`spec/format.md`). They are generated; do not edit them by hand, except the "
          "référentiel")
        a("d'actions (`referentiel-actions.yaml`) and the practices of the eight towns "
          "(`%s`),\nwhich are written by hand (see below). Rebuild with:" % TOWNS_FILE)
    a("")
    a("```sh")
    a("meson compile -C build   # the script runs build/tools/cli/sharitories")
    a("/usr/bin/python3 tools/build_data.py --shared /work/shared --out data")
    a("/usr/bin/python3 tools/check_data.py data        # needs python3-yaml")
    a("```")
    a("")
    a("The script needs Debian's python3-shapely (outline centroids) and its output is "
      "deterministic. It computes the territory locations and groups itself, and produces "
      "every file of practices with the project's importer (`sharitories import`) and the "
      "mapping files of `data/import/` (the CGET one is `examples/import/`"
      "`cget-tiers-lieux-2019.mapping.yaml`); it only turns the sources that are not CSV "
      "(GeoJSON, Overpass JSON) into CSV first. Each `*.unresolved.csv` lists the rows the "
      "importer left out, with their reason (`line,id,name,reason`; `line` is the line of the "
      "CSV given to the importer).")
    a("")
    a("## Files")
    a("")
    a("| file | content | source | licence |")
    a("| --- | --- | --- | --- |")
    a("| `fr-territories-2026.yaml` | French territories 2026: country, regions, departments, "
      "EPCI, communes, municipal districts of Paris/Lyon/Marseille (copy of the shared file; the "
      "upper-case Corsican ids such as `fr-dep-2A`, `fr-com-2A004` are lower-cased, "
      "`fr-dep-2a`, `fr-com-2a004`, as format.md allows only a-z 0-9 - _ . : in ids), with "
      "their `location` and the programme groups `fr-prog-acv`, `fr-prog-pvd` "
      "| npm package @etalab/decoupage-administratif 6.0.0 (INSEE COG, DGCL, INSEE legal "
      "populations); outlines: IGN Admin Express COG 2018 (gregoiredavid/france-geojson), "
      "ANCT 2024; programmes: ANCT 2024 | Licence Ouverte / Open Licence (Etalab), "
      "Licence Ouverte 2.0 |")
    a("| `sharitories-seeds.yaml` | %d practices, %d actors, %d territories named in the "
      "Sharitories seed documents | the five seed documents (`seeds/*.txt`) | short factual "
      "excerpts, cited |" % (len(s_prac), len(s_act), len(s_terr)))
    if towns:
        a("| `%s` | %d practices of the eight towns of the study named by public pages "
          "(hand-curated, not generated) | the pages in each practice's `links` | facts from "
          "the cited pages |" % (TOWNS_FILE, len(towns)))
    if referentiel is not None:
        a("| `referentiel-actions.yaml` | %d fiches-actions in French and English (top-level "
          "`actions`), written for the project, not generated | the seed documents and the "
          "public pages cited in each fiche (see below) | MIT, like libsharitories "
          "(`LICENSE`) |" % referentiel)
    for stem, (content, source, licence) in SOURCES.items():
        r = results[stem]
        a("| `%s.yaml` | %d %s | %s | %s |" % (stem, r["imported"], content, source, licence))
        a("| `%s.unresolved.csv` | %d rows left out, with their reason | same | same |"
          % (stem, r["left_out"]))
    a("| `LICENCE-cget-tiers-lieux-2019.md` | text of the Licence Ouverte 2.0 | | |")
    a("")
    a("## Attributions (required)")
    a("")
    a("- `fr-territories-2026.yaml`: Source: @etalab/decoupage-administratif 6.0.0 "
      "(INSEE Code officiel géographique, DGCL, INSEE legal populations), Licence Ouverte / "
      "Open Licence (Etalab); locations computed from IGN Admin Express COG 2018 "
      "(gregoiredavid/france-geojson, Licence Ouverte) and ANCT outlines 2024 (Licence "
      "Ouverte 2.0); programme groups « ANCT, 2024 » (Licence Ouverte 2.0).")
    a("- `tiers-lieux-cget-2019.*`: « CGET, Mission Coworking, 2019 », Licence Ouverte 2.0. "
      "Derived data: rows converted to practices, communes mapped to their 2026 code, links "
      "normalised.")
    a("- `covoiturage-bnlc-2024.*`: « Base nationale des lieux de covoiturage, "
      "transport.data.gouv.fr », **Open Database License (ODbL) 1.0**. These files are a "
      "derived database of the BNLC and are distributed under the ODbL "
      "(https://opendatacommons.org/licenses/odbl/1-0/); any public use must keep this notice.")
    a("- `anct-*.yaml`, `anct-*.unresolved.csv`: « ANCT, 2024 » (anct-carto/superposeur-anct, "
      "anct-carto/engagement-citoyen), Licence Ouverte 2.0.")
    a("- `repair-osm-2020.*`: « © OpenStreetMap contributors », **Open Database License "
      "(ODbL) 1.0** (https://www.openstreetmap.org/copyright). These files are a derived "
      "database of OpenStreetMap and are distributed under the ODbL.")
    a("")
    a("## Figures of the default catalog")
    a("")
    a("Practices by family (`sharitories panorama --by family`; a practice counts once under "
      "its category's family):")
    a("")
    a("| family | practices |")
    a("| --- | ---: |")
    for fam, n in families:
        a("| %s | %d |" % (fam, n))
    a("")
    a("Practices by source, and how each row's territory was found (never guessed: a row "
      "that matches no or several territories is left out with its reason):")
    a("")
    methods = [m for m in METHOD_LABELS if any(r["methods"].get(m) for r in results.values())]
    a("| file | rows | imported | left out | " + " | ".join(methods) + " |")
    a("| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in methods) + " |")
    for stem, r in results.items():
        a("| `%s` | %d | %d | %d | " % (stem, r["rows"], r["imported"], r["left_out"])
          + " | ".join(str(r["methods"].get(m, 0)) for m in methods) + " |")
    a("| seeds | | %d | | %s |" % (len(s_prac), " | ".join("" for _ in methods)))
    if towns:
        a("| towns | | %d | | %s |" % (len(towns), " | ".join("" for _ in methods)))
    a("")
    a("Methods: " + "; ".join("`%s`: %s" % (m, METHOD_LABELS[m]) for m in methods) + ".")
    a("")
    a("### What could not be resolved, and why")
    a("")
    for stem, r in results.items():
        if not r["unresolved"]:
            continue
        kinds = {}
        for u in r["unresolved"]:
            k = reason_kind(u["reason"])
            kinds[k] = kinds.get(k, 0) + 1
        a("- `%s` (%d): %s." % (stem, len(r["unresolved"]), "; ".join(
            "%d × %s" % (n, k) for k, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0])))))
    a("")
    a("Notes: the BNLC rows left out carry an INSEE code unknown in 2026 (a former commune "
      "merged before 2018, or restored since) and a point in a commune of another name, or in "
      "a 2018 outline whose code is no single 2026 commune; the CGET rows of former communes "
      "merged before 2018 (Morez, Florac, Le Massegros, Le Pont-de-Montvert, Bauné) are "
      "placed by their point in the commune nouvelle, but their name is not that commune's "
      "and no source here gives former names, so they stay out; « Vabre l'Abbaye » is spelt "
      "differently from the commune (Vabres-l'Abbaye); « Sophia Antipolis » is not "
      "a commune; « Tournai » (a Belgian town) has a point in Cannes; « Le Fablab de Jarry » "
      "of Baie-Mahault (Guadeloupe) is given department 973 (Guyane). The Fabriques and "
      "Manufactures rows left out join several project ids with one name (or a name holding "
      "the separator). The engagement schemes "
      "of a department or a region, or of a syndicate or PETR (no EPCI of the territories "
      "file), are left out (the importer places practices in communes and EPCI only); the "
      "OSM nodes left out are named after a former commune (delegated communes of Maine-et-"
      "Loire) or have no name.")
    a("")
    a("## Territory locations")
    a("")
    a("Every territory that has an outline gets a `location` [latitude, longitude] (WGS 84, "
      "5 decimals): the area-weighted centroid of its outline (not the mean of its vertices), "
      "computed with Debian's python3-shapely by `tools/geo_locations.py`:")
    a("")
    a("- commune: its 2018 outline (IGN Admin Express COG 2018 as simplified by "
      "gregoiredavid/france-geojson), or the union of the 2018 outlines of the communes it "
      "merged (its own code and its `former_codes`);")
    a("- department, region: its 2024 outline (ANCT, anct-carto/superposeur-anct), overseas "
      "included;")
    a("- EPCI: the centroid of the union of its member communes' outlines (the area-weighted "
      "mean of their centroids), so a large rural commune weighs more than a small town.")
    a("")
    a("The centroid is computed in longitude/latitude; scaling longitudes by cos(latitude) "
      "would not move it (a centroid is affine invariant). A centroid may fall outside a "
      "crescent-shaped territory; it is a representative point for maps and distances, not "
      "the town hall.")
    a("")
    a("| kind | territories | located |")
    a("| --- | ---: | ---: |")
    for k in ("country", "region", "department", "epci", "commune", "district", "other"):
        if k in loc_report["by_kind"]:
            n, got = loc_report["by_kind"][k]
            a("| %s | %d | %d |" % (k, n, got))
    a("")
    metro = loc_report["unlocated_metro"]
    a("Not located: the country and the programme groups (no single outline); the %d "
      "municipal districts of Paris, Lyon and Marseille (the 2018 file has the three cities "
      "as single communes); the departments and regions of the overseas collectivities "
      "(Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, TAAF, Wallis-et-Futuna, "
      "French Polynesia, New Caledonia, Clipperton), which neither outline source covers, and "
      "their %d communes; and %d metropolitan communes restored after 2018 (split out of the "
      "commune they had merged into), whose area has no 2018 outline of its own: %s."
      % (loc_report["by_kind"].get("district", [0])[0],
         len(loc_report["unlocated"]) - len(metro), len(metro),
         ", ".join("%s (`%s`)" % (t["name"], t["id"]) for t in metro)))
    a("")
    a("## Programme groups")
    a("")
    a("Two territories of kind `other` list the communes of two national programmes of the "
      "ANCT (2024, anct-carto/superposeur-anct, Licence Ouverte 2.0); each member commune "
      "lists them in its `groups`, so `in:fr-prog-acv` selects the practices of those towns:")
    a("")
    a("- `fr-prog-acv`: Action Cœur de Ville (`acv.geojson`, 232 entries, %d communes: an "
      "entry may name two communes in `liste_geo`);" % len(members["fr-prog-acv"]))
    a("- `fr-prog-pvd`: Petites villes de demain (`pvd.geojson`, %d communes)."
      % len(members["fr-prog-pvd"]))
    a("")
    a("A `liste_geo` code is matched to the 2026 commune with that code, or to the one commune "
      "that lists it in `former_codes`; every entry matched.")
    a("")
    a("## Sharitories seeds: choices")
    a("")
    a("- Only facts stated by the seeds (no invented years or figures). `started` is set only "
      "where a seed gives the year (CCHVC 2016, Wikirésilience 2015, IDLab 2016).")
    a("- The four French towns of the study (Lorient, Épinal, Mont-de-Marsan, Narbonne) and "
      "the four European ones (Aveiro, Genk, Hilversum, Kristianstad) are not named in the "
      "seeds, which only say « quatre villes moyennes françaises et quatre terrains de "
      "comparaison européens »; they come from the study itself. The European towns and their "
      "countries (`pt`, `be`, `nl`, `se`) are defined here; the population and location of "
      "each European town come from a cited page (table `EUROPEAN_TOWNS` of "
      "tools/build_data.py, listed under « Sharitories towns » below).")
    a("- A practice needs a territory: `fr` is used for French practices whose scope the "
      "seeds do not state (AnimFr, Cap Rural resources, La 27e Région, La Ruche qui dit oui, "
      "ReGénération) or which are national (Wikirésilience).")
    a("- Actor kinds: from the seeds where they say it (« les entreprises Transdev et "
      "Castorama », Chronos « cabinet d'étude », ReGénération « mouvement politique ») or the "
      "name says it (ministère, région, communauté de communes, mairie, CGET, pôle "
      "métropolitain); Ouishare `association` as in format.md's example; Ademe `public_body`; "
      "`other` where nothing is given (Le Lab, Cap Rural, La 27e Région, La Ruche qui dit oui, "
      "the three Savoie actors, Institut CDC pour la Recherche, PUCA).")
    a("- Status: `ended` for the Sharitories study and the two past events (Sharing Lille, "
      "Rennes workshops); otherwise not set (format default `active`); the CCHVC service "
      "keeps `started: 2016` as announced by the seed (« à la rentrée 2016 »).")
    a("- Roles: the Sharitories study is carried by Le Lab, Ouishare and Chronos, with the "
      "CGET, Transdev and Castorama as partners; the Région Île-de-France and the Ademe fund "
      "the CCHVC service; the Institut CDC pour la Recherche and the PUCA support (fund) the "
      "villes moyennes study.")
    a("- The Pôle métropolitain du Pays de Brest is not an EPCI of the territories file; it is "
      "defined here as territory `fr-pm-pays-de-brest` (kind other, parent Finistère).")
    a("- Not recorded: people (Emmanuel Dupont, Jean-Paul Delevoye), bibliographic "
      "references and their publishers, generic practice types without a named instance "
      "(AMAP, jardins partagés, fablabs), the guide « Télécentres et tiers-lieux » and the "
      "project La Chantrerie (no territory or actor given), Cap Rural's innovation session "
      "of 7 December 2015 (announcement only).")
    a("")
    a("Practices: " + ", ".join("`%s`" % p["id"] for p in s_prac) + ".")
    a("")
    a("Actors: " + ", ".join("`%s`" % x["id"] for x in s_act) + ".")
    a("")
    a("Territories: " + ", ".join("`%s`" % x["id"] for x in s_terr) + ".")
    a("")
    L.extend(towns_readme(towns))
    return "\n".join(L)


if __name__ == "__main__":
    sys.exit(main())
