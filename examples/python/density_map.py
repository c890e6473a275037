#!/usr/bin/python3
"""Map of the tiers-lieux per 10,000 inhabitants by department, and the table behind it.

usage: density_map.py [--query EXPR] [--by department|region] [--lang fr|en] OUT.svg OUT.csv

Loads the bundled catalog, draws the choropleth of the practices EXPR selects (default
`tag:cget-2019`, the tiers-lieux of the CGET's 2019 census) per 10,000 inhabitants with
Catalog.map() (an SVG with its legend, title and description; overseas departments as insets),
and writes the figures of every territory drawn to a CSV file: id, name, practices, population,
per_10000. The table lists exactly the territories of the map (its <path> ids), in its order,
so the two always agree. Prints the five highest rates.

Run from the build tree with `meson devenv -C build python3 examples/python/density_map.py
tiers-lieux.svg tiers-lieux.csv`. In Jupyter, `cat.map("tag:cget-2019")` shows the map inline.
"""
import argparse
import csv
import xml.etree.ElementTree as ET

import sharitories

PER = 10_000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--query", default="tag:cget-2019")
    ap.add_argument("--by", choices=sharitories.MAP_LEVELS, default="department")
    ap.add_argument("--lang", choices=sharitories.LANGS, default="fr")
    ap.add_argument("svg")
    ap.add_argument("csv")
    a = ap.parse_args()

    cat = sharitories.Catalog.default()
    m = cat.map(a.query, by=a.by, per=PER, lang=a.lang)
    m.save(a.svg)

    # the territories drawn, in the map's order, and the practices of each (a facet)
    root = ET.fromstring(m.svg.encode("utf-8"))
    ids = [p.get("id") for p in root.iter("{http://www.w3.org/2000/svg}path")]
    counts = cat.facets(a.query, by=a.by)
    rows = []
    for tid in ids:
        t = cat.territory(tid)
        n = counts.get(tid, 0)
        pop = t.population if t is not None else None
        rate = round(n * PER / pop, 4) if pop else None
        rows.append((tid, t.name if t is not None else "", n, pop, rate))
    with open(a.csv, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([a.by, "name", "practices", "population", "per_10000"])
        for r in rows:
            w.writerow(["" if v is None else v for v in r])

    total = len(cat.query(a.query))
    print(f"{total} practices ({a.query}), {len(rows)} territories: {a.svg}, {a.csv}")
    print("highest per 10,000 inhabitants:")
    for tid, name, n, pop, rate in sorted((r for r in rows if r[4]), key=lambda r: -r[4])[:5]:
        print(f"  {name} ({tid}): {rate:.2f} ({n} practices, {pop} inhabitants)")


if __name__ == "__main__":
    main()
