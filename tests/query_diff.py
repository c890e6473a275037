#!/usr/bin/python3
"""Differential test of the query engine against an independent reference in Python.

usage: query_diff.py DRIVER SOURCE_ROOT [--practices N] [--seed S] [--queries Q] [--keep DIR]

Generates a synthetic catalog with bench/gen_catalog.py (--tables: the same catalog as CSV),
evaluates hundreds of random expressions (fields, comparisons, words, phrases, OR, '-',
parentheses, comma lists, unknown values) with a reference written here from query.md over
the CSV tables and the territories file (read with a light line reader), and compares the ids
with those of tests/query_driver (one load, every expression on stdin). Standard library only;
run with Debian's /usr/bin/python3. Exits 0 when every expression agrees, 1 otherwise.
"""
import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import math
import unicodedata

# Families of the built-in categories (spec/format.md).
FAMILY = {
    "carpooling": "consumption", "carsharing": "consumption", "bike_sharing": "consumption",
    "on_demand_transport": "consumption", "coworking": "production", "third_place": "production",
    "telecentre": "production", "fablab": "production", "repair_cafe": "production",
    "tool_library": "consumption", "recycling_centre": "production", "upcycling": "production",
    "second_hand": "consumption", "shared_garden": "consumption", "amap": "consumption",
    "short_food_circuit": "consumption", "food_coop": "consumption", "citizen_energy": "production",
    "knowledge_exchange": "consumption", "knowledge_platform": "production", "open_data": "governance",
    "crowdfunding": "finance", "participatory_budget": "governance", "local_currency": "finance",
    "civic_participation": "governance", "public_innovation_lab": "governance",
    "mutual_aid": "consumption", "time_bank": "consumption", "shared_housing": "consumption",
    "heritage": "production", "community_network": "governance", "innovation_workshop": "production",
}
AXES = ["contributors", "public_actor", "solidarity", "co_production", "shared_resources"]
SECTOR = {"public_authority": "public", "state_service": "public", "public_body": "public",
          "company": "private", "startup": "private", "cooperative": "private",
          "association": "citizen", "citizen_collective": "citizen", "network": "citizen",
          "research": "other", "other": "other"}
ROLES = ["carrier", "funder", "partner", "operator", "user"]
STATUSES = ["planned", "active", "ended"]


# ------------------------------------------------------------------ text (query.md "Words")

def fold_char(c):
    """Folded letters/digits of one character, '' (nothing), or None (a separator)."""
    if c in "œŒ":
        return "oe"
    if c in "æÆ":
        return "ae"
    if unicodedata.category(c) == "Cf":
        return ""
    d = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", c).casefold())
    out = []
    for x in d:
        cat = unicodedata.category(x)
        if cat.startswith("M"):
            continue
        if x == "œ":
            out.append("oe")
        elif x == "æ":
            out.append("ae")
        elif cat[0] in "LN":
            out.append(x)
        else:
            return None
    return "".join(out)


def tokens(text):
    out, cur = [], []
    for c in text:
        f = fold_char(c)
        if f is None:
            if cur:
                out.append("".join(cur))
                cur = []
        elif f:
            cur.append(f)
    if cur:
        out.append("".join(cur))
    return out


# ------------------------------------------------------------------ data

def read_territories(paths):
    terr, cur = {}, None
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                s = line.strip()
                if s.startswith("- id: "):
                    cur = {"id": s[6:], "up": [], "population": None}
                    terr[cur["id"]] = cur
                elif cur is None:
                    continue
                elif s.startswith("kind: "):
                    cur["kind"] = s[6:]
                elif s.startswith("population: "):
                    cur["population"] = int(s[12:])
                elif s.startswith("parent: "):
                    cur["up"].append(s[8:])
                elif s.startswith("location: ["):
                    lat, lon = s[11:-1].split(",")
                    cur["location"] = (float(lat), float(lon))
                elif s.startswith("groups: ["):
                    cur["up"].extend(x.strip() for x in s[9:-1].split(","))
    # closure: every territory containing T (T included)
    memo = {}

    def within(t):
        if t in memo:
            return memo[t]
        res = {t}
        for u in terr[t]["up"]:
            res |= within(u)
        memo[t] = res
        return res

    sys.setrecursionlimit(10000)
    for t in terr:
        terr[t]["within"] = within(t)
    return terr


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        yield from r


def distance_km(lat1, lon1, lat2, lon2):
    """Great circle, haversine on the 6371.0088 km sphere (as lib/geo.c, operation by operation)."""
    rad = 3.14159265358979323846 / 180.0
    s1 = math.sin((lat2 - lat1) * rad / 2.0)
    s2 = math.sin((lon2 - lon1) * rad / 2.0)
    h = min(1.0, s1 * s1 + math.cos(lat1 * rad) * math.cos(lat2 * rad) * s2 * s2)
    return 2.0 * 6371.0088 * math.asin(math.sqrt(h))


def add_locations(catalog, near_path, seed):
    """Give one generated practice in three a location (a line after its id), and write
    near_path: targets for near: (territories with a location). Points fall in metropolitan
    France's bounding box. Returns {practice id: (lat, lon)}."""
    rnd = random.Random(seed + 1)

    def point():
        return (round(rnd.uniform(42.3, 51.1), 4), round(rnd.uniform(-4.8, 8.2), 4))

    locs, out = {}, []
    for line in open(catalog, encoding="utf-8"):
        out.append(line)
        if line.startswith("  - id: p") and rnd.random() < 1 / 3:
            locs[line[8:].strip()] = point()
            out.append("    location: [%s, %s]\n" % locs[line[8:].strip()])
    with open(catalog, "w", encoding="utf-8") as f:
        f.writelines(out)
    with open(near_path, "w", encoding="utf-8") as f:
        f.write("sharitories: 1\nterritories:\n")
        for i in range(20):
            f.write("  - id: qd-near-%d\n    name: Near %d\n    kind: other\n    location: [%s, %s]\n"
                    % ((i, i) + point()))
        f.write("  - id: qd-near-none\n    name: No location\n    kind: other\n")
    return locs


class Catalog:
    def __init__(self, terr_paths, tables, locations):
        self.terr = read_territories(terr_paths)
        self.actors = {r[0]: r[2] for r in rows(os.path.join(tables, "actors.csv"))}
        self.ids, self.index = [], {}
        self.p = []
        for r in rows(os.path.join(tables, "practices.csv")):
            i = len(self.ids)
            self.ids.append(r[0])
            self.index[r[0]] = i
            self.p.append({"id": r[0], "name": r[1], "category": r[2], "status": r[3],
                           "started": int(r[4]) if r[4] else None,
                           "ended": int(r[5]) if r[5] else None, "description": r[6],
                           "axes": [], "territories": [], "actors": [], "tags": []})
        for name, key in (("practice_axes", "axes"), ("practice_territories", "territories"),
                          ("practice_tags", "tags")):
            for r in rows(os.path.join(tables, name + ".csv")):
                self.p[self.index[r[0]]][key].append(r[1])
        for r in rows(os.path.join(tables, "practice_actors.csv")):
            self.p[self.index[r[0]]]["actors"].append((r[1], r[2]))
        for p in self.p:
            # near: its own location, else its first territory's that has one
            p["location"] = locations.get(p["id"]) or next(
                (self.terr[t]["location"] for t in p["territories"] if "location" in self.terr[t]), None)
            p["texts"] = [tokens(p["name"]), tokens(p["description"])] + [tokens(t) for t in p["tags"]]
            p["within"] = set()
            for t in p["territories"]:
                p["within"] |= self.terr[t]["within"]
        self.n = len(self.p)
        self.all = set(range(self.n))
        self.memo = {}
        self.vocab = {}
        for i, p in enumerate(self.p):
            for text in p["texts"]:
                for t in text:
                    self.vocab.setdefault(t, set()).add(i)


# ------------------------------------------------------------------ reference evaluation

def cmp(op, x, v):
    return {"=": x == v, "<": x < v, "<=": x <= v, ">": x > v, ">=": x >= v}[op]


def text_match(p, toks):
    if not toks:
        return True
    k = len(toks)
    for text in p["texts"]:
        for i in range(len(text) - k + 1):
            if all(text[i + j].startswith(toks[j]) for j in range(k)):
                return True
    return False


def field_match(cat, p, field, value):
    if field == "axis":
        return value in p["axes"]
    if field == "category":
        return p["category"] == value
    if field == "family":
        return FAMILY[p["category"]] == value
    if field == "in":
        return value in p["within"]
    if field == "at":
        return value in p["territories"]
    if field == "actor":
        return any(a == value for a, _ in p["actors"])
    if field == "actorkind":
        return any(cat.actors[a] == value for a, _ in p["actors"])
    if field == "actorsector":
        return any(SECTOR[cat.actors[a]] == value for a, _ in p["actors"])
    if field == "role":
        return any(r == value for _, r in p["actors"])
    if field == "status":
        return p["status"] == value
    if field == "tag":
        return value in p["tags"]
    if field == "id":
        return p["id"] == value
    if field == "near":
        tid, km = value.rsplit("@", 1)
        t = cat.terr[tid]["location"]
        return p["location"] is not None and distance_km(*p["location"], *t) <= float(km)
    raise ValueError(field)


def evaluate(cat, node, memo=None):
    """The practices (indices) node selects. Leaves are memoised by their rendering."""
    if memo is None:
        memo = cat.memo
    kind = node[0]
    if kind in ("field", "cmp", "word", "phrase"):
        key = render(node)
        if key not in memo:
            memo[key] = evaluate_leaf(cat, node)
        return memo[key]
    if kind == "and":
        s = set(cat.all)
        for k in node[1]:
            s &= evaluate(cat, k, memo)
        return s
    if kind == "or":
        s = set()
        for k in node[1]:
            s |= evaluate(cat, k, memo)
        return s
    if kind == "not":
        return cat.all - evaluate(cat, node[1], memo)
    raise ValueError(kind)


def evaluate_leaf(cat, node):
    kind = node[0]
    if kind == "and":
        s = set(cat.all)
        for k in node[1]:
            s &= evaluate(cat, k)
        return s
    if kind == "or":
        s = set()
        for k in node[1]:
            s |= evaluate(cat, k)
        return s
    if kind == "not":
        return cat.all - evaluate(cat, node[1])
    if kind == "field":
        _, field, values = node
        return {i for i, p in enumerate(cat.p) if any(field_match(cat, p, field, v) for v in values)}
    if kind == "cmp":
        _, num, op, v = node
        out = set()
        for i, p in enumerate(cat.p):
            if num in ("started", "ended"):
                ok = p[num] is not None and cmp(op, p[num], v)
            elif num == "territories":
                ok = cmp(op, len(set(p["territories"])), v)
            else:
                ok = any(cat.terr[t]["population"] is not None and cmp(op, cat.terr[t]["population"], v)
                         for t in p["territories"])
            if ok:
                out.add(i)
        return out
    if kind in ("word", "phrase"):
        toks = tokens(node[1])
        if not toks:
            return set(cat.all)
        # candidates: practices having a token beginning with each query token
        cand = None
        for q in toks:
            s = set()
            for t, ps in cat.vocab.items():
                if t.startswith(q):
                    s |= ps
            cand = s if cand is None else cand & s
        if len(toks) == 1:
            return cand
        return {i for i in cand if text_match(cat.p[i], toks)}
    raise ValueError(kind)


# ------------------------------------------------------------------ rendering and generation

def render(node, parent="or"):
    kind = node[0]
    if kind == "or":
        s = " OR ".join(render(k, "or") for k in node[1])
        return s if parent == "or" else "(" + s + ")"
    if kind == "and":
        s = " ".join(render(k, "and") for k in node[1])
        return s if parent in ("or", "and") else "(" + s + ")"
    if kind == "not":
        return "-" + render(node[1], "not")
    if kind == "field":
        return node[1] + ":" + ",".join(('"%s"' % v) if (" " in v) else v for v in node[2])
    if kind == "cmp":
        return "%s%s%d" % (node[1], node[2], node[3])
    if kind == "word":
        return node[1]
    if kind == "phrase":
        return '"' + node[1] + '"'
    raise ValueError(kind)


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.category(c).startswith("M"))


class Generator:
    def __init__(self, cat, rnd):
        self.cat, self.rnd = cat, rnd
        used = set()
        for p in cat.p:
            used |= p["within"]
        self.places = sorted(used)
        self.some_places = sorted(rnd.sample(sorted(cat.terr), 200))
        self.words = sorted({w for p in cat.p[:300] for w in p["description"].split()} |
                            {w for p in cat.p[:300] for w in p["name"].split()})
        self.tags = sorted({t for p in cat.p for t in p["tags"]})
        self.located = sorted(t for t in cat.terr if "location" in cat.terr[t])
        self.actor_ids = sorted(cat.actors)

    def word(self):
        r = self.rnd
        w = r.choice(self.words)
        x = r.random()
        if x < 0.15:
            w = w.upper()
        elif x < 0.3:
            w = strip_accents(w)
        elif x < 0.45:
            w = w[: r.randint(1, max(1, len(w)))]
        elif x < 0.5:
            w = w.replace("oe", "œ").replace("ae", "æ")
        elif x < 0.55:
            w = w + "-" + r.choice(self.words)
        elif x < 0.6:
            w = "d'" + w
        w = w.replace('"', "").replace("(", "").replace(")", "")
        if ":" in w or not w or w == "OR" or w.startswith("-"):
            w = "jardins"
        for num in ("started", "ended", "population", "territories"):
            if w.startswith(num) and len(w) > len(num) and w[len(num)] in "<>=":
                w = "x" + w
        return w

    def phrase(self):
        r = self.rnd
        if r.random() < 0.6:
            p = r.choice(self.cat.p)
            src = p["description"].split() if r.random() < 0.7 else p["name"].split()
            if len(src) < 2:
                src = ["économie", "collaborative"]
            k = r.randint(2, min(3, len(src)))
            i = r.randint(0, len(src) - k)
            ws = src[i:i + k]
            if r.random() < 0.3:
                ws[-1] = ws[-1][: r.randint(1, len(ws[-1]))]
        else:
            ws = [r.choice(self.words) for _ in range(r.randint(2, 3))]
        return " ".join(ws).replace('"', "")

    def leaf(self):
        r, cat = self.rnd, self.cat
        x = r.random()
        if x < 0.45:
            field = r.choice(["axis", "category", "family", "in", "in", "in", "at", "actor",
                              "actorkind", "actorsector", "role", "status", "tag", "tag", "id",
                              "near", "near"])
            n = 1 if r.random() < 0.75 else r.randint(2, 3)
            vals = []
            for _ in range(n):
                if field == "axis":
                    vals.append(r.choice(AXES))
                elif field == "category":
                    vals.append(r.choice(sorted(FAMILY)))
                elif field == "family":
                    vals.append(r.choice(["consumption", "production", "finance", "governance"]))
                elif field in ("in", "at"):
                    vals.append(r.choice(self.places if r.random() < 0.8 else self.some_places))
                elif field == "actor":
                    vals.append(r.choice(self.actor_ids))
                elif field == "actorkind":
                    vals.append(r.choice(sorted(SECTOR)))
                elif field == "actorsector":
                    vals.append(r.choice(["public", "private", "citizen", "other"]))
                elif field == "role":
                    vals.append(r.choice(ROLES))
                elif field == "status":
                    vals.append(r.choice(STATUSES))
                elif field == "tag":
                    vals.append(r.choice(self.tags + ["no-such-tag"]))
                elif field == "near":
                    vals.append("%s@%s" % (r.choice(self.located),
                                           r.choice(["0", "5", "20", "50", "100.5", "250", "600", "12.25"])))
                else:
                    vals.append(r.choice(cat.ids))
            return ("field", field, vals)
        if x < 0.65:
            num = r.choice(["started", "ended", "population", "territories"])
            op = r.choice(["=", "<", "<=", ">", ">="])
            if num in ("started", "ended"):
                v = r.randint(1993, 2028)
            elif num == "population":
                v = r.choice([0, 500, 1000, 5000, 20000, 100000, 500000, 2000000])
            else:
                v = r.randint(0, 3)
            return ("cmp", num, op, v)
        if x < 0.85:
            return ("word", self.word())
        return ("phrase", self.phrase())

    def node(self, depth=0):
        r = self.rnd
        x = r.random()
        if depth >= 3 or x < 0.35:
            n = self.leaf()
        elif x < 0.65:
            n = ("and", [self.node(depth + 1) for _ in range(r.randint(2, 3))])
        elif x < 0.9:
            n = ("or", [self.node(depth + 1) for _ in range(r.randint(2, 3))])
        else:
            n = ("not", self.node(depth + 1))
        if r.random() < 0.15 and n[0] != "not":
            n = ("not", n)
        return n


# Expressions that must fail, with the code the driver must print.
ERRORS = [
    ("colour:red", "EQUERY"), ("axis:foo", "EQUERY"), ("category:", "EQUERY"),
    ("started>=abc", "EQUERY"), ("(a", "EQUERY"), ("a)", "EQUERY"), ("a OR", "EQUERY"),
    ("in:nowhere", "EQUERY"), ("actorkind:alien", "EQUERY"), ("id:none", "EQUERY"),
    ("family:food", "EQUERY"), ("-", "EQUERY"), ('"open', "EQUERY"),
    ("near:qd-near-1", "EQUERY"), ("near:qd-near-1@", "EQUERY"), ("near:qd-near-1@x", "EQUERY"),
    ("near:qd-near-none@5", "EQUERY"), ("near:nowhere@5", "EQUERY"), ("near:qd-near-1@-1", "EQUERY"),
    ("(" * 70 + "a" + ")" * 70, "ELIMIT"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("driver")
    ap.add_argument("source_root")
    ap.add_argument("--practices", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--queries", type=int, default=800)
    ap.add_argument("--keep")
    a = ap.parse_args()
    root = a.source_root
    gen = os.path.join(root, "bench", "gen_catalog.py")
    terr_path = os.path.join(root, "data", "fr-territories-2026.yaml")
    if not os.path.exists(gen) or not os.path.exists(terr_path):
        print("skipped: no bench/gen_catalog.py or data/fr-territories-2026.yaml")
        return 77
    tmp = a.keep or tempfile.mkdtemp(prefix="query_diff_")
    os.makedirs(tmp, exist_ok=True)
    out = os.path.join(tmp, "catalog.yaml")
    tables = os.path.join(tmp, "tables")
    subprocess.run([sys.executable, gen, "--territories", terr_path, "--practices", str(a.practices),
                    "--seed", str(a.seed), "--out", out, "--tables", tables], check=True)
    near_path = os.path.join(tmp, "near.yaml")
    locations = add_locations(out, near_path, a.seed)
    cat = Catalog([terr_path, near_path], tables, locations)
    rnd = random.Random(a.seed)
    g = Generator(cat, rnd)
    queries = []
    fixed = ["", "jardins", "\"économie collaborative\"", "tiers-lieux", "ŒUVRE", "oeuvre",
             "d'échange", "territories>=2", "population>=20000 population<100000",
             "(in:fr-dep-29 OR in:fr-dep-35) tag:rural", "started>=2015 category:repair_cafe -status:ended",
             "actorkind:association axis:solidarity status:active",
             "near:qd-near-0@100 category:coworking", "near:qd-near-1@250,qd-near-2@50 -status:ended"]
    for e in fixed:
        queries.append((e, None))
    while len(queries) < a.queries:
        n = g.node()
        queries.append((render(n), n))
    for e, _ in ERRORS:
        queries.append((e, None))
    exprs = [q for q, _ in queries]
    proc = subprocess.run([a.driver, terr_path, near_path, out], input="\n".join(exprs) + "\n",
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        print("driver failed (%d): %s" % (proc.returncode, proc.stderr))
        return 1
    lines = proc.stdout.split("\n")
    bad = 0
    nonempty = 0
    errors = dict(ERRORS)
    for i, (e, node) in enumerate(queries):
        got = lines[i] if i < len(lines) else "<missing>"
        if e in errors:
            ok = got.startswith("ERR " + errors[e] + " ")
            want = "ERR " + errors[e]
        else:
            if node is None:
                from_expr = parse_simple(cat, e)
                ids = evaluate(cat, from_expr)
            else:
                ids = evaluate(cat, node)
            want = "OK %d" % len(ids) + "".join(" " + cat.ids[j] for j in sorted(ids))
            ok = got == want
            nonempty += bool(ids) and len(ids) < cat.n
        if not ok:
            bad += 1
            if bad <= 10:
                print("MISMATCH: %s\n  want: %s\n  got:  %s" % (e, want[:300], got[:300]))
    print("%d expressions, %d selective and non-empty, %d mismatches" % (len(queries), nonempty, bad))
    return 1 if bad else 0


def parse_simple(cat, e):
    """The fixed expressions, as trees (a tiny subset of the grammar: juxtaposition, OR inside
    one pair of parentheses, '-', fields, comparisons, words, one quoted phrase)."""
    import re
    items = []
    for m in re.finditer(r'"[^"]*"|\([^)]*\)|\S+', e):
        t = m.group(0)
        neg = False
        if t.startswith("-"):
            neg, t = True, t[1:]
        if t.startswith('"'):
            n = ("phrase", t[1:-1])
        elif t.startswith("("):
            n = ("or", [parse_simple(cat, x.strip()) for x in t[1:-1].split(" OR ")])
        elif ":" in t:
            f, v = t.split(":", 1)
            n = ("field", f, v.split(","))
        else:
            m2 = re.match(r"(started|ended|population|territories)(>=|<=|>|<|=)(-?\d+)$", t)
            n = ("cmp", m2.group(1), m2.group(2), int(m2.group(3))) if m2 else ("word", t)
        items.append(("not", n) if neg else n)
    return ("and", items)


if __name__ == "__main__":
    sys.exit(main())
