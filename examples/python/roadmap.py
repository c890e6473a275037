#!/usr/bin/python3
"""The feuilles de route of the four French towns of the Sharitories study, side by side.

usage: roadmap.py [--top N] [--lang fr|en] [--csv OUTPUT.csv]

Loads the bundled catalog (with its référentiel d'actions), computes the roadmap of Lorient,
Épinal, Mont-de-Marsan and Narbonne (docs/roadmap.md: the fiches-actions ranked from what their
peers have and they lack), and prints one DataFrame with a column per town: the rank of each
fiche recommended to at least one of them (blank when not in that town's top N). Then the first
recommendation of each town with its reason.

Run from the build tree with `meson devenv -C build python3 examples/python/roadmap.py`.
"""
import argparse

import pandas as pd

import sharitories

TOWNS = {
    "fr-com-56121": "Lorient",
    "fr-com-88160": "Épinal",
    "fr-com-40192": "Mont-de-Marsan",
    "fr-com-11262": "Narbonne",
}


def side_by_side(cat, top, lang):
    """DataFrame: one row per fiche recommended to a town, one column (its rank) per town,
    plus the fiche's title and phase; rows ordered by the best rank any town gives."""
    frames = []
    for tid, name in TOWNS.items():
        df = cat.roadmap(tid, top=top, lang=lang).to_dataframe()
        frames.append(df.set_index("action")["rank"].rename(name))
    table = pd.concat(frames, axis=1)
    titles = {a.id: (a.title(lang), a.phase) for a in cat.actions()}
    table.insert(0, "title", [titles[i][0] for i in table.index])
    table.insert(1, "phase", [titles[i][1] for i in table.index])
    table["best"] = table[list(TOWNS.values())].min(axis=1)
    table = table.sort_values(["best"] + list(TOWNS.values())).drop(columns="best")
    for name in TOWNS.values():
        table[name] = table[name].astype("Int64")
    return table


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--lang", choices=("fr", "en"), default="en")
    ap.add_argument("--csv", help="also write the table as CSV")
    args = ap.parse_args()
    cat = sharitories.Catalog.default()
    table = side_by_side(cat, args.top, args.lang)
    with pd.option_context("display.max_rows", None, "display.max_columns", None,
                           "display.width", 200,
                           "display.max_colwidth", 50):
        print(table)
    print()
    for tid, name in TOWNS.items():
        rm = cat.roadmap(tid, top=1, lang=args.lang)
        if len(rm):
            print(f"{name}: {rm[0].action.title(args.lang)}. {rm[0].why}")
    if args.csv:
        table.to_csv(args.csv)


if __name__ == "__main__":
    main()
