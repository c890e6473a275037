"""Ownership: no sequence of Python calls reads freed memory, and nothing leaks."""
import gc
import threading
import weakref

import pytest

import sharitories
from sharitories import Catalog


def _drop(obj_name, ns):
    del ns[obj_name]
    gc.collect()


def test_practice_outlives_catalog(data):
    cat = Catalog(data / "small.yaml")
    ref = weakref.ref(cat)
    p = cat.practice("p-repair")
    t = cat.territory("t-town")
    a = cat.actor("a-assoc")
    ax = cat.axis("solidarity")
    c = cat.category("seed_library")
    del cat
    gc.collect()
    assert ref() is not None  # kept alive by the records
    assert p.name == "Repair café de Townsville"
    assert [x.id for x in p.territories] == ["t-town"]
    assert t.parent.name == "North" and t.within("t-country")
    assert a.practices[0].id == "p-repair"
    assert ax.questions("fr") and c.label("en") == "seed library"
    assert p.catalog.count() == 3
    del p, t, a, ax, c
    gc.collect()
    assert ref() is None  # and freed once nothing refers to it


def test_result_outlives_catalog(data):
    cat = Catalog(data / "small.yaml")
    r = cat.query("in:t-epci")
    views = cat.practices(), cat.territories("commune")
    del cat
    gc.collect()
    assert r.ids() == ["p-repair", "p-seeds", "p-budget"]
    assert [p.name for p in r][0] == "Repair café de Townsville"
    assert r.facets("status") == {"planned": 1, "active": 1, "ended": 1}
    assert len(r.to_dataframe()) == 3
    assert views[0]["p-seeds"].name == "Grainothèque"
    assert [t.id for t in views[1]] == ["t-town", "t-village"]


def test_default_catalog_dropped_mid_iteration():
    it = iter(Catalog.default().query("in:fr-dep-56"))
    gc.collect()
    names = [p.name for p in it]
    assert len(names) > 0


def test_reference_cycle_with_catalog_is_collected_safely(data):
    cat = Catalog(data / "small.yaml")
    ref = weakref.ref(cat)
    r = cat.query()
    p = r[0]
    box = [cat, r, p]
    box.append(box)  # a cycle holding the catalog, a result and a record
    del cat, r, p, box
    gc.collect()  # whatever order the collector clears them in, nothing is read after free
    assert ref() is None


def test_records_from_dropped_result(data):
    r = Catalog(data / "small.yaml").query()
    p = r[1]
    del r
    gc.collect()
    assert p.name == "Grainothèque" and p.catalog.practice("p-seeds") == p


def test_threads_share_a_catalog(default):
    out, errors = [], []

    def work():
        try:
            for _ in range(20):
                out.append(default.count("in:fr-reg-53"))
                default.query("category:fablab").ids()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(out)) == 1


def _rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _cycle(data):
    cat = Catalog(data / "small.yaml")
    r = cat.query("in:t-epci -status:ended")
    p = r[0]
    assert p.territories[0].name
    assert cat.facets(by="category")
    try:
        cat.query("colour:red")
    except sharitories.QueryError:
        pass
    try:
        cat.load(data / "bad_ref.yaml")
    except sharitories.LoadError:
        pass
    return len(r.ids())


def test_no_leak_load_query_free(data):
    for _ in range(200):  # warm up allocator pools and caches
        _cycle(data)
    gc.collect()
    before = _rss_kb()
    for _ in range(2000):
        _cycle(data)
    gc.collect()
    grown = _rss_kb() - before
    assert grown < 2048, f"RSS grew by {grown} kB over 2,000 load/query/free cycles"


def test_no_leak_queries_on_default(default):
    def cycle():
        r = default.query("in:fr-reg-53 category:coworking,fablab")
        r.ids()
        r.column("territories")
        r.facets("department")
        list(r)

    for _ in range(100):
        cycle()
    gc.collect()
    before = _rss_kb()
    for _ in range(2000):
        cycle()
    gc.collect()
    grown = _rss_kb() - before
    assert grown < 2048, f"RSS grew by {grown} kB over 2,000 query/free cycles"


# ---------------------------------------------------------------------------------- analyses

_MAPPING = (b"sharitories_import: 1\ncolumns: {id: ID, name: NAME, commune_code: CODE}\n"
            b"constants: {category: fablab, id_prefix: 'i-'}\n")
_ROWS = b"ID,NAME,CODE\n1,One,00001\n2,Two,99999\n"


def test_analyses_outlive_catalog(data, tmp_path):
    cat = Catalog(data / "small.yaml")
    ref = weakref.ref(cat)
    insp = cat.inspire("t-village", peers=["t-town"])
    cmp = cat.comparison(["t-town", "t-village"], by="family")
    net = cat.network()
    imp = cat.import_csv(_MAPPING, _ROWS)
    res = cat.query("in:t-epci")
    del cat
    gc.collect()
    assert ref() is not None  # kept alive by the analyses
    # the C objects are still usable: writers read them and the catalog
    insp.to_json(tmp_path / "i.json")
    cmp.to_csv(tmp_path / "c.csv")
    net.to_graphml(tmp_path / "n.graphml")
    imp.save(tmp_path / "imp.yaml")
    res.to_geojson(tmp_path / "r.geojson")
    assert insp.lacks[0].examples[0].name == "Repair café de Townsville"
    assert net.edges[0][0].name and imp[0].territory.name == "Townsville"
    assert insp.catalog.report("t-town")  # through any object's catalog
    del insp, cmp, net, imp, res
    gc.collect()
    assert ref() is None


def test_analyses_in_reference_cycle(data):
    cat = Catalog(data / "small.yaml")
    ref = weakref.ref(cat)
    box = [cat.inspire("t-town", band=(0, 10)), cat.network(), cat.comparison(["t-town"]),
           cat.import_csv(_MAPPING, _ROWS), cat]
    box.append(box)
    del cat, box
    gc.collect()  # whatever the order, each C object is freed before its catalog
    assert ref() is None


def _open_fds():
    import os
    return len(os.listdir("/proc/self/fd"))


def _analysis_cycle(data, tmp):
    cat = Catalog(data / "small.yaml")
    insp = cat.inspire("t-village", peers=["t-town"], query="-status:planned")
    assert insp.lacks and insp.to_dataframe is not None
    sink = "/dev/null"  # opened, written and closed like a file, without file-system costs
    insp.to_csv(sink)
    cmp = cat.comparison(["t-town", "t-village"], by="category", query="-category:fablab")
    assert cmp.keys
    cmp.to_json(sink)
    net = cat.network("in:t-region")
    net.to_graphml(sink)
    imp = cat.import_csv(_MAPPING, _ROWS)
    assert len(imp.resolved) == 1
    r = cat.query()
    r.to_geojson(sink, territory_location=True)
    assert cat.report("t-town", lang="en")
    # error paths free what they made, and close what they opened
    for call in (lambda: cat.inspire("t-ghost"), lambda: cat.inspire("t-town", query="in:"),
                 lambda: cat.comparison(["t-town"], by="region"),
                 lambda: cat.import_csv(b"sharitories_import: 2\n", _ROWS),
                 lambda: cat.import_csv(_MAPPING, b'ID,NAME,CODE\n"1'),
                 lambda: net.to_csv(tmp / "none" / "x.csv"),
                 lambda: r.to_csv("/dev/full"),
                 lambda: cat.report("t-town", tmp / "none" / "r.html")):
        try:
            call()
        except sharitories.Error:
            pass
        else:  # pragma: no cover
            raise AssertionError("expected an Error")


def test_no_leak_analyses(data, tmp_path):
    for _ in range(100):
        _analysis_cycle(data, tmp_path)
    gc.collect()
    before, fds = _rss_kb(), _open_fds()
    for _ in range(2000):
        _analysis_cycle(data, tmp_path)
    gc.collect()
    grown = _rss_kb() - before
    assert _open_fds() == fds, "files left open"
    assert grown < 2048, f"RSS grew by {grown} kB over 2,000 analysis/import/export cycles"


def test_no_leak_analyses_on_default(default, tmp_path):
    def cycle():
        default.inspire("fr-com-56121", examples=1).to_json("/dev/null")
        default.comparison(["fr-com-56121", "fr-com-88160"], by="axis").to_dataframe()
        default.network("-tag:cget-2019").edges_dataframe()

    for _ in range(20):
        cycle()
    gc.collect()
    before = _rss_kb()
    for _ in range(300):
        cycle()
    gc.collect()
    grown = _rss_kb() - before
    assert grown < 2048, f"RSS grew by {grown} kB over 300 analyses of the default catalog"


def test_close_with_live_results_and_analyses(data):
    # close() drops the catalog's handle: what still holds the C catalog (results, analyses,
    # imports) keeps it until it goes, and every use through the closed Catalog raises.
    for order in range(3):
        with sharitories.Catalog(data / "small.yaml") as cat:
            res = cat.query("")
            insp = cat.inspire("t-town", peers=["t-village"])
            net = cat.network()
            records = list(res)
        assert cat.closed
        with pytest.raises(ValueError, match="closed"):
            records[0].territories
        with pytest.raises(ValueError, match="closed"):
            insp.peers[0].name
        objs = [res, insp, net, records]
        if order == 1:
            objs.reverse()
        while objs:
            objs.pop(order % len(objs) if objs else 0)
            gc.collect()
        del res, insp, net, records
        gc.collect()
    for _ in range(200):
        with sharitories.Catalog(data / "small.yaml") as cat:
            assert len(cat) == 3 and cat.count("") == 3
