"""Queries: the Result sequence, counts, sorting, facets, QueryError."""
import pytest

import sharitories
from sharitories import QueryError, Result


def test_result_sequence(default):
    r = default.query("in:fr-dep-56")
    assert isinstance(r, Result)
    n = len(r)
    assert n == default.count("in:fr-dep-56") > 0
    assert r.catalog is default and r.expr == "in:fr-dep-56"
    ids = [p.id for p in r]
    assert ids == r.ids()
    assert r[0].id == ids[0] and r[-1].id == ids[-1] and r[-n].id == ids[0]
    assert [p.id for p in r[1:4]] == ids[1:4]
    assert [p.id for p in r[::-2]] == ids[::-2]
    assert [p.id for p in r[-3:]] == ids[-3:]
    assert r[5:2] == []
    with pytest.raises(IndexError):
        r[n]
    with pytest.raises(IndexError):
        r[-n - 1]
    with pytest.raises(TypeError):
        r["x"]
    assert bool(r) and not default.query("id:sharitories -id:sharitories")
    it1, it2 = iter(r), iter(r)
    next(it1)
    assert next(it2).id == ids[0]  # fresh iterator each time
    assert r.index(r[2]) == 2 and r[1] in r
    assert "in:fr-dep-56" in repr(r)


def test_every_practice_within(default):
    for p in default.query("in:fr-dep-56"):
        assert any(t.within("fr-dep-56") for t in p.territories)


def test_empty_query_selects_all(small):
    assert small.count() == small.count("") == 3
    assert small.query().ids() == ["p-repair", "p-seeds", "p-budget"]


@pytest.mark.parametrize("expr,ids", [
    ("category:repair_cafe", ["p-repair"]),
    ("family:governance", ["p-budget"]),
    ("axis:solidarity", ["p-repair", "p-seeds"]),
    ("in:t-epci", ["p-repair", "p-seeds", "p-budget"]),
    ("at:t-epci", ["p-budget"]),
    ("in:t-village", ["p-seeds"]),
    ("actor:a-town-hall", ["p-repair", "p-budget"]),
    ("role:funder", ["p-repair"]),
    ("actorsector:citizen", ["p-repair", "p-seeds"]),
    ("status:ended", ["p-seeds"]),
    ("-status:ended", ["p-repair", "p-budget"]),
    ("started>=2013", ["p-repair"]),
    ("territories>=2", ["p-seeds"]),
    ("tag:monthly", ["p-repair"]),
    ("tag:unknown-tag", []),
    ("reparer", ["p-repair"]),
    ('"une fois"', ["p-repair"]),
    ("category:repair_cafe OR status:planned", ["p-repair", "p-budget"]),
])
def test_query_expressions(small, expr, ids):
    assert small.query(expr).ids() == ids
    assert small.count(expr) == len(ids)


def test_sort(small):
    assert small.query(sort="name").ids() == ["p-budget", "p-seeds", "p-repair"]
    assert small.query(sort="id").ids() == ["p-budget", "p-repair", "p-seeds"]
    assert small.query(sort="id", descending=True).ids() == ["p-seeds", "p-repair", "p-budget"]
    assert small.query(sort="started").ids() == ["p-seeds", "p-repair", "p-budget"]
    assert small.query(sort="catalog").ids() == ["p-repair", "p-seeds", "p-budget"]
    with pytest.raises(ValueError):
        small.query(sort="colour")


@pytest.mark.parametrize("expr,fragment", [
    ("colour:red", "colour"),
    ("status:ended category:nope", "nope"),
    ("in:no-such-place", "no-such-place"),
    ("started>=abc", None),
    ("(status:ended", None),
])
def test_query_error(small, expr, fragment):
    for call in (small.query, small.count, small.facets, small.to_dataframe):
        with pytest.raises(QueryError) as exc:
            call(expr)
        e = exc.value
        assert isinstance(e, sharitories.Error)
        assert e.code == sharitories.errors.EQUERY and e.name == "EQUERY"
        assert e.column is not None and 1 <= e.column <= len(expr)
        if fragment:
            assert fragment in e.message
        assert e.path is None


def test_query_error_column_exact(small):
    with pytest.raises(QueryError) as exc:
        small.query("category:fablab colour:red")
    assert exc.value.column == 17
    assert "column 17" in str(exc.value)


def test_facets(small):
    assert small.facets(by="category") == {"repair_cafe": 1, "participatory_budget": 1,
                                           "seed_library": 1}
    assert small.facets(by="axis") == {"contributors": 1, "public_actor": 1, "solidarity": 2,
                                       "shared_resources": 2}
    assert list(small.facets(by="axis")) == ["contributors", "public_actor", "solidarity",
                                             "shared_resources"]  # natural order
    assert small.facets("in:t-town", by="status") == {"active": 1, "ended": 1}
    assert small.facets(by="commune") == {"t-town": 2, "t-village": 1}
    assert small.facets(by="epci") == {"t-epci": 3}
    assert small.facets(by="started") == {"2012": 1, "2015": 1}
    assert small.facets(by="role") == {"carrier": 2, "funder": 1, "partner": 1}  # practices, not actors
    with pytest.raises(ValueError):
        small.facets(by="colour")


def test_facet_table(small):
    rows = small.facet_table(by="commune", lang="fr")
    assert [(v.key, v.label, v.count, v.population) for v in rows] == [
        ("t-town", "Townsville", 2, 50000), ("t-village", "Little Village", 1, 1000)]
    fam = small.facet_table(by="family", lang="fr")
    assert fam[0].key == "consumption" and fam[0].label == "consommation collaborative"
    assert small.facet_table(by="category", lang="en")[-1].label == "seed library"
    assert small.facet_table(by="category")[0].population is None


def test_facets_on_result(default):
    r = default.query("in:fr-reg-53")
    f = r.facets("department")
    assert sum(f.values()) >= len(r) and set(f) <= {t.id for t in default.territories("department")}
    assert r.facets("family") == default.facets("in:fr-reg-53", by="family")


def test_upper_case_ids_are_the_lower_case_ids(default):
    """The shared French territories write Corsica's ids in upper case (fr-dep-2A): look-ups and
    queries accept them and answer with the lower-case id."""
    dep = default.territory("fr-dep-2A")
    assert dep is not None and dep.id == "fr-dep-2a"
    assert default.territory("FR-DEP-2A").id == "fr-dep-2a"
    assert default.count("in:fr-dep-2A") == default.count("in:fr-dep-2a") > 0
