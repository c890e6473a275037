#!/usr/bin/python3
"""Panorama of one of the four French towns of the Sharitories study against its peers.

usage: town_panorama.py [--town ID] [--scope epci|commune] [--lang fr|en] OUTPUT.png

Loads the bundled catalog, selects the collaborative practices within each town's scope
(its EPCI by default, or the commune itself), and prints, per 10,000 inhabitants of the
scope, the practices by family and by category for the chosen town, each peer (the other
three towns) and the peers' mean. Saves the same panorama as a bar chart (PNG, matplotlib's
Agg backend: no display needed).

Run from the build tree with `meson devenv -C build python3 examples/python/town_panorama.py
--town fr-com-56121 lorient.png`.
"""
import argparse
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

import sharitories  # noqa: E402

TOWNS = {
    "fr-com-56121": "Lorient",
    "fr-com-88160": "Épinal",
    "fr-com-40192": "Mont-de-Marsan",
    "fr-com-11262": "Narbonne",
}
PER = 10_000


def scope_of(cat, town_id, scope):
    """The territory whose practices count for a town: the commune or its EPCI."""
    town = cat.territories().get(town_id)
    if town is None:
        raise SystemExit(f"unknown territory {town_id}")
    if scope == "commune":
        return town
    return town.epci or town


def panorama(cat, scopes, dim):
    """DataFrame: scopes (rows, in the order given) x values of dim, per PER inhabitants."""
    expr = " OR ".join(f"in:{s.id}" for s in scopes)
    level = scopes[0].kind  # every scope is of one level: commune or epci
    x = cat.crosstab(expr, rows=level, cols=dim, per=PER)
    # A practice spanning several territories also adds rows for the other ones: keep ours.
    x = x.reindex([s.id for s in scopes]).fillna(0.0)
    return x


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output", help="PNG file to write")
    ap.add_argument("--town", default="fr-com-56121", choices=sorted(TOWNS),
                    help="the town to portray (default: Lorient)")
    ap.add_argument("--scope", default="epci", choices=["epci", "commune"],
                    help="count the practices of the town's EPCI (default) or of the commune")
    ap.add_argument("--lang", default="fr", choices=list(sharitories.LANGS))
    a = ap.parse_args(argv)

    cat = sharitories.Catalog.default()
    order = [a.town] + [t for t in TOWNS if t != a.town]
    scopes = [scope_of(cat, t, a.scope) for t in order]
    names = [TOWNS[t] for t in order]
    peers = names[1:]

    print(f"Panorama of {TOWNS[a.town]} ({scopes[0].name}, {scopes[0].population:,} inhabitants)"
          f" against {', '.join(peers)}")
    print(f"practices per {PER:,} inhabitants of each town's {a.scope}\n")
    for t, s, n in zip(order, scopes, names):
        total = cat.count(f"in:{s.id}")
        print(f"  {n:<15} {s.name:<36} {total:>4} practices, "
              f"{total / s.population * PER:6.2f} per {PER:,}")

    tables = {}
    for dim in ("family", "category"):
        x = panorama(cat, scopes, dim)
        x.index = names
        labels = {k: (v[a.lang] or k) for k, v in x.attrs["col_labels"].items()}
        x.columns = [labels[c] for c in x.columns]
        x.loc["peers (mean)"] = x.loc[peers].mean()
        tables[dim] = x
        print(f"\nby {dim}:")
        print(x.T.round(2).to_string())

    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), constrained_layout=True)
    for ax, (dim, x) in zip(axes, tables.items()):
        x.drop(index="peers (mean)").T.plot.barh(ax=ax, width=0.8)
        ax.set_title(f"by {dim}")
        ax.set_xlabel(f"practices per {PER:,} inhabitants ({a.scope})")
        ax.invert_yaxis()
    fig.suptitle(f"Sharitories panorama: {TOWNS[a.town]} and its peers")
    fig.savefig(a.output, format="png", dpi=100)
    plt.close(fig)
    print(f"\nchart written to {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
