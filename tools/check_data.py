#!/usr/bin/python3
"""Check the bundled catalog data (data/*.yaml) against spec/format.md v1.

Usage:
    /usr/bin/python3 tools/check_data.py [DATA_DIR] [--spec path/to/format.md]

Needs PyYAML (Debian: python3-yaml).  Checks, over all *.yaml files of
DATA_DIR loaded together:
  - one YAML document per file, `sharitories: 1`, only the allowed top-level
    keys, meta keys among title/source/licence/updated;
  - no anchors, aliases or tags; every string value double-quoted (ids and
    enum values may be plain);
  - records: required fields present, no unknown field, field types, ids
    valid (1-128 chars of a-z 0-9 - _ . :) and unique per section across files;
  - enums: territory kind, actor kind, role, status; categories and axes
    are built-in (list taken from the spec when given, else the v1 list);
  - references: territory parent/groups, actor territory, practice
    territories and actors resolve against the union of the files;
  - territory graph acyclic; years integers, ended >= started; locations
    in range; populations integers >= 0; figures numeric;
  - `actions` (fiches-actions): the rules of tools/check_referentiel.py, with
    the référentiel's coverage for referentiel-actions.yaml.
Exit status 0 when everything is fine, 1 otherwise.
"""

import argparse
import glob
import os
import re
import sys

import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    Loader = yaml.SafeLoader

ID_RE = re.compile(r"[a-z0-9._:-]{1,128}")
TOP_KEYS = {"sharitories", "meta", "categories", "territories", "actors", "practices", "actions"}
META_KEYS = {"title", "source", "licence", "updated"}
AXES = {"contributors", "public_actor", "solidarity", "co_production", "shared_resources"}
CATEGORIES_V1 = {
    "carpooling", "carsharing", "bike_sharing", "on_demand_transport", "coworking",
    "third_place", "telecentre", "fablab", "repair_cafe", "tool_library",
    "recycling_centre", "upcycling", "second_hand", "shared_garden", "amap",
    "short_food_circuit", "food_coop", "citizen_energy", "knowledge_exchange",
    "knowledge_platform", "open_data", "crowdfunding", "participatory_budget",
    "local_currency", "civic_participation", "public_innovation_lab", "mutual_aid",
    "time_bank", "shared_housing", "heritage", "community_network", "innovation_workshop",
}
TERRITORY_KINDS = {"country", "region", "department", "epci", "commune", "district", "other"}
ACTOR_KINDS = {"public_authority", "state_service", "public_body", "company", "startup",
               "association", "cooperative", "citizen_collective", "network", "research",
               "other"}
ROLES = {"carrier", "funder", "partner", "operator", "user"}
STATUSES = {"planned", "active", "ended"}

# field -> (required, checker name)
TERRITORY = {"id": 1, "name": 1, "kind": 1, "code": 0, "former_codes": 0,
             "postal_codes": 0, "parent": 0, "groups": 0, "population": 0, "location": 0}
ACTOR = {"id": 1, "name": 1, "kind": 1, "territory": 0, "links": 0}
PRACTICE = {"id": 1, "name": 1, "category": 1, "axes": 0, "territories": 1, "actors": 0,
            "status": 0, "started": 0, "ended": 0, "description": 0, "tags": 0,
            "figures": 0, "links": 0, "address": 0, "location": 0}

errors = []


def err(f, rid, msg):
    errors.append("%s: %s%s" % (os.path.basename(f), ("[%s] " % rid) if rid else "", msg))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return (isinstance(v, (int, float))) and not isinstance(v, bool)


def is_str(v):
    return isinstance(v, str)


def is_strs(v):
    return isinstance(v, list) and all(is_str(x) for x in v)


def is_loc(v):
    return (isinstance(v, list) and len(v) == 2 and all(is_num(x) for x in v)
            and -90 <= v[0] <= 90 and -180 <= v[1] <= 180)


def spec_categories(path):
    cats = set()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    sec = text.split("## Categories", 1)[1].split("## Territory", 1)[0]
    for m in re.finditer(r"^\| `([a-z_]+)` \|", sec, re.M):
        cats.add(m.group(1))
    return cats


def scan_events(path):
    """No anchors/aliases/tags; every str scalar used as a value in a string
    position must be double-quoted.  Returns nothing; records errors."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    docs = 0
    # key/value tracking to know which scalars are values of string fields
    stack = []  # entries: ["map", expecting_key, last_key] or ["seq", parent_key]
    string_fields = {"name", "code", "title", "source", "licence", "description", "address",
                     "former_codes", "postal_codes", "tags", "links"}
    for ev in yaml.parse(text, Loader=Loader):
        if isinstance(ev, yaml.DocumentStartEvent):
            docs += 1
        if isinstance(ev, yaml.AliasEvent):
            err(path, None, "alias at line %d" % (ev.start_mark.line + 1))
            continue
        if isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if ev.anchor:
                err(path, None, "anchor at line %d" % (ev.start_mark.line + 1))
            if ev.tag is not None:
                err(path, None, "tag %s at line %d" % (ev.tag, ev.start_mark.line + 1))
        # determine context key
        ctx_key = None
        if stack:
            top = stack[-1]
            if top[0] == "map":
                if top[1]:
                    # this node is a key
                    if isinstance(ev, yaml.ScalarEvent):
                        top[2] = ev.value
                        top[1] = False
                        continue
                else:
                    ctx_key = top[2]
                    top[1] = True
            else:
                ctx_key = top[1]
        if isinstance(ev, yaml.ScalarEvent):
            if ctx_key in string_fields and ev.style != '"':
                err(path, None, "string not double-quoted at line %d: %r"
                    % (ev.start_mark.line + 1, ev.value))
        elif isinstance(ev, yaml.MappingStartEvent):
            stack.append(["map", True, None])
        elif isinstance(ev, yaml.SequenceStartEvent):
            stack.append(["seq", ctx_key])
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    if docs != 1:
        err(path, None, "expected exactly one YAML document, got %d" % docs)


def check_record(path, section, rec, fields):
    if not isinstance(rec, dict):
        err(path, None, "%s entry is not a mapping" % section)
        return None
    rid = rec.get("id")
    for k in rec:
        if k not in fields:
            err(path, rid, "unknown field %s" % k)
    for k, req in fields.items():
        if req and k not in rec:
            err(path, rid, "missing required field %s" % k)
    if not (is_str(rid) and ID_RE.fullmatch(rid)):
        err(path, rid, "invalid id %r" % (rid,))
    if "name" in rec and not (is_str(rec["name"]) and rec["name"].strip()):
        err(path, rid, "name must be a non-empty string")
    return rid


def check_actions(path, categories):
    """The `actions` list of PATH, with check_referentiel's rules (schema and, for the bundled
    référentiel file, coverage); its messages carry file:line:column."""
    import check_referentiel  # not at the top: check_referentiel imports this module
    with open(path, encoding="utf-8") as f:
        root = yaml.compose(f, Loader=Loader)
    c = check_referentiel.Checker(os.path.basename(path))
    actions = c.check(root, categories)
    if os.path.basename(path) == "referentiel-actions.yaml":
        c.coverage(root, actions, CATEGORIES_V1)
    errors.extend(c.errors)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?", default="data")
    ap.add_argument("--spec", default="/work/shared/spec/format.md")
    args = ap.parse_args()

    categories = set(CATEGORIES_V1)
    if os.path.exists(args.spec):
        sc = spec_categories(args.spec)
        if sc != CATEGORIES_V1:
            print("note: spec categories differ from built-in list: %s"
                  % sorted(sc ^ CATEGORIES_V1))
        categories = sc or categories

    files = sorted(glob.glob(os.path.join(args.data, "*.yaml")))
    if not files:
        print("no yaml files in %s" % args.data)
        return 1
    ids = {"territories": {}, "actors": {}, "practices": {}, "categories": {}}
    loaded = []
    for path in files:
        scan_events(path)
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Loader)
        if not isinstance(doc, dict):
            err(path, None, "top level is not a mapping")
            continue
        for k in doc:
            if k not in TOP_KEYS:
                err(path, None, "unknown top-level key %s" % k)
        if doc.get("sharitories") != 1 or not is_int(doc.get("sharitories")):
            err(path, None, "sharitories: 1 required")
        meta = doc.get("meta")
        if meta is not None:
            if not isinstance(meta, dict):
                err(path, None, "meta must be a mapping")
            else:
                for k in meta:
                    if k not in META_KEYS:
                        err(path, None, "unknown meta key %s" % k)
                for k in ("title", "source", "licence"):
                    if k in meta and not is_str(meta[k]):
                        err(path, None, "meta.%s must be a string" % k)
                if "source" not in meta:
                    err(path, None, "meta.source missing")
        for sec in ("categories", "territories", "actors", "practices"):
            recs = doc.get(sec, [])
            if recs is None or not isinstance(recs, list):
                err(path, None, "%s must be a list" % sec)
                continue
            for r in recs:
                rid = r.get("id") if isinstance(r, dict) else None
                if rid in ids[sec]:
                    err(path, rid, "duplicate %s id (first in %s)" % (sec, ids[sec][rid]))
                elif rid is not None:
                    ids[sec][rid] = os.path.basename(path)
        loaded.append((path, doc))

    for path, doc in loaded:
        for c in doc.get("categories", []) or []:
            if c.get("id") in CATEGORIES_V1:
                err(path, c.get("id"), "category redefines a built-in one")
            categories.add(c.get("id"))

    terr = {}
    for path, doc in loaded:
        for t in doc.get("territories", []) or []:
            rid = check_record(path, "territories", t, TERRITORY)
            if rid is None:
                continue
            terr[rid] = t
            if t.get("kind") not in TERRITORY_KINDS:
                err(path, rid, "bad territory kind %r" % t.get("kind"))
            if "code" in t and not is_str(t["code"]):
                err(path, rid, "code must be a string")
            for k in ("former_codes", "postal_codes"):
                if k in t and not is_strs(t[k]):
                    err(path, rid, "%s must be a list of strings" % k)
            if "population" in t and not (is_int(t["population"]) and t["population"] >= 0):
                err(path, rid, "population must be an integer >= 0")
            if "location" in t and not is_loc(t["location"]):
                err(path, rid, "bad location")
            if "groups" in t and not isinstance(t["groups"], list):
                err(path, rid, "groups must be a list")
        for a in doc.get("actors", []) or []:
            rid = check_record(path, "actors", a, ACTOR)
            if rid is None:
                continue
            if a.get("kind") not in ACTOR_KINDS:
                err(path, rid, "bad actor kind %r" % a.get("kind"))
            if "links" in a and not is_strs(a["links"]):
                err(path, rid, "links must be a list of strings")
        for p in doc.get("practices", []) or []:
            rid = check_record(path, "practices", p, PRACTICE)
            if rid is None:
                continue
            if p.get("category") not in categories:
                err(path, rid, "unknown category %r" % p.get("category"))
            for ax in p.get("axes", []):
                if ax not in AXES:
                    err(path, rid, "unknown axis %r" % ax)
            ts = p.get("territories")
            if not (isinstance(ts, list) and ts):
                err(path, rid, "territories must be a non-empty list")
            if p.get("status", "active") not in STATUSES:
                err(path, rid, "bad status %r" % p.get("status"))
            for k in ("started", "ended"):
                if k in p and not is_int(p[k]):
                    err(path, rid, "%s must be an integer year" % k)
            if is_int(p.get("started")) and is_int(p.get("ended")) and p["ended"] < p["started"]:
                err(path, rid, "ended < started")
            for k in ("description", "address"):
                if k in p and not is_str(p[k]):
                    err(path, rid, "%s must be a string" % k)
            for k in ("tags", "links"):
                if k in p and not is_strs(p[k]):
                    err(path, rid, "%s must be a list of strings" % k)
            if "figures" in p:
                fg = p["figures"]
                if not (isinstance(fg, dict) and all(is_str(k) and is_num(v) for k, v in fg.items())):
                    err(path, rid, "figures must map names to numbers")
            if "location" in p and not is_loc(p["location"]):
                err(path, rid, "bad location")
            for a in p.get("actors", []) or []:
                if not (isinstance(a, dict) and set(a) == {"actor", "role"}):
                    err(path, rid, "actor entry must be {actor, role}")
                    continue
                if a["role"] not in ROLES:
                    err(path, rid, "bad role %r" % a["role"])

    # fiches-actions: the rules of tools/check_referentiel.py (one place); the bundled
    # référentiel's coverage is checked there too (data/referentiel-actions.yaml)
    for path, doc in loaded:
        if "actions" in doc:
            check_actions(path, categories)

    # references
    refs = 0
    for path, doc in loaded:
        for t in doc.get("territories", []) or []:
            for r in ([t["parent"]] if "parent" in t else []) + list(t.get("groups", [])):
                refs += 1
                if r not in ids["territories"]:
                    err(path, t.get("id"), "unknown territory %r" % r)
        for a in doc.get("actors", []) or []:
            if "territory" in a:
                refs += 1
                if a["territory"] not in ids["territories"]:
                    err(path, a.get("id"), "unknown territory %r" % a["territory"])
        for p in doc.get("practices", []) or []:
            for r in p.get("territories", []) or []:
                refs += 1
                if r not in ids["territories"]:
                    err(path, p.get("id"), "unknown territory %r" % r)
            for a in p.get("actors", []) or []:
                refs += 1
                if isinstance(a, dict) and a.get("actor") not in ids["actors"]:
                    err(path, p.get("id"), "unknown actor %r" % a.get("actor"))

    # cycles in the territory graph (iterative DFS)
    state = {}
    for start in terr:
        if start in state:
            continue
        stack = [(start, iter(([terr[start]["parent"]] if "parent" in terr[start] else [])
                              + list(terr[start].get("groups", []))))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                continue
            if nxt not in terr:
                continue
            if state.get(nxt) == 1:
                err("territories", nxt, "cycle in territory graph via %s" % node)
            elif nxt not in state:
                state[nxt] = 1
                t = terr[nxt]
                stack.append((nxt, iter(([t["parent"]] if "parent" in t else [])
                                        + list(t.get("groups", [])))))

    for path, doc in loaded:
        print("%-40s territories %6d  actors %3d  practices %5d" % (
            os.path.basename(path), len(doc.get("territories", []) or []),
            len(doc.get("actors", []) or []), len(doc.get("practices", []) or [])))
    print("references checked: %d" % refs)
    if errors:
        for e in errors:
            print("ERROR", e)
        print("%d error(s)" % len(errors))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
