#!/usr/bin/python3
"""Compare libsharitories with the anchors of ../shared/bench in one run.

usage: compare.py load --floor YAML_SCAN --load BENCH_LOAD [--runs N] FILE...
       compare.py snapshot --floor YAML_SCAN --load BENCH_LOAD --snapshot FILE.shrs [--runs N] FILE...
       compare.py query --bench-query BENCH_QUERY --territories FR.yaml --tables DIR
                  [--repeat N] FILE...
       compare.py list --bench-list BENCH_LIST --territories FR.yaml --tables DIR
                  [--repeat N] FILE...    (sharitories importable: PYTHONPATH)

`load` runs the libyaml floor (yaml_scan) and bench_load alternately on the same files and
prints the best of N runs of each, the ratio (target: <= 1.5) and the peak memory against the
size of the YAML files (target: below it).
`snapshot` times the opening of FILE.shrs (the snapshot of FILE...) with bench_load against the
libyaml floor of FILE... (target: < 10 % at 100,000 practices, < 5 % at 1,000,000) and its peak
memory against the snapshot's size (target: at most that).
`query` builds the SQLite database of anchors.py, times its SUITE there and with bench_query
(same expressions, same catalog), checks that both count the same, and prints per-query
ratios and the geometric mean of SQLite time / our time (target: >= 10, and no query slower).
`list` lists the practices of each SUITE query (a facet: those it counts): their ids, and
their full records (id, name, category, status, started, ended, description), with sqlite3
(`SELECT p.id ...` / `SELECT p.id, p.name, ... fetchall()`, FTS5 for the phrase), from Python
(`cat.query(q).ids()` / the same columns with Result.column, zipped into tuples) and from C
(bench_list: shr_query_parse + run + the getters); best of N of each, the speed-ups, and a
check that all three list the same practices (target, Python ids: >= 10x, the phrase >= 20x).
"""
import argparse, math, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def parse_pairs(text):
    toks = text.split()
    return {toks[i]: toks[i + 1] for i in range(0, len(toks) - 1, 2)}


def cmd_load(a):
    floor, ours, rss = [], [], []
    for _ in range(a.runs):
        floor.append(float(parse_pairs(run([a.floor] + a.files))["seconds"]))
        out = parse_pairs(run([a.load] + a.files))
        ours.append(float(out["load_seconds"]))
        rss.append(float(out["peak_rss_mb"]))
    size_mb = sum(os.path.getsize(f) for f in a.files) / 1e6
    f, o = min(floor), min(ours)
    print(f"files: {' '.join(os.path.basename(x) for x in a.files)} ({size_mb:.1f} MB)")
    print(f"libyaml floor (yaml_scan) best of {a.runs}: {f:.3f} s")
    print(f"sharitories load (bench_load) best of {a.runs}: {o:.3f} s")
    print(f"ratio load/floor: {o / f:.2f} (target <= 1.50) {'OK' if o / f <= 1.5 else 'OVER'}")
    print(f"peak RSS: {max(rss):.1f} MB for {size_mb:.1f} MB of YAML "
          f"{'OK' if max(rss) <= size_mb else 'OVER'}")
    return 0


def cmd_snapshot(a):
    floor, ours, rss = [], [], []
    for _ in range(a.runs):
        floor.append(float(parse_pairs(run([a.floor] + a.files))["seconds"]))
        out = parse_pairs(run([a.load, a.snapshot]))
        ours.append(float(out["load_seconds"]))
        rss.append(float(out["peak_rss_mb"]))
    size_mb = os.path.getsize(a.snapshot) / 1e6
    yaml_mb = sum(os.path.getsize(f) for f in a.files) / 1e6
    f, o = min(floor), min(ours)
    print(f"snapshot: {os.path.basename(a.snapshot)} ({size_mb:.1f} MB, of {yaml_mb:.1f} MB of YAML)")
    print(f"libyaml floor (yaml_scan) best of {a.runs}: {f:.3f} s")
    print(f"snapshot open (bench_load) best of {a.runs}: {o:.3f} s")
    print(f"ratio open/floor: {100 * o / f:.1f} % (target < 10 % at 100k, < 5 % at 1M)")
    print(f"peak RSS: {max(rss):.1f} MB for a {size_mb:.1f} MB snapshot "
          f"{'OK' if max(rss) <= size_mb else 'OVER'}")
    return 0


# Where the SQL of anchors.py reads query.md differently, the count is checked against a SQL
# that follows query.md (timings still compare with the anchor's SQL).
SPEC_SQL = {
    # query.md: `population OP N` holds when at least one territory compares so; two such terms
    # may be satisfied by two different territories. The anchor asks one territory for both.
    "mid_sized_cities":
        "SELECT count(*) FROM practices p WHERE p.rowid IN (SELECT p FROM practice_axes WHERE axis='public_actor')"
        " AND p.rowid IN (SELECT pt.p FROM practice_territories pt JOIN territories t ON t.id=pt.t"
        " WHERE t.population>=20000)"
        " AND p.rowid IN (SELECT pt.p FROM practice_territories pt JOIN territories t ON t.id=pt.t"
        " WHERE t.population<100000)",
}


def sqlite_db(territories, tables):
    """The SQLite database of anchors.py for these territories and tables, and its build time."""
    import anchors
    from gen_catalog import read_territories
    import time
    terr = list(read_territories(territories))
    ups, cur = {}, None
    with open(territories, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if s.startswith("- id: "):
                cur = s[6:]
                ups[cur] = []
            elif s.startswith("parent: "):
                ups[cur].append(s[8:])
            elif s.startswith("groups: ["):
                ups[cur].extend(x.strip() for x in s[9:-1].split(","))
    for t in terr:
        t["up"] = ups.get(t["id"], [])
    t0 = time.perf_counter()
    db = anchors.build_sqlite(terr, tables)
    print(f"sqlite build_seconds {time.perf_counter() - t0:.2f}")
    return db


def cmd_query(a):
    import anchors
    db = sqlite_db(a.territories, a.tables)
    sqlite = {}
    for name, expr, sql in anchors.SUITE:
        res, ms = anchors.timed(lambda: db.execute(sql).fetchall(), a.repeat)
        n = res[0][0] if len(res) == 1 and len(res[0]) == 1 else len(res)
        if name in SPEC_SQL:
            print(f"{name}: anchor SQL counts {n}; counting with the query.md reading instead")
            n = db.execute(SPEC_SQL[name]).fetchall()[0][0]
        sqlite[name] = (n, ms)
    suite = "".join(f"{name}\t{expr}\n" for name, expr, _ in anchors.SUITE)
    out = subprocess.run([a.bench_query, "--repeat", str(a.repeat)] + a.files, input=suite,
                         check=True, capture_output=True, text=True).stdout
    ours = {}
    for line in out.splitlines():
        name, _, n, ms = line.split("\t")
        ours[name] = (int(n), float(ms))
    print(f"{'query':24} {'count':>8} {'sqlite ms':>10} {'ours ms':>10} {'speed-up':>9}")
    ratios, slower, mismatch = [], [], []
    for name, _, _ in anchors.SUITE:
        sn, sms = sqlite[name]
        on, oms = ours[name]
        r = sms / max(oms, 1e-4)
        ratios.append(r)
        if r < 1:
            slower.append(name)
        if sn != on:
            mismatch.append(f"{name}: sqlite {sn} ours {on}")
        print(f"{name:24} {on:>8} {sms:>10.3f} {oms:>10.4f} {r:>8.1f}x")
    geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"geometric mean speed-up: {geo:.1f}x (target >= 10) {'OK' if geo >= 10 else 'UNDER'}")
    print(f"queries slower than SQLite: {', '.join(slower) if slower else 'none'}")
    if mismatch:
        print("COUNT MISMATCH: " + "; ".join(mismatch))
        return 1
    return 0


# The listing of each SUITE query in SQL: the WHERE clause of its practices (the anchor's own
# where it counts `FROM practices p WHERE ...`; a facet lists the practices it counts).
LIST_WHERE = {
    "multi_territory":
        "p.rowid IN (SELECT p FROM practice_territories GROUP BY p HAVING count(*)>=2)",
    "phrase": "p.rowid IN (SELECT rowid FROM fts WHERE fts MATCH '\"économie collaborative\"')",
    "facet_axis_region":
        "p.rowid IN (SELECT pt.p FROM practice_territories pt JOIN closure c ON c.t=pt.t"
        " WHERE c.anc='fr-reg-27')",
    "facet_department": "p.category='fablab'",
}
LIST_COLUMNS = ("id", "name", "category", "status", "started", "ended", "description")


def list_where(name, sql):
    if name in LIST_WHERE:
        return LIST_WHERE[name]
    sql = SPEC_SQL.get(name, sql)
    head = "SELECT count(*) FROM practices p WHERE "
    assert sql.startswith(head), name
    return sql[len(head):]


def best_ms(fn, repeat):
    import time
    out, best = None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        t = (time.perf_counter() - t0) * 1000
        best = t if best is None or t < best else best
    return out, best


def cmd_list(a):
    """Listing: ids and full records of each SUITE query, SQLite (sqlite3 fetchall), the
    Python binding and C (bench_list), best of N each, in one run."""
    import anchors
    import sharitories
    db = sqlite_db(a.territories, a.tables)
    import time
    t0 = time.perf_counter()
    cat = sharitories.Catalog(a.files)
    print(f"python load_seconds {time.perf_counter() - t0:.2f}")
    suite = "".join(f"{name}\t{expr}\n" for name, expr, _ in anchors.SUITE)
    out = subprocess.run([a.bench_list, "--repeat", str(a.repeat)] + a.files, input=suite,
                         check=True, capture_output=True, text=True).stdout
    c = {}
    for line in out.splitlines():
        name, n, ids_ms, rec_ms = line.split("\t")
        c[name] = (int(n), float(ids_ms), float(rec_ms))
    cols = ", ".join("p." + x for x in LIST_COLUMNS)
    rows, mismatch, under = [], [], []
    for name, expr, sql in anchors.SUITE:
        expr = expr.split("|")[0].strip()
        where = list_where(name, sql)
        s_ids, s_ids_ms = best_ms(lambda: db.execute(f"SELECT p.id FROM practices p WHERE {where}")
                                  .fetchall(), a.repeat)
        _, s_rec_ms = best_ms(lambda: db.execute(f"SELECT {cols} FROM practices p WHERE {where}")
                              .fetchall(), a.repeat)
        ids, py_ids_ms = best_ms(lambda: cat.query(expr).ids(), a.repeat)

        def records():
            r = cat.query(expr)
            return list(zip(*(r.column(x) for x in LIST_COLUMNS)))
        recs, py_rec_ms = best_ms(records, a.repeat)
        if sorted(i for (i,) in s_ids) != sorted(ids) or len(recs) != len(ids) or \
                c[name][0] != len(ids):
            mismatch.append(f"{name}: sqlite {len(s_ids)} python {len(ids)} C {c[name][0]}")
        goal = 20 if name == "phrase" else 10
        if s_ids_ms / py_ids_ms < goal:
            under.append(name)
        rows.append((name, len(ids), s_ids_ms, py_ids_ms, c[name][1], s_rec_ms, py_rec_ms,
                     c[name][2], goal))
    print("listing, best of %d (ms); speed-up = SQLite time / ours" % a.repeat)
    print(f"{'query':22} {'count':>7} | {'ids: sqlite':>11} {'python':>8} {'x':>6} {'C':>8} "
          f"{'x':>7} | {'rows: sqlite':>12} {'python':>8} {'x':>6} {'C':>8} {'x':>7}")
    for name, n, sids, pids, cids, srec, prec, crec, goal in rows:
        print(f"{name:22} {n:>7} | {sids:>11.3f} {pids:>8.3f} {sids / pids:>5.1f}x {cids:>8.4f} "
              f"{sids / max(cids, 1e-4):>6.1f}x | {srec:>12.3f} {prec:>8.3f} {srec / prec:>5.1f}x "
              f"{crec:>8.4f} {srec / max(crec, 1e-4):>6.1f}x")
    print("python ids listing >= 10x SQLite (phrase: 20x FTS5): "
          + ("OK" if not under else "UNDER for " + ", ".join(under)))
    if mismatch:
        print("LISTING MISMATCH: " + "; ".join(mismatch))
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    ld = sub.add_parser("load")
    ld.add_argument("--floor", required=True)
    ld.add_argument("--load", required=True)
    ld.add_argument("--runs", type=int, default=3)
    ld.add_argument("files", nargs="+")
    sn = sub.add_parser("snapshot")
    sn.add_argument("--floor", required=True)
    sn.add_argument("--load", required=True)
    sn.add_argument("--snapshot", required=True)
    sn.add_argument("--runs", type=int, default=3)
    sn.add_argument("files", nargs="+")
    q = sub.add_parser("query")
    q.add_argument("--bench-query", required=True)
    q.add_argument("--territories", required=True)
    q.add_argument("--tables", required=True)
    q.add_argument("--repeat", type=int, default=5)
    q.add_argument("files", nargs="+")
    ls = sub.add_parser("list")
    ls.add_argument("--bench-list", required=True)
    ls.add_argument("--territories", required=True)
    ls.add_argument("--tables", required=True)
    ls.add_argument("--repeat", type=int, default=7)
    ls.add_argument("files", nargs="+")
    a = ap.parse_args()
    return {"load": cmd_load, "snapshot": cmd_snapshot, "query": cmd_query, "list": cmd_list}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
