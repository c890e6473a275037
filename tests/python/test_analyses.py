"""Analyses: inspire, compare, network; each checked against results computed independently in
Python from the catalog's records and queries."""
import collections
import csv
import json
import math
import xml.etree.ElementTree as ET

import pytest

import sharitories
from sharitories import Catalog, Error, QueryError, errors

LORIENT = "fr-com-56121"

NETWORK_YAML = """\
sharitories: 1
territories:
  - {id: n-fr, name: Land, kind: country}
  - {id: n-dep-a, name: Dep A, kind: department, parent: n-fr, population: 100000}
  - {id: n-dep-b, name: Dep B, kind: department, parent: n-fr, population: 50000}
  - {id: n-town-a, name: Town A, kind: commune, parent: n-dep-a, population: 20000}
  - {id: n-town-b, name: Town B, kind: commune, parent: n-dep-b, population: 10000}
  - {id: n-hamlet, name: Hamlet, kind: commune, parent: n-dep-b}
actors:
  - {id: x1, name: One, kind: association}
  - {id: x2, name: Two, kind: company}
  - {id: x3, name: Three, kind: public_authority}
  - {id: x4, name: "Four & <Co>", kind: association}
  - {id: x5, name: Idle, kind: association}
practices:
  - {id: q1, name: Q1, category: repair_cafe, territories: [n-town-a],
     actors: [{actor: x1, role: carrier}, {actor: x2, role: partner}]}
  - {id: q2, name: Q2, category: coworking, territories: [n-town-a, n-town-b],
     actors: [{actor: x1, role: carrier}, {actor: x2, role: funder}, {actor: x3, role: partner}]}
  - {id: q3, name: Q3, category: fablab, territories: [n-dep-b],
     actors: [{actor: x3, role: carrier}, {actor: x3, role: funder}, {actor: x4, role: partner}]}
  - {id: q4, name: Q4, category: repair_cafe, territories: [n-town-b], actors: [{actor: x1, role: user}]}
  - {id: q5, name: Q5, category: fablab, territories: [n-town-a]}
"""


@pytest.fixture
def net_cat():
    return Catalog().load_string(NETWORK_YAML, name="network.yaml")


# ---------------------------------------------------------------------------------- inspire


def _peers_by_band(cat, territory, low, high):
    t = cat.territory(territory)
    pop = t.population
    return [u for u in cat.territories(t.kind)
            if u != t and u.population is not None and low * pop <= u.population <= high * pop]


def _check_inspiration(cat, insp, examples=3, query=None):
    """Recompute every row of an inspiration from in:PEER queries."""
    t = insp.territory
    flt = "" if not query else f" ({query})"
    peer_categories = [set(cat.facets(f"in:{p.id}{flt}", by="category")) for p in insp.peers]
    own = cat.facets(f"in:{t.id}{flt}", by="category")
    npeers = len(insp.peers)
    order = {c.id: i for i, c in enumerate(cat.categories())}

    def expected(cid):
        with_ = sum(cid in s for s in peer_categories)
        return with_, (with_ / npeers if npeers else 0.0)

    all_peer_cats = set().union(*peer_categories) if peer_categories else set()
    assert {r.category for r in insp.has} == set(own)
    assert {r.category for r in insp.lacks} == all_peer_cats - set(own)
    for rows, lacks in ((insp.lacks, True), (insp.has, False)):
        for r in rows:
            with_, share = expected(r.category)
            assert (r.peers_with, r.peers) == (with_, npeers), r
            assert r.share == pytest.approx(share)
            assert r.own == (0 if lacks else own[r.category])
            assert r.family == cat.category(r.category).family
            assert len(r.examples) == len(r.example_territories) <= examples
            pool = cat.count(f"category:{r.category} in:{t.id}{flt}") if not lacks else None
            if not lacks:
                assert len(r.examples) == min(examples, pool)
            elif examples:
                assert r.examples
            for p, where in zip(r.examples, r.example_territories):
                assert p.category == r.category
                assert any(u.within(where) for u in p.territories)
                assert (where in insp.peers) if lacks else (where == t)
                if query:
                    assert cat.count(f"id:{p.id} ({query})") == 1
            if lacks and with_ >= examples:  # one example per distinct peer first
                assert len(set(r.example_territories)) == len(r.examples)
        # order: lacks by share descending, has ascending; ties in category order
        keys = [(-r.peers_with if lacks else r.peers_with, order[r.category]) for r in rows]
        assert keys == sorted(keys)


def test_inspire_default_peers_by_band(default):
    insp = default.inspire(LORIENT)
    assert insp.territory.id == LORIENT and insp.catalog is default
    expected = _peers_by_band(default, LORIENT, 0.5, 2.0)
    assert insp.peers == expected  # same territories, catalog order
    assert len(insp.peers) > 100
    _check_inspiration(default, insp)
    assert insp.lacks, "Lorient lacks at least one category its peers have"
    # spot-check shares with one count query per peer, as the spec describes them
    row = insp.lacks[0]
    with_ = sum(default.count(f"in:{p.id} category:{row.category}") > 0 for p in insp.peers)
    assert row.peers_with == with_ and row.share == pytest.approx(with_ / len(insp.peers))
    assert "Lorient" in repr(insp) or LORIENT in repr(insp)


@pytest.mark.parametrize("town", ["fr-com-88160", "fr-com-40192", "fr-com-11262"])
def test_inspire_study_towns_with_band_and_examples(default, town):
    insp = default.inspire(default.territory(town), band=(0.8, 1.25), examples=2)
    assert insp.peers == _peers_by_band(default, town, 0.8, 1.25)
    _check_inspiration(default, insp, examples=2)


def test_inspire_query_filter(default):
    q = "-category:coworking"
    insp = default.inspire(LORIENT, query=q)
    assert insp.query == q
    assert all(r.category != "coworking" for r in insp.lacks + insp.has)
    _check_inspiration(default, insp, query=q)


def test_inspire_explicit_peers_small(small):
    insp = small.inspire("t-village", peers=["t-town", "t-village", small.territory("t-town")])
    assert [p.id for p in insp.peers] == ["t-town"]  # itself and repeats skipped
    assert [(r.category, r.peers_with, r.peers, r.share, r.own) for r in insp.lacks] == [
        ("repair_cafe", 1, 1, 1.0, 0)]
    assert [(r.category, r.peers_with, r.share, r.own) for r in insp.has] == [
        ("seed_library", 1, 1.0, 1)]
    assert [p.id for p in insp.lacks[0].examples] == ["p-repair"]
    assert [t.id for t in insp.lacks[0].example_territories] == ["t-town"]
    assert [p.id for p in insp.has[0].examples] == ["p-seeds"]
    _check_inspiration(small, insp)
    # examples=0: none; a filter removing the peer's only other category
    none = small.inspire("t-village", peers=["t-town"], examples=0)
    assert all(r.examples == [] for r in none.lacks + none.has)
    flt = small.inspire("t-village", peers=["t-town"], query="-category:repair_cafe")
    assert flt.lacks == []


def test_inspire_band_small(small):
    insp = small.inspire("t-town", band=(0.01, 1.0))
    assert [p.id for p in insp.peers] == ["t-village"]  # same kind, 500 <= pop <= 50,000
    assert small.inspire("t-town", band=(0.0, 0.001)).peers == []
    no_peer = small.inspire("t-town", band=(0.0, 0.001))
    assert no_peer.lacks == [] and all(r.share == 0.0 and r.peers == 0 for r in no_peer.has)


def test_inspire_errors(small, default):
    with pytest.raises(Error) as exc:
        small.inspire("t-nowhere")
    assert exc.value.code == errors.ENOTFOUND and "t-nowhere" in exc.value.message
    with pytest.raises(Error) as exc:
        small.inspire("t-town", peers=["t-village", "t-ghost"])
    assert exc.value.name == "ENOTFOUND" and "t-ghost" in str(exc.value)
    with pytest.raises(Error) as exc:
        small.inspire("t-town", band=(2.0, 1.0))
    assert exc.value.code == errors.EINVAL
    with pytest.raises(Error) as exc:
        small.inspire("t-town", band=(float("nan"), 1.0))
    assert exc.value.code == errors.EINVAL
    with pytest.raises(Error) as exc:  # no population: peers must be given
        small.inspire("t-country")
    assert exc.value.code == errors.EINVAL and "population" in exc.value.message
    assert small.inspire("t-country", peers=["t-region"]).peers[0].id == "t-region"
    with pytest.raises(QueryError) as exc:
        small.inspire("t-town", query="colour:red")
    assert exc.value.column == 1
    with pytest.raises(TypeError):
        small.inspire("t-town", peers="t-village")  # a str is not a list of ids
    with pytest.raises(TypeError):
        small.inspire(42)
    with pytest.raises(TypeError):
        small.inspire("t-town", band=3)
    with pytest.raises(ValueError):
        small.inspire("t-town", examples=-1)
    with pytest.raises(ValueError):  # a territory of another catalog
        small.inspire(default.territory(LORIENT))


def test_inspiration_dataframe_and_writers(default, tmp_path):
    insp = default.inspire(LORIENT)
    df = insp.to_dataframe()
    assert list(df.columns) == ["category", "label", "family", "peers_with", "peers", "share",
                                "own", "examples", "example_territories"]
    assert list(df["category"]) == [r.category for r in insp.lacks]
    assert str(df["peers_with"].dtype) == "int64" and str(df["share"].dtype) == "float64"
    assert df["label"].iloc[0] == default.category(insp.lacks[0].category).label("en")
    assert df["examples"].iloc[0] == tuple(p.id for p in insp.lacks[0].examples)
    has = insp.to_dataframe("has", lang="fr")
    assert list(has["category"]) == [r.category for r in insp.has]
    assert has.attrs["territory"] == LORIENT and has.attrs["list"] == "has"
    with pytest.raises(ValueError):
        insp.to_dataframe("both")

    for which in ("lacks", "has"):
        path = tmp_path / f"{which}.csv"
        insp.to_csv(path, which)
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        rows_py = getattr(insp, which)
        assert [r["category"] for r in rows] == [r.category for r in rows_py]
        for r, e in zip(rows, rows_py):
            assert int(r["peers_with"]) == e.peers_with and int(r["peers"]) == e.peers
            assert float(r["share"]) == pytest.approx(e.share, abs=5e-5)
            assert int(r["own"]) == e.own and r["family"] == e.family
            names = [r[f"example_{k}"] for k in range(1, 4)]
            for p, t, cell in zip(e.examples, e.example_territories, names):
                assert cell == f"{p.name} ({t.name})"

    path = tmp_path / "insp.json"
    insp.to_json(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["territory"]["id"] == LORIENT and doc["territory"]["name"] == "Lorient"
    assert [p["id"] for p in doc["peers"]] == [p.id for p in insp.peers]
    for which in ("lacks", "has"):
        entries = doc[which]
        assert [e["category"] for e in entries] == [r.category for r in getattr(insp, which)]
        for e, r in zip(entries, getattr(insp, which)):
            assert (e["peers_with"], e["peers"], e["own"]) == (r.peers_with, r.peers, r.own)
            assert e["share"] == pytest.approx(r.share)
            assert [x["id"] for x in e["examples"]] == [p.id for p in r.examples]
            assert [x["territory"] for x in e["examples"]] == [t.id for t in r.example_territories]


# ---------------------------------------------------------------------------------- compare


TOWNS = ["fr-com-56121", "fr-com-88160", "fr-com-40192", "fr-com-11262"]


@pytest.mark.parametrize("by", ["category", "family", "axis", "tag", "status", "started"])
def test_compare_counts_from_queries(default, by):
    df = default.compare(TOWNS, by=by)
    assert df.index.name == by
    assert list(df.columns.names) == ["measure", "territory"]
    assert list(df["count"].columns) == TOWNS and list(df["per_10000"].columns) == TOWNS
    assert all(str(t) == "int64" for t in df["count"].dtypes)
    # keys: the union of the values of each town, in the dimension's natural order
    facets = [default.facets(f"in:{t}", by=by) for t in TOWNS]
    union = set().union(*facets)
    natural = [k for k in default.facets("", by=by) if k in union]
    assert list(df.index) == natural
    for t, f in zip(TOWNS, facets):
        pop = default.territory(t).population
        for key in df.index:
            assert df[("count", t)][key] == f.get(key, 0)
            assert df[("per_10000", t)][key] == pytest.approx(f.get(key, 0) * 10000 / pop)
        assert df.attrs["total"][t] == default.count(f"in:{t}")
        assert df.attrs["total_per"][t] == pytest.approx(default.count(f"in:{t}") * 10000 / pop)
        assert df.attrs["population"][t] == pop
    assert df.attrs["dimension"] == by and df.attrs["keys"] == natural


def test_compare_category_spot_check_with_count(default):
    df = default.compare(TOWNS, by="category")
    for key in df.index:
        for t in TOWNS:
            assert df.loc[key, ("count", t)] == default.count(f"in:{t} category:{key}")


def test_compare_query_labels_per(default):
    q = "status:active"
    cmp = default.comparison(TOWNS[:2], by="family", query=q)
    assert cmp.query == q and cmp.dimension == "family"
    for key in cmp.keys:
        for i, t in enumerate(TOWNS[:2]):
            assert cmp.counts[key][i] == default.count(f"in:{t} family:{key} {q}")
    assert cmp.totals == [default.count(f"in:{t} {q}") for t in TOWNS[:2]]
    df = cmp.to_dataframe(per=1000, lang="fr")
    assert list(df.index) == [cmp.label(k, "fr") for k in cmp.keys]
    assert df.index[0] == default.categories()[0].family_label("fr") or df.index[0] in {
        c.family_label("fr") for c in default.categories()}
    assert "per_1000" in df.columns.get_level_values(0)
    t0 = default.territory(TOWNS[0])
    k0 = cmp.keys[0]
    assert df[("per_1000", TOWNS[0])].iloc[0] == pytest.approx(
        cmp.counts[k0][0] * 1000 / t0.population)
    counts_only = cmp.to_dataframe(per=None)
    assert list(counts_only.columns.get_level_values(0).unique()) == ["count"]
    assert counts_only.attrs["total_per"] is None


def test_compare_small_population_repeats(small):
    cmp = small.comparison(["t-town", "t-country", "t-town"], by="category")
    assert [t.id for t in cmp.territories] == ["t-town", "t-country", "t-town"]  # kept
    assert cmp.counts["repair_cafe"] == [1, 1, 1] and cmp.totals == [2, 3, 2]
    with pytest.raises(ValueError, match="t-town"):
        cmp.to_dataframe()  # pandas needs distinct columns
    df = small.compare(["t-town", "t-country"], by="category")
    assert df.loc["repair_cafe", ("count", "t-country")] == 1
    assert math.isnan(df[("per_10000", "t-country")]["repair_cafe"])  # no population
    assert df.attrs["total_per"]["t-country"] is None
    assert df.attrs["total"]["t-country"] == 3
    assert list(df.index) == list(small.facets("", by="category"))  # natural order
    assert df.loc["participatory_budget", ("count", "t-town")] == 0


def test_compare_errors(small):
    with pytest.raises(Error) as exc:
        small.compare(["t-town", "t-ghost"])
    assert exc.value.code == errors.ENOTFOUND and "t-ghost" in exc.value.message
    with pytest.raises(Error) as exc:
        small.compare(["t-town"], by="department")  # territorial: refused
    assert exc.value.code == errors.EINVAL
    with pytest.raises(ValueError):
        small.compare([])
    with pytest.raises(ValueError):
        small.compare(["t-town"], by="colour")
    with pytest.raises(QueryError):
        small.compare(["t-town"], query="in:")
    with pytest.raises(TypeError):
        small.compare("t-town")


def test_comparison_writers(default, tmp_path):
    cmp = default.comparison(TOWNS, by="family")
    cmp.to_csv(tmp_path / "c.csv")
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["key"] for r in rows[:-1]] == cmp.keys and rows[-1]["key"] == "total"
    for r in rows[:-1]:
        assert [int(r[t]) for t in TOWNS] == cmp.counts[r["key"]]
        assert r["label"] == cmp.label(r["key"], "fr")
    assert [int(rows[-1][t]) for t in TOWNS] == cmp.totals
    cmp.to_json(tmp_path / "c.json")
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert doc["dimension"] == "family"
    assert [t["id"] for t in doc["territories"]] == TOWNS
    assert [t["total"] for t in doc["territories"]] == cmp.totals
    assert [(r["key"], r["counts"]) for r in doc["rows"]] == [(k, cmp.counts[k]) for k in cmp.keys]


# ---------------------------------------------------------------------------------- network


def _expected_network(cat, practices):
    """Nodes, edge weights, spanning practices and departments from the practices' actors."""
    weights = collections.Counter()
    counts = collections.Counter()
    deps = collections.defaultdict(set)
    spanning = []
    for p in practices:
        actors = sorted({a for a, _role in p.actors}, key=lambda a: a.index)
        for a in actors:
            counts[a] += 1
            for t in p.territories:
                for u in [t] + t.ancestors:
                    if u.kind == "department":
                        deps[a].add(u)
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                weights[(a, b)] += 1
        if len({t for t in p.territories}) >= 2:
            spanning.append(p)
    nodes = sorted(counts, key=lambda a: a.index)
    return nodes, weights, counts, deps, spanning


def _check_network(cat, net, practices):
    nodes, weights, counts, deps, spanning = _expected_network(cat, practices)
    assert net.nodes == nodes
    assert {(a, b): w for a, b, w in net.edges} == dict(weights)
    keys = [(a.index, b.index) for a, b, _w in net.edges]
    assert keys == sorted(keys) and all(s < t for s, t in keys)
    assert net.practice_counts == dict(counts)
    assert {a: set(d) for a, d in net.departments.items()} == {a: deps.get(a, set()) for a in nodes}
    assert net.spanning == spanning
    assert net.multi_department == [a for a in nodes if len(deps.get(a, ())) >= 2]


def test_network_default_from_practices(default):
    net = default.network()
    assert net.catalog is default and net.query is None
    _check_network(default, net, list(default.query()))
    assert len(net.edges) > 0


def test_network_query_and_result(default):
    q = "-tag:cget-2019"
    net = default.network(q)
    _check_network(default, net, list(default.query(q)))
    again = default.query(q).network()
    assert again.edges == net.edges and again.nodes == net.nodes
    empty = default.network("category:fablab -category:fablab")
    assert (empty.nodes, empty.edges, empty.spanning) == ([], [], [])
    with pytest.raises(QueryError):
        default.network("colour:red")


def test_network_small_fixture(net_cat):
    net = net_cat.network()
    a = {x.id: x for x in net_cat.actors()}
    assert net.edges == [(a["x1"], a["x2"], 2), (a["x1"], a["x3"], 1), (a["x2"], a["x3"], 1),
                         (a["x3"], a["x4"], 1)]
    assert [x.id for x in net.nodes] == ["x1", "x2", "x3", "x4"]  # x5 takes part in nothing
    assert [x.id for x in net.multi_department] == ["x1", "x2", "x3"]
    assert [d.id for d in net.departments[a["x4"]]] == ["n-dep-b"]  # within itself
    assert [p.id for p in net.spanning] == ["q2"]
    assert net.practice_counts == {a["x1"]: 3, a["x2"]: 2, a["x3"]: 2, a["x4"]: 1}
    _check_network(net_cat, net, list(net_cat.query()))

    edges = net.edges_dataframe()
    assert list(edges.columns) == ["source", "target", "weight", "source_name", "target_name"]
    assert edges.values.tolist()[0] == ["x1", "x2", 2, "One", "Two"]
    assert str(edges["weight"].dtype) == "int64"
    nodes = net.nodes_dataframe()
    assert nodes["id"].tolist() == ["x1", "x2", "x3", "x4"]
    assert nodes["practices"].tolist() == [3, 2, 2, 1]
    assert nodes["departments"].tolist()[3] == ("n-dep-b",)
    assert nodes["kind"].tolist()[2] == "public_authority"


def test_network_graphml_and_csv(net_cat, tmp_path):
    net = net_cat.network()
    path = tmp_path / "net.graphml"
    net.to_graphml(path)
    root = ET.parse(path).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
            for k in root.findall("g:key", ns)}
    graph = root.find("g:graph", ns)
    assert graph.get("edgedefault") == "undirected"
    name_key = next(k for k, v in keys.items() if v[:2] == ("node", "name"))
    weight_key = next(k for k, v in keys.items() if v[:2] == ("edge", "weight"))
    assert keys[weight_key][2] == "double"
    nodes = {n.get("id"): n.find(f"g:data[@key='{name_key}']", ns).text
             for n in graph.findall("g:node", ns)}
    assert set(nodes.values()) == {"One", "Two", "Three", "Four & <Co>"}  # escaped, parsed back
    edges = collections.Counter()
    for e in graph.findall("g:edge", ns):
        w = float(e.find(f"g:data[@key='{weight_key}']", ns).text)
        edges[tuple(sorted((nodes[e.get("source")], nodes[e.get("target")])))] = w
    assert edges == {("One", "Two"): 2.0, ("One", "Three"): 1.0, ("Three", "Two"): 1.0,
                     ("Four & <Co>", "Three"): 1.0}

    for table in sharitories.NETWORK_TABLES:
        p = tmp_path / f"{table}.csv"
        net.to_csv(p, table)
        with open(p, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        expected = {"edges": len(net.edges), "nodes": len(net.nodes),
                    "spanning": len(net.spanning),
                    "multi-department": len(net.multi_department)}[table]
        assert len(rows) == 1 + expected
    with open(tmp_path / "edges.csv", newline="", encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    assert (first["Source"], first["Target"], first["Weight"]) == ("x1", "x2", "2")
    with pytest.raises(ValueError):
        net.to_csv(tmp_path / "x.csv", "links")


def test_writers_raise_on_io_errors(net_cat, tmp_path):
    net = net_cat.network()
    with pytest.raises(Error) as exc:
        net.to_graphml(tmp_path / "missing-dir" / "net.graphml")
    e = exc.value
    assert e.code == errors.EIO and e.path.endswith("net.graphml")
    assert "No such file" in e.message and str(e).startswith(e.path + ": ")
    with pytest.raises(Error) as exc:
        net.to_csv("/dev/full")  # fails at write or at close: raised either way
    assert exc.value.code == errors.EIO and exc.value.path == "/dev/full"
    with pytest.raises(TypeError):
        net.to_graphml(42)
