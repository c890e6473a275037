#!/usr/bin/python3
"""Build the bundled default catalog data of libsharitories (data/).

Usage:
    /usr/bin/python3 tools/build_data.py --shared /work/shared --out data

Standard library only (no PyYAML), deterministic output: running it twice on
the same inputs gives byte-identical files.  Inputs (read-only) under --shared:

    spec/format.md                              the catalog format, version 1
    data/fr-territories-2026.yaml               French territories 2026 (Etalab)
    data/cget-tiers-lieux-2019/tiers-lieux.csv  1,512 CGET tiers-lieux (2019)
    data/cget-tiers-lieux-2019/LICENCE.md       Licence Ouverte 2.0
    seeds/*.txt                                 Sharitories source documents

Outputs under --out:

    fr-territories-2026.yaml        copy of the shared file (header kept), with
                                    the upper-case Corsican ids (fr-dep-2A,
                                    fr-com-2A004...) lower-cased: format.md
                                    allows only a-z 0-9 - _ . : in ids
    tiers-lieux-cget-2019.yaml      CGET tiers-lieux as practices
    tiers-lieux-cget-2019.unresolved.csv
                                    CGET rows whose commune could not be
                                    resolved to a 2026 territory (not in YAML)
    sharitories-seeds.yaml          practices, actors and territories named in
                                    the seed documents (hand-curated below)
    LICENCE-cget-tiers-lieux-2019.md copy of the CGET data licence
    README.md                       provenance, licences, counts, rebuild

CGET commune resolution, in this order, never guessing:
  1. code      INSEECOM is the code of a 2026 commune          -> fr-com-CODE
  2. former    INSEECOM is in the former_codes of exactly one 2026 commune
  3. district  INSEECOM is a Paris/Lyon/Marseille municipal district code
               (751xx, 6938x, 132xx) that exists with kind district
  4. postal+name  CP is one of a commune's postal_codes and the normalised
               COMINIT or NOMCOM equals the commune's normalised name
               (case, accents, hyphens, apostrophes, "St"/"Ste" -> "Saint"/
               "Sainte"); exactly one commune must match.
Anything else is written to the .unresolved.csv file with a reason.

TYPO mapping (every distinct value of the source is listed explicitly; an
unknown value stops the build):
  "Tiers lieux à dominante coworking" -> coworking
  "Tiers lieux à dominante fablab"    -> fablab
  ""   (no type given)                -> third_place

WEB: whitespace (incl. no-break space) is stripped; a value with a scheme
("http://", "https://"...) is kept as is; a value without scheme that looks
like a host name ("www.x.fr", "x.org/path") gets "https://"; anything else
(free text such as "en cours", or a value containing spaces) is not a link
and is dropped (listed in the build output).
"""

import argparse
import csv
import io
import math
import os
import re
import sys
import unicodedata

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


def copy_territories(src, dst):
    with open(src, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    out, changed, header_done = [], 0, False
    for line in lines:
        if not header_done and not line.startswith("#"):
            out.append("# Bundled copy: ids with upper-case letters (Corsica, 2A/2B) lower-cased "
                       "to follow the id rule")
            out.append("# of spec/format.md (fr-dep-2A -> fr-dep-2a); \"code\" values unchanged. "
                       "Built by tools/build_data.py.")
            header_done = True
        if line == "sharitories: 1":
            # Provenance travels with the data (reports and saved catalogs cite it).
            out.append(line)
            out.append("meta:")
            out.append('  title: "Territoires français 2026 (régions, départements, EPCI, communes, '
                       'arrondissements municipaux)"')
            out.append('  source: "@etalab/decoupage-administratif 6.0.0 (INSEE Code officiel '
                       'géographique, DGCL, INSEE populations légales)"')
            out.append('  licence: "Licence Ouverte / Open Licence (Etalab)"')
            continue
        m = _ID_LINE_RE.match(line)
        if m and m.group(2) != m.group(2).lower():
            line = m.group(1) + m.group(2).lower()
            changed += 1
        out.append(line)
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
# CGET tiers-lieux
# ---------------------------------------------------------------------------

TYPO_MAP = {
    "Tiers lieux à dominante coworking": "coworking",
    "Tiers lieux à dominante fablab": "fablab",
    "": "third_place",
}

METHODS = ("code", "former", "district", "postal+name")


def norm_name(s):
    s = s.strip().lower()
    s = s.replace("œ", "oe").replace("æ", "ae")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['’`´\-_./,]", " ", s)
    toks = s.split()
    toks = [{"st": "saint", "ste": "sainte"}.get(t, t) for t in toks]
    return " ".join(toks)


class Resolver:
    def __init__(self, territories):
        self.by_id = {t["id"]: t for t in territories}
        self.communes = {}      # code -> id (kind commune)
        self.districts = {}     # code -> id (kind district)
        self.former = {}        # former code -> [ids]
        self.by_postal = {}     # postal code -> [commune ids]
        for t in territories:
            if t["kind"] == "commune":
                self.communes[t["code"]] = t["id"]
                for c in t.get("former_codes", []):
                    self.former.setdefault(c, []).append(t["id"])
                for p in t.get("postal_codes", []):
                    self.by_postal.setdefault(p, []).append(t["id"])
            elif t["kind"] == "district":
                self.districts[t["code"]] = t["id"]

    @staticmethod
    def is_arrondissement_code(code):
        return bool(re.fullmatch(r"751[0-9]{2}|6938[0-9]|132[0-9]{2}", code))

    def resolve(self, insee, cp, names):
        """Return (territory_id, method) or (None, reason)."""
        notes = []
        if insee and insee != "0":
            if insee in self.communes:
                return self.communes[insee], "code"
            f = sorted(set(self.former.get(insee, [])))
            if len(f) == 1:
                return f[0], "former"
            if len(f) > 1:
                notes.append("former code %s shared by %s" % (insee, " ".join(f)))
            elif self.is_arrondissement_code(insee):
                if insee in self.districts:
                    return self.districts[insee], "district"
                notes.append("arrondissement code %s not a 2026 district" % insee)
            else:
                notes.append("INSEE code %s unknown in 2026" % insee)
        else:
            notes.append("no INSEE code")
        if not re.fullmatch(r"[0-9]{5}", cp or "") or cp == "00000":
            notes.append("no postal code")
            return None, "; ".join(notes)
        wanted = {norm_name(n) for n in names if n.strip()}
        if not wanted:
            notes.append("no commune name")
            return None, "; ".join(notes)
        cands = self.by_postal.get(cp, [])
        if not cands:
            notes.append("postal code %s not used by any 2026 commune" % cp)
            return None, "; ".join(notes)
        hits = sorted({c for c in cands if norm_name(self.by_id[c]["name"]) in wanted})
        if len(hits) == 1:
            return hits[0], "postal+name"
        if len(hits) > 1:
            notes.append("several communes match postal code %s and name: %s"
                         % (cp, " ".join(hits)))
        else:
            notes.append("no commune with postal code %s named %s"
                         % (cp, " / ".join(sorted({n.strip() for n in names if n.strip()}))))
        return None, "; ".join(notes)


HOST_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/?#:].*)?")
SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def norm_link(web):
    """Return (link or None, dropped original or None)."""
    w = web.strip()
    if not w:
        return None, None
    if re.search(r"\s", w):
        return None, w
    if SCHEME_RE.match(w):
        return w, None
    if HOST_RE.fullmatch(w):
        return "https://" + w, None
    return None, w


def parse_location(lat, lon):
    try:
        a, b = float(lat), float(lon)
    except ValueError:
        return None
    if not (math.isfinite(a) and math.isfinite(b)):
        return None
    if -90 <= a <= 90 and -180 <= b <= 180:
        return (a, b)
    return None


def build_cget(shared, resolver):
    path = os.path.join(shared, "data", "cget-tiers-lieux-2019", "tiers-lieux.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    unknown = sorted({r["TYPO"].strip() for r in rows} - set(TYPO_MAP))
    if unknown:
        raise SystemExit("unknown TYPO values (add them to TYPO_MAP): %r" % unknown)
    practices, unresolved, dropped_links = [], [], []
    counts = {m: 0 for m in METHODS}
    no_location = 0
    for r in rows:
        r = {k: (v or "").strip() for k, v in r.items()}
        tid, how = resolver.resolve(r["INSEECOM"], r["CP"], [r["COMINIT"], r["NOMCOM"]])
        if tid is None:
            unresolved.append([r["ID"], r["NOM_TL"], r["CP"], r["COMINIT"],
                               r["INSEECOM"], r["NOMCOM"], how])
            continue
        counts[how] += 1
        rec = {
            "id": "cget-tl-" + r["ID"],
            "name": r["NOM_TL"],
            "category": TYPO_MAP[r["TYPO"]],
            "territories": [tid],
            "tags": ["cget-2019"],
        }
        link, dropped = norm_link(r["WEB"])
        if link:
            rec["links"] = [link]
        if dropped:
            dropped_links.append((r["ID"], dropped))
        if r["ADRESSE"]:
            rec["address"] = r["ADRESSE"]
        loc = parse_location(r["LAT"], r["LONG"])
        if loc:
            rec["location"] = loc
        else:
            no_location += 1
        practices.append(rec)
    return rows, practices, unresolved, counts, dropped_links, no_location


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
    lowered = copy_territories(terr_src, os.path.join(out, "fr-territories-2026.yaml"))
    copy_bytes(os.path.join(shared, "data", "cget-tiers-lieux-2019", "LICENCE.md"),
               os.path.join(out, "LICENCE-cget-tiers-lieux-2019.md"))

    # 2. CGET tiers-lieux
    resolver = Resolver(territories)
    rows, practices, unresolved, counts, dropped_links, no_location = build_cget(shared, resolver)
    text = emit_file(
        ["CGET tiers-lieux 2019 as practices, catalog format v1.",
         "Source: CGET, Mission Coworking, 2019 (anct-carto/mission_coworking), Licence Ouverte 2.0.",
         "Generated by tools/build_data.py; do not edit by hand."],
        {"title": "Tiers-lieux en France (CGET, Mission Coworking, 2019)",
         "source": "CGET, Mission Coworking, 2019: tiers-lieux.csv "
                   "(https://github.com/anct-carto/mission_coworking)",
         "licence": "Licence Ouverte 2.0 — CGET, Mission Coworking, 2019"},
        practices=practices)
    write_text(os.path.join(out, "tiers-lieux-cget-2019.yaml"), text)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["ID", "NOM_TL", "CP", "COMINIT", "INSEECOM", "NOMCOM", "reason"])
    w.writerows(unresolved)
    write_text(os.path.join(out, "tiers-lieux-cget-2019.unresolved.csv"), buf.getvalue())

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

    # 4. README
    reasons = {}
    for u in unresolved:
        key = re.sub(r"\b[0-9AB]{5}\b", "N", u[-1])
        key = re.sub(r"named .*", "named <name>", key)
        key = re.sub(r"(shared by|name:) .*", r"\1 <ids>", key)
        reasons[key] = reasons.get(key, 0) + 1
    towns_path = os.path.join(out, TOWNS_FILE)
    towns = read_towns(towns_path) if os.path.exists(towns_path) else []
    ref_path = os.path.join(out, "referentiel-actions.yaml")
    referentiel = None
    if os.path.exists(ref_path):
        with open(ref_path, encoding="utf-8") as f:
            referentiel = len(re.findall(r"(?m)^  - id: ", f.read()))
    readme_path = os.path.join(out, "README.md")
    write_text(readme_path,
               keep_hand_sections(readme(len(rows), counts, unresolved, reasons, dropped_links,
                                         no_location, s_terr, s_act, s_prac, towns,
                                         referentiel),
                                  readme_path))

    print("territories: %d records, %d id/parent/groups lines lower-cased"
          % (len(territories), lowered))
    print("CGET rows: %d" % len(rows))
    for m in METHODS:
        print("  resolved by %-12s %d" % (m + ":", counts[m]))
    print("  resolved total:        %d" % sum(counts.values()))
    print("  unresolved:            %d" % len(unresolved))
    for k in sorted(reasons):
        print("    %4d  %s" % (reasons[k], k))
    print("  links dropped (not a URL): %d %s" % (len(dropped_links), dropped_links))
    print("  practices without location: %d" % no_location)
    print("seeds: %d territories, %d actors, %d practices"
          % (len(s_terr), len(s_act), len(s_prac)))
    return 0


def readme(nrows, counts, unresolved, reasons, dropped_links, no_location,
           s_terr, s_act, s_prac, towns=(), referentiel=None):
    L = []
    a = L.append
    a("# Bundled catalog data")
    a("")
    a("Files of the default catalog shipped with libsharitories, in the catalog format v1")
    if referentiel is None:
        a("(`spec/format.md`). They are generated; do not edit them by hand. Rebuild with:")
    else:
        a("(`spec/format.md`). They are generated; do not edit them by hand, except the "
          "référentiel")
        a("d'actions (`referentiel-actions.yaml`) and the practices of the eight towns "
          "(`%s`),\nwhich are written by hand (see below). Rebuild with:" % TOWNS_FILE)
    a("")
    a("```sh")
    a("/usr/bin/python3 tools/build_data.py --shared /work/shared --out data")
    a("/usr/bin/python3 tools/check_data.py data        # needs python3-yaml")
    a("```")
    a("")
    a("The script uses only the Python standard library and its output is deterministic.")
    a("")
    a("## Files")
    a("")
    a("| file | content | source | licence |")
    a("| --- | --- | --- | --- |")
    a("| `fr-territories-2026.yaml` | French territories 2026: country, regions, departments, "
      "EPCI, communes, municipal districts of Paris/Lyon/Marseille (copy of the shared file; the "
      "upper-case Corsican ids such as `fr-dep-2A`, `fr-com-2A004` are lower-cased, "
      "`fr-dep-2a`, `fr-com-2a004`, as format.md allows only a-z 0-9 - _ . : in ids) "
      "| npm package @etalab/decoupage-administratif 6.0.0 (INSEE COG, DGCL, INSEE legal "
      "populations) | Licence Ouverte / Open Licence (Etalab) |")
    a("| `tiers-lieux-cget-2019.yaml` | %d CGET tiers-lieux as practices (ids `cget-tl-<ID>`, "
      "tag `cget-2019`) | CGET, Mission Coworking, 2019 (anct-carto/mission_coworking) "
      "| Licence Ouverte 2.0 (`LICENCE-cget-tiers-lieux-2019.md`) |" % sum(counts.values()))
    a("| `tiers-lieux-cget-2019.unresolved.csv` | %d CGET rows whose commune could not be "
      "resolved, with the reason (not in the YAML) | same | same |" % len(unresolved))
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
    a("| `LICENCE-cget-tiers-lieux-2019.md` | text of the Licence Ouverte 2.0 | | |")
    a("")
    a("## Attributions (required)")
    a("")
    a("- `fr-territories-2026.yaml`: Source: @etalab/decoupage-administratif 6.0.0 "
      "(INSEE Code officiel géographique, DGCL, INSEE legal populations). "
      "Licence Ouverte / Open Licence (Etalab).")
    a("- `tiers-lieux-cget-2019.yaml`, `tiers-lieux-cget-2019.unresolved.csv`: "
      "« CGET, Mission Coworking, 2019 », Licence Ouverte 2.0. Derived data: rows converted "
      "to practices, communes mapped to their 2026 code, links normalised.")
    a("")
    a("## CGET tiers-lieux: conversion")
    a("")
    a("- category from TYPO: « Tiers lieux à dominante coworking » → `coworking`, "
      "« Tiers lieux à dominante fablab » → `fablab`, empty → `third_place` "
      "(these are all the values of the source).")
    a("- name from NOM_TL, `address` from ADRESSE (as written, postal code and commune are "
      "given by the territory), `location` [LAT, LONG] when both parse and are in range, "
      "`links` from WEB (`https://` added when there is no scheme; free text that is not a "
      "URL is dropped: %d rows, IDs %s), tag `cget-2019`."
      % (len(dropped_links), ", ".join(i for i, _ in dropped_links)))
    a("- territory: the 2026 commune (or municipal district) resolved from the 2019 data, "
      "never guessed:")
    a("")
    a("| method | rows |")
    a("| --- | ---: |")
    labels = {"code": "INSEECOM is a 2026 commune code",
              "former": "INSEECOM is a former code of one 2026 commune",
              "district": "INSEECOM is a Paris/Lyon/Marseille district code",
              "postal+name": "postal code + normalised commune name, one match"}
    for m in METHODS:
        a("| %s | %d |" % (labels[m], counts[m]))
    a("| **resolved** | **%d** |" % sum(counts.values()))
    a("| unresolved (`tiers-lieux-cget-2019.unresolved.csv`) | %d |" % len(unresolved))
    a("| **source rows** | **%d** |" % nrows)
    a("")
    a("Unresolved rows by reason:")
    a("")
    for k in sorted(reasons, key=lambda k: (-reasons[k], k)):
        a("- %d: %s" % (reasons[k], k))
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
