#!/usr/bin/python3
"""Time the binding's bulk paths against sqlite3's fetchall of the same rows.

usage: bench_binding.py TERRITORIES.yaml PRACTICES.yaml TABLES_DIR [--repeat N]

PRACTICES.yaml and TABLES_DIR come from bench/gen_catalog.py (--tables). The SQLite side is
an in-memory table `practices` filled from TABLES_DIR/practices.csv (same rows, same ids).
Prints the best of N runs of:
  ids:       SELECT id FROM practices, fetchall  vs  query("").ids()  and  [p.id for p in ...]
  dataframe: SELECT * FROM practices, fetchall   vs  query("").to_dataframe()
Run it from the build tree: meson devenv -C build /usr/bin/python3 bindings/python/bench/bench_binding.py ...
"""
import argparse
import csv
import os
import sqlite3
import time

import sharitories


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("territories")
    ap.add_argument("practices")
    ap.add_argument("tables")
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()

    t = time.perf_counter()
    cat = sharitories.Catalog([a.territories, a.practices])
    print(f"load: {time.perf_counter() - t:.2f} s, {cat!r}")

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE practices(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, "
               "category TEXT, status TEXT, started INTEGER, ended INTEGER, description TEXT)")
    with open(os.path.join(a.tables, "practices.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        db.executemany("INSERT INTO practices VALUES(?,?,?,?,?,?,?,?)",
                       ((i, x[0], x[1], x[2], x[3], int(x[4]) if x[4] else None,
                         int(x[5]) if x[5] else None, x[6]) for i, x in enumerate(r, 1)))
    db.commit()
    n_sql = db.execute("SELECT count(*) FROM practices").fetchone()[0]
    n = cat.count("")
    print(f"rows: sqlite {n_sql}, sharitories {n}")

    rows = [
        ("ids: sqlite SELECT id fetchall", lambda: db.execute("SELECT id FROM practices").fetchall()),
        ("ids: query('').ids()", lambda: cat.query("").ids()),
        ("ids: [p.id for p in query('')]", lambda: [p.id for p in cat.query("")]),
        ("rows: sqlite SELECT * fetchall", lambda: db.execute("SELECT * FROM practices").fetchall()),
        ("rows: query('').to_dataframe()", lambda: cat.query("").to_dataframe()),
        ("rows: query('') only", lambda: cat.query("")),
    ]
    cat.query("").to_dataframe()  # import pandas once, outside the timings
    results = {}
    for name, fn in rows:
        results[name] = best(fn, a.repeat)
        print(f"{name:<38} {results[name] * 1000:8.1f} ms")
    ref_ids = results["ids: sqlite SELECT id fetchall"]
    ref_rows = results["rows: sqlite SELECT * fetchall"]
    ids_bulk = results["ids: query('').ids()"]
    ids_loop = results["ids: [p.id for p in query('')]"]
    frame = results["rows: query('').to_dataframe()"]
    print(f"ratio ids()/sqlite:              {ids_bulk / ref_ids:5.2f} (target <= 2)")
    print(f"ratio [p.id ...]/sqlite:         {ids_loop / ref_ids:5.2f}")
    print(f"ratio to_dataframe/sqlite rows:  {frame / ref_rows:5.2f} (target <= 2)")

if __name__ == "__main__":
    main()
