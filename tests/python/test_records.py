"""Practice, Territory, Actor, Axis, Category: every attribute, equality, hashing, repr."""
import pytest

import sharitories
from sharitories import Actor, Axis, Category, Practice, Territory


def test_practice_all_fields(small):
    p = small.practice("p-repair")
    assert isinstance(p, Practice)
    assert p.catalog is small
    assert p.id == "p-repair"
    assert p.name == "Repair café de Townsville"
    assert p.category == "repair_cafe"
    assert p.family == "production"
    assert p.axes == ["shared_resources", "solidarity"]  # the category's defaults
    assert [t.id for t in p.territories] == ["t-town"]
    assert all(isinstance(t, Territory) for t in p.territories)
    assert [(a.id, role) for a, role in p.actors] == [("a-assoc", "carrier"),
                                                     ("a-town-hall", "funder")]
    assert all(isinstance(a, Actor) for a, _ in p.actors)
    assert p.status == "active"  # the format's default
    assert p.started == 2015
    assert p.ended is None
    assert p.description == "Réparer ensemble, une fois par mois."
    assert p.tags == ["repair", "monthly"]
    assert p.figures == {"volunteers": 12.0, "repairs": 340.5}
    assert list(p.figures) == ["volunteers", "repairs"]  # file order
    assert p.links == ["https://repair.example"]
    assert p.address == "1 rue de la Mairie, 10000 Townsville"
    assert p.location == pytest.approx((47.51, 2.26))
    assert p.index == 0


def test_practice_optional_fields_absent(small):
    p = small.practice("p-budget")
    assert p.axes == ["public_actor", "contributors"]  # the file's axes, in file order
    assert p.status == "planned"
    assert p.started is None and p.ended is None
    assert p.description is None and p.address is None and p.location is None
    assert p.tags == [] and p.links == [] and p.figures == {}
    assert p.family == "governance"
    s = small.practice("p-seeds")
    assert (s.status, s.started, s.ended) == ("ended", 2012, 2019)
    assert s.category == "seed_library" and s.family == "consumption"
    assert [t.id for t in s.territories] == ["t-village", "t-town"]


def test_territory_all_fields(small):
    t = small.territory("t-town")
    assert t.id == "t-town" and t.name == "Townsville" and t.kind == "commune"
    assert t.code == "00001"
    assert t.former_codes == ["00009"]
    assert t.postal_codes == ["10000", "10001"]
    assert t.population == 50000
    assert t.location == pytest.approx((47.5, 2.25))
    assert t.parent == small.territory("t-region")
    assert [g.id for g in t.groups] == ["t-epci"]
    assert t.children == [] and t.members == []
    assert [a.id for a in t.ancestors] == ["t-country", "t-region", "t-epci"]
    assert [p.id for p in t.practices] == ["p-repair", "p-seeds"]
    assert t.index == 3
    epci = small.territory("t-epci")
    assert [m.id for m in epci.members] == ["t-town", "t-village"]
    region = small.territory("t-region")
    assert [c.id for c in region.children] == ["t-epci", "t-town", "t-village"]
    country = small.territory("t-country")
    assert country.parent is None and country.population is None and country.location is None
    assert country.code == "TL"
    assert small.territory("t-village").code is None


def test_territory_within(small, default):
    town, epci = small.territory("t-town"), small.territory("t-epci")
    assert town.within(epci) and town.within("t-country") and town.within(town)
    assert not epci.within(town)
    assert not small.territory("t-village").within("t-town")
    with pytest.raises(KeyError):
        town.within("nope")
    with pytest.raises(TypeError):
        town.within(42)
    with pytest.raises(ValueError):
        town.within(default.territory("fr"))
    lorient = default.territory("fr-com-56121")
    assert lorient.within("fr-dep-56") and lorient.within("fr-reg-53") and lorient.within("fr")
    assert lorient.within("fr-epci-200042174")
    assert not lorient.within("fr-dep-29")


def test_actor_all_fields(small):
    a = small.actor("a-town-hall")
    assert a.id == "a-town-hall" and a.name == "Town Hall"
    assert a.kind == "public_authority" and a.sector == "public"
    assert a.territory == small.territory("t-town")
    assert a.links == ["https://town.example"]
    assert [p.id for p in a.practices] == ["p-repair", "p-budget"]
    assert [(p.id, r) for p, r in a.roles] == [("p-repair", "funder"), ("p-budget", "carrier")]
    assert a.index == 0
    b = small.actor("a-assoc")
    assert b.kind == "association" and b.sector == "citizen"
    assert b.territory is None and b.links == []


def test_axis(default):
    ax = default.axis("solidarity")
    assert isinstance(ax, Axis)
    assert ax.id == "solidarity" and ax.code == 2
    assert ax.label("fr") == ("Les pratiques collaboratives, vecteur de solidarités sur le "
                              "territoire")
    assert ax.label("en") == "Collaborative practices as a vector of solidarity"
    assert ax.label() == ax.label("en")
    assert ax.description("fr") and ax.description("en")
    assert len(ax.questions("fr")) >= 1 and len(ax.questions("en")) == len(ax.questions("fr"))
    assert all(isinstance(q, str) and q for q in ax.questions("en"))
    with pytest.raises(ValueError):
        ax.label("de")
    with pytest.raises(ValueError):
        ax.questions("de")
    assert [a.code for a in default.axes()] == [0, 1, 2, 3, 4]


def test_category(small):
    c = small.category("third_place")
    assert isinstance(c, Category)
    assert c.id == "third_place" and c.family == "production" and c.builtin
    assert c.label("fr") == "tiers-lieu"
    assert c.axes == ["shared_resources", "co_production", "contributors"]
    assert c.family_label("fr") == "production distribuée"
    added = small.category("seed_library")
    assert not added.builtin
    assert (added.label("fr"), added.label("en")) == ("grainothèque", "seed library")
    assert added.family == "consumption" and added.axes == ["shared_resources", "solidarity"]
    with pytest.raises(ValueError):
        c.label("it")


def test_equality_and_hash(small, data):
    a1, a2 = small.practice("p-repair"), small.practices()["p-repair"]
    assert a1 is not a2 and a1 == a2 and hash(a1) == hash(a2)
    assert a1 != small.practice("p-seeds")
    assert len({a1, a2, small.practice("p-seeds")}) == 2
    # same id in another catalog: different record
    other = sharitories.Catalog(data / "small.yaml")
    assert other.practice("p-repair") != a1
    # different kinds never compare equal
    assert small.territory("t-town") != small.practice("p-repair")
    assert small.axis("solidarity") == small.axes()[2]
    assert small.category("fablab") == small.categories()["fablab"]
    assert small.actor("a-assoc") in {small.actor("a-assoc")}
    assert (a1 == "p-repair") is False


def test_repr(small):
    assert repr(small.practice("p-repair")) == "<Practice 'p-repair' 'Repair café de Townsville'>"
    assert repr(small.territory("t-town")) == "<Territory 't-town' 'Townsville'>"
    assert repr(small.actor("a-assoc")) == "<Actor 'a-assoc' 'Repair Friends'>"
    assert repr(small.axis("solidarity")) == "<Axis 'solidarity'>"
    assert repr(small.category("fablab")) == "<Category 'fablab'>"


def test_records_are_read_only(small):
    p = small.practice("p-repair")
    with pytest.raises(AttributeError):
        p.name = "x"
    with pytest.raises(AttributeError):
        p.new_attribute = 1
