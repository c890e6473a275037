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
