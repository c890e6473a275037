"""The bundled default catalog (data/), as tools/build_data.py generates it: territory
locations, programme groups, and the figures of each source (see data/README.md)."""
import math

import pytest

LORIENT_CENTRE = (47.748, -3.367)


def km(a, b):
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_lorient_is_located_within_5_km_of_its_centre(default):
    loc = default.territory("fr-com-56121").location
    assert loc is not None
    assert km(loc, LORIENT_CENTRE) < 5.0


def test_every_metropolitan_commune_is_located_but_the_seven_restored_ones(default):
    # The communes restored (split out again) after 2018 have no 2018 outline of their own:
    # their area lies inside the outline of the 2018 commune they belonged to.
    unlocated = sorted(t.id for t in default.territories("commune")
                       if t.location is None and t.code and not t.code.startswith(("97", "98")))
    assert unlocated == ["fr-com-14666", "fr-com-15031", "fr-com-15035", "fr-com-15047",
                         "fr-com-15171", "fr-com-85165", "fr-com-85212"]
    assert sum(t.id.startswith("fr-com-") for t in default.territories("commune")) == 34969


def test_overseas_departments_and_regions_are_located(default):
    # Réunion: the centroid of the island lies inland, about 21.1 S 55.5 E.
    lat, lon = default.territory("fr-dep-974").location
    assert -21.4 < lat < -20.9 and 55.2 < lon < 55.8
    for kind, n in (("department", 101), ("region", 18)):
        assert sum(t.location is not None for t in default.territories(kind)) == n


def test_locations_fall_in_their_department(default):
    # A commune's location is within 60 km of its department's (a cheap sanity bound: the
    # widest metropolitan department, Gironde, is about 150 km across).
    far = []
    for t in default.territories("commune"):
        if t.location is None or not t.code or t.code.startswith(("97", "98")):
            continue
        dep = t.parent
        if km(t.location, dep.location) > 120:
            far.append(t.id)
    assert far == []


def test_every_epci_is_located_near_its_members(default):
    epci = default.territory("fr-epci-200042174")  # CA Lorient Agglomération
    assert km(epci.location, LORIENT_CENTRE) < 25.0
    assert all(t.location is not None for t in default.territories("epci"))


def test_programme_groups(default):
    acv = default.territory("fr-prog-acv")
    pvd = default.territory("fr-prog-pvd")
    assert acv.kind == "other" and pvd.kind == "other"
    for town in ("fr-com-56121", "fr-com-88160", "fr-com-40192", "fr-com-11262"):
        assert default.territory(town).within("fr-prog-acv")
    # 232 entries, 13 of which name two communes: 245 communes.
    assert sum(t.within(acv) for t in default.territories("commune")) == 245
    assert sum(t.within(pvd) for t in default.territories("commune")) == 1645
    assert default.count("in:fr-prog-acv") == default.count(
        "in:" + ",".join(t.id for t in default.territories("commune") if t.within(acv)))


# The figures of data/README.md, and a few rows of each source, pinned by hand against the
# source files in the shared data.
SOURCES = {
    "cget-2019": 1503,
    "bnlc-2024": 15074,
    "fabrique-de-territoire": 380,
    "manufacture-de-proximite": 107,
    "engagement-citoyen": 196,
    "osm-2020": 90,
}


def test_practices_by_source(default):
    for tag, n in SOURCES.items():
        assert default.count("tag:" + tag) == n, tag
    assert default.count() >= 15000
    assert default.count("tag:cget-2019") >= 1497  # 99 % of the 1,512 rows


def test_files_meta_name_source_and_licence(default):
    metas = {m["title"]: m for _, m in default.files}
    bnlc = [m for t, m in metas.items() if "covoiturage" in t][0]
    assert "ODbL" in bnlc["licence"] and "covoiturage" in bnlc["source"]
    osm = [m for t, m in metas.items() if "OpenStreetMap" in t][0]
    assert "ODbL" in osm["licence"] and "OpenStreetMap contributors" in osm["source"]
    for m in metas.values():
        assert m.get("source") and m.get("licence")


def test_rows_of_each_source(default):
    # CGET: rows that only give a point (La REcyclerie, Paris) or a name without its article
    assert [t.id for t in default.practice("cget-tl-1464").territories] == ["fr-com-75056"]
    assert [t.id for t in default.practice("cget-tl-1174").territories] == ["fr-com-43157"]
    assert "cget-tl-439" not in default.practices()  # Morez: see the unresolved file
    # BNLC: id_lieu 01004-C-002, Ambérieu-en-Bugey, an organised hitch-hiking stop
    p = default.practice("bnlc-01004-c-002")
    assert p.name == "Arrêt covoit'ici Ambérieu en Bugey" and p.category == "carpooling"
    assert [t.id for t in p.territories] == ["fr-com-01004"]
    assert p.tags == ["bnlc-2024", "Auto-stop"]
    assert p.location == pytest.approx((45.954232106707, 5.34272020620408))
    # its source's SIREN 240100883 is the CC de la Plaine de l'Ain: its operator
    assert [(a.id, r) for a, r in p.actors] == [("actor-fr-epci-240100883", "operator")]
    assert p.actors[0][0].name == default.territory("fr-epci-240100883").name
    # 661 places have an EPCI's SIREN (71 EPCI); the others (Rezo Pouce's 810157982, a
    # department's, a company's) have no actor
    with_op = [q for q in default.query("tag:bnlc-2024") if q.actors]
    assert len(with_op) == 661
    assert len({q.actors[0][0].id for q in with_op}) == 71
    # Fabriques de territoire: LAB 01 in Ambérieu-en-Bugey, the ANCT its funder
    p = default.practice("anct-fabt-59")
    assert p.name == "LAB 01" and [t.id for t in p.territories] == ["fr-com-01004"]
    assert [(a.id, r) for a, r in p.actors] == [("anct", "funder")]
    assert default.actor("anct").kind == "public_body"
    # Manufactures de proximité: L'Atelien, Bourg-en-Bresse
    p = default.practice("anct-manuprox-1-29")
    assert p.name == "L'Atelien" and [t.id for t in p.territories] == ["fr-com-01053"]
    # engagement: a commune's scheme and an EPCI's
    p = default.practice("anct-patde-1")
    assert p.name == "PATDE — Montaud" and p.category == "civic_participation"
    assert [t.id for t in p.territories] == ["fr-com-34164"]
    assert [t.id for t in default.practice("anct-patde-2").territories] == [
        "fr-epci-200040293"]
    # OSM: node 4055157068, a Repair Café at 47.9671379, 0.1611251, in Allonnes' outline
    p = default.practice("osm-node-4055157068")
    assert p.category == "repair_cafe" and p.name == "Repair Café"
    assert [t.id for t in p.territories] == ["fr-com-72003"]
