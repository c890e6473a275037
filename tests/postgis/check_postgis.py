#!/usr/bin/python3
"""Checks of tests/postgis/run.sh on a server where the default catalog's export is loaded in
schema "sharitories" and tests/postgis/quotes.yaml's in schema 'Quoted "schéma" \\ x'.

    check_postgis.py TOOL QUOTES_YAML TMPDIR     (PGHOST is the server's socket directory)

Compares the tables with the tool (counts) and the binding (locations, texts), runs a spatial
query (practices within 20 km of Lorient, ST_DWithin on geography) and a hierarchy query
(practices within Bretagne, along parent and groups), reads every text of the fixture back as
hex to compare bytes, and checks that a second load fails as a whole (one transaction)."""
import json
import math
import os
import subprocess
import sys

import sharitories

TOOL, QUOTES, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
PSQL = "psql"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def sql(query):
    """Rows of a query as lists of strings (unit separator between columns)."""
    out = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1",
                          "-U", "postgres", "-d", "postgres", "-c", query],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\x1f") for line in out.split("\n") if line]


def one(query):
    return sql(query)[0][0]


def tool(*args):
    return subprocess.run([TOOL, *args], check=True, capture_output=True, text=True).stdout


S = '"sharitories"'
cat = sharitories.Catalog.default()

# ---- counts against the tool
n = int(tool("query", "--count", ""))
check(int(one(f"SELECT count(*) FROM {S}.practices")) == n, f"practices: {n} rows")
practices = json.loads(tool("export", "-f", "json", ""))
pairs = sum(len(p["territories"]) for p in practices)
check(int(one(f"SELECT count(*) FROM {S}.practice_territories")) == pairs,
      f"practice_territories: {pairs} rows")
roles = sum(len(p["actors"]) for p in practices)
check(int(one(f"SELECT count(*) FROM {S}.practice_actors")) == roles,
      f"practice_actors: {roles} rows")
actors = {a["id"] for p in practices for a in p["actors"]}
check(int(one(f"SELECT count(*) FROM {S}.actors")) == len(actors), f"actors: {len(actors)} rows")
links = sum(len(p["links"]) for p in practices)
check(int(one(f"SELECT count(*) FROM {S}.practice_links")) == links,
      f"practice_links: {links} rows")
located = sum(1 for p in practices if p["latitude"] is not None)
check(int(one(f"SELECT count(geom) FROM {S}.practices")) == located,
      f"practices with a point: {located}")
for cat_id in sorted({p["category"] for p in practices if p["category"]}):
    count = int(tool("query", "--count", f"category:{cat_id}"))
    got = int(one(f"SELECT count(*) FROM {S}.practices WHERE category = '{cat_id}'"))
    check(got == count, f"category {cat_id}: {count}")

# ---- spatial query: practices within 20 km of Lorient (their own location). Lorient's point
# is its territory's location, or, while the bundled territories have none, the mean point of
# the practices listed at Lorient itself (at:fr-com-56121) that have one.
LORIENT = "fr-com-56121"
if cat.territory(LORIENT).location:
    lat0, lon0 = cat.territory(LORIENT).location
    centre_sql = f"SELECT geom FROM {S}.territories WHERE id = '{LORIENT}'"
else:
    pts = [p.location for p in cat.query(f"at:{LORIENT}") if p.location]
    lat0, lon0 = sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    centre_sql = (f"SELECT ST_SetSRID(ST_MakePoint(avg(ST_X(p.geom)), avg(ST_Y(p.geom))), 4326) "
                  f"FROM {S}.practices p JOIN {S}.practice_territories pt ON pt.practice_id = p.id "
                  f"WHERE pt.territory_id = '{LORIENT}' AND p.geom IS NOT NULL")
row = sql(f"SELECT ST_Y(c), ST_X(c) FROM ({centre_sql}) AS centre(c)")[0]
check(abs(float(row[0]) - lat0) < 1e-9 and abs(float(row[1]) - lon0) < 1e-9,
      f"Lorient's point is {lat0}, {lon0}")


def dist_m(lat1, lon1, lat2, lon2):
    """Great-circle distance on PostGIS's sphere (mean radius of WGS 84)."""
    r = 6371008.7714
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


near = {p["id"]: dist_m(lat0, lon0, p["latitude"], p["longitude"])
        for p in practices if p["latitude"] is not None}
expected = {i for i, d in near.items() if d <= 20000}
doubtful = {i for i, d in near.items() if abs(d - 20000) < 50}  # sphere vs spheroid
got = {r[0] for r in sql(
    f"SELECT p.id FROM {S}.practices p, ({centre_sql}) AS centre(c) "
    f"WHERE ST_DWithin(p.geom::geography, c::geography, 20000)")}
check(len(expected) > 0 and (got ^ expected) <= doubtful,
      f"within 20 km of Lorient: {len(got)} practices (haversine: {len(expected)})")
plan = "\n".join(r[0] for r in sql(
    f"SET enable_seqscan = off; EXPLAIN SELECT id FROM {S}.practices "
    f"WHERE ST_DWithin(geom, 'SRID=4326;POINT(-3.37 47.75)'::geometry, 0.2)"))
check("practices_geom_idx" in plan, "the GiST index serves ST_DWithin")

# ---- hierarchy: practices within Bretagne (fr-reg-53)
bzh = int(tool("query", "--count", "in:fr-reg-53"))
closure = int(one(
    f"SELECT count(DISTINCT pt.practice_id) FROM {S}.practice_territories pt "
    f"LEFT JOIN {S}.territory_ancestors a ON a.territory_id = pt.territory_id "
    f"WHERE pt.territory_id = 'fr-reg-53' OR a.ancestor_id = 'fr-reg-53'"))
check(bzh > 0 and closure == bzh, f"within Bretagne (territory_ancestors): {closure} = tool {bzh}")
recursive = int(one(
    f"WITH RECURSIVE up(territory_id, container) AS ("
    f"  SELECT id, id FROM {S}.territories"
    f"  UNION SELECT up.territory_id, e.up FROM up JOIN ("
    f"    SELECT id AS down, parent_id AS up FROM {S}.territories WHERE parent_id IS NOT NULL"
    f"    UNION ALL SELECT territory_id, group_id FROM {S}.territory_groups) e"
    f"  ON e.down = up.container) "
    f"SELECT count(DISTINCT pt.practice_id) FROM {S}.practice_territories pt "
    f"JOIN up ON up.territory_id = pt.territory_id WHERE up.container = 'fr-reg-53'"))
check(recursive == bzh, f"within Bretagne (recursive query on parent and groups): {recursive}")

# ---- comments
check(one(f"SELECT obj_description('{S}.practices'::regclass, 'pg_class')").startswith(
    "Collaborative practices"), "COMMENT ON TABLE practices")
missing = int(one(
    "SELECT count(*) FROM information_schema.columns c WHERE c.table_schema = 'sharitories' "
    "AND col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, "
    "c.ordinal_position) IS NULL"))
check(missing == 0, "every column has a COMMENT")

# ---- texts byte for byte (the fixture, in a schema whose name needs quoting)
Q = '"Quoted ""schéma"" \\ x"'
qc = sharitories.Catalog([QUOTES])


def back(query):
    return bytes.fromhex(one(f"SELECT encode(convert_to(({query}), 'UTF8'), 'hex')"))


p = qc.practice("p-quote")
a = qc.actor("a-quote")
cases = [
    ("practice name", f"SELECT name FROM {Q}.practices WHERE id = 'p-quote'", p.name),
    ("description", f"SELECT description FROM {Q}.practices WHERE id = 'p-quote'", p.description),
    ("address", f"SELECT address FROM {Q}.practices WHERE id = 'p-quote'", p.address),
    ("actor name", f"SELECT name FROM {Q}.actors WHERE id = 'a-quote'", a.name),
    ("actor link", f"SELECT url FROM {Q}.actor_links WHERE actor_id = 'a-quote'", a.links[0]),
    ("tags", f"SELECT string_agg(tag, '|' ORDER BY position) FROM {Q}.practice_tags",
     "|".join(p.tags)),
]
for t in ("t-quote", "t-sub"):
    cases.append((f"territory {t}", f"SELECT name FROM {Q}.territories WHERE id = '{t}'",
                  qc.territory(t).name))
cases.append(("territory code", f"SELECT code FROM {Q}.territories WHERE id = 't-quote'",
              qc.territory("t-quote").code))
for what, query, want in cases:
    check(back(query) == want.encode("utf-8"), f"{what} back byte for byte: {want!r}")
row = sql(f"SELECT ST_Y(geom), ST_X(geom) FROM {Q}.practices WHERE id = 'p-quote'")[0]
check((float(row[0]), float(row[1])) == p.location, f"practice point {p.location}")
check(one(f"SELECT parent_id FROM {Q}.territories WHERE id = 't-sub'") == "t-quote",
      "parent_id kept")

# ---- one transaction: loading again fails (the schema exists) and changes nothing
again = subprocess.run([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d",
                        "postgres", "-f", os.path.join(TMP, "default.sql")],
                       capture_output=True, text=True)
check(again.returncode != 0 and "already exists" in again.stderr,
      "a second load fails: schema exists")
check(int(one(f"SELECT count(*) FROM {S}.practices")) == n, "and leaves the tables as they were")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("all PostGIS checks passed")
