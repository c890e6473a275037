"""What the analysts of issue 13 wrote by hand: territories by name, a commune's EPCI,
department and region, territory and practice frames, rate tables with empty territories,
overseas and uninhabited territories left out, labelled cross-tabs that keep the ids."""
import math

import numpy as np
import pandas as pd
import pytest

import sharitories


def test_find_territories(default):
    found = default.find_territories("Épinal", kind="commune")
    assert [t.id for t in found] == ["fr-com-88160"]
    assert [t.id for t in default.find_territories("epinal", kind="commune")] == ["fr-com-88160"]
    # any kind: exact folded matches first, then the names starting with it
    malo = default.find_territories("saint malo")
    assert malo[0].name == "Saint-Malo"
    assert {t.name for t in malo} >= {"Saint-Malo-de-Phily", "Saint-Malô-du-Bois"}
    bretagne = default.find_territories("Bretagne")
    assert [t.name for t in bretagne[:3]] == ["Bretagne"] * 3  # the region, two communes
    assert bretagne[0].id == "fr-reg-53" and bretagne[3].name != "Bretagne"
    assert [t.id for t in default.find_territories("bretagne", kind="region")] == ["fr-reg-53"]
    assert default.find_territories("zzz no such place") == []
    assert default.find_territories("") == []
    with pytest.raises(ValueError):
        default.find_territories("epinal", kind="town")
    with pytest.raises(TypeError):
        default.find_territories(None)


def test_ancestors_by_kind(default):
    epinal = default.territory("fr-com-88160")
    assert epinal.epci.id == "fr-epci-200068757" and epinal.epci.kind == "epci"
    assert epinal.department.id == "fr-dep-88"
    assert epinal.region.id == "fr-reg-44"
    vosges = default.territory("fr-dep-88")
    assert vosges.department is None and vosges.epci is None and vosges.region.id == "fr-reg-44"
    assert default.territory("fr").region is None


def test_territories_frame(default):
    df = default.territories_frame(kind="commune")
    assert df.index.name == "id" and df.index.is_unique
    assert list(df.columns) == ["name", "kind", "code", "population", "parent", "epci",
                                "department", "region", "latitude", "longitude"]
    assert len(df) == len(default.territories(kind="commune"))
    row = df.loc["fr-com-88160"]
    assert row["name"] == "Épinal" and row["kind"] == "commune" and row["code"] == "88160"
    assert row["population"] == 32251 and row["parent"] == "fr-dep-88"
    assert (row["epci"], row["department"], row["region"]) == (
        "fr-epci-200068757", "fr-dep-88", "fr-reg-44")
    assert str(df["population"].dtype) == "Int64" and df["latitude"].dtype == np.float64
    deps = default.territories_frame(kind="department")
    assert deps.loc["fr-dep-88", "department"] == "fr-dep-88"  # a department lies in itself
    everything = default.territories_frame()
    assert len(everything) == len(default.territories())
    with pytest.raises(ValueError):
        default.territories_frame(kind="town")


def test_exclude_overseas_and_uninhabited(default):
    regions = default.territories_frame(kind="region")
    mainland = default.territories_frame(kind="region", exclude=("overseas",))
    # overseas: the regions of departments 971-976 and the collectivities 975-989
    gone = set(regions.index) - set(mainland.index)
    assert {"fr-reg-01", "fr-reg-02", "fr-reg-03", "fr-reg-04", "fr-reg-06", "fr-reg-975",
            "fr-reg-977", "fr-reg-978", "fr-reg-984", "fr-reg-986", "fr-reg-987",
            "fr-reg-988", "fr-reg-989"} == gone
    assert "fr-reg-53" in mainland.index and "fr-reg-94" in mainland.index  # Corsica stays
    communes = default.territories_frame(kind="commune", exclude=("overseas",))
    assert not communes["department"].str.match(r"fr-dep-9[78]").any()
    assert "fr-com-97101" not in communes.index and "fr-com-88160" in communes.index
    inhabited = default.territories_frame(kind="region", exclude=("uninhabited",))
    assert set(regions.index) - set(inhabited.index) == {"fr-reg-984", "fr-reg-989"}
    # the properties say the same, one territory at a time
    t = default.territory
    assert t("fr-com-97101").overseas and t("fr-dep-974").overseas and t("fr-reg-04").overseas
    assert t("fr-reg-988").overseas and t("fr-dep-989").uninhabited
    assert not t("fr-com-88160").overseas and not t("fr-reg-94").overseas
    assert not t("fr").overseas and not t("fr-com-88160").uninhabited
    both = default.territories_frame(exclude=("overseas", "uninhabited"))
    assert (both["population"].fillna(1) > 0).all()
    with pytest.raises(ValueError):
        default.territories_frame(exclude=("islands",))
    with pytest.raises(TypeError):
        default.territories_frame(exclude="overseas")


def test_practice_frame_indexed_by_id(default):
    df = default.to_dataframe("in:fr-dep-88")
    assert df.index.name == "id" and df.index.is_unique
    assert list(df.index) == default.query("in:fr-dep-88").ids()
    assert "department" in df.columns and "region" in df.columns
    # the department and region its first territory is or lies in
    for pid, row in df.head(20).iterrows():
        t = default.practice(pid).territories[0]
        dep = t if t.kind == "department" else t.department
        assert row["department"] == (dep.id if dep else None)
    for dep, region in zip(df["department"], df["region"]):
        if dep is not None:
            assert region == default.territory(dep).region.id
    assert df.loc["cget-tl-102", "region"] == "fr-reg-44"


def test_rate_table_keeps_empty_territories(default):
    expr = "category:fablab"
    x = default.crosstab(expr, rows="department", cols="family", per=10000)
    full = default.crosstab(expr, rows="department", cols="family", per=10000,
                            include_empty=True)
    deps = default.territories(kind="department")
    assert len(full) == len(deps) > len(x)
    assert list(full.index) == deps.ids()
    empty = [d for d in full.index if d not in x.index]
    # zero practices: a rate of 0, NaN where the population is 0 (or unknown)
    assert (full.loc[empty].fillna(0) == 0).all().all()
    assert math.isnan(full.loc["fr-dep-989"].iloc[0]) and full.loc["fr-dep-88"].notna().all()
    assert full.loc[x.index].equals(x.reindex(columns=full.columns))
    main = default.crosstab(expr, rows="department", cols="family", per=10000,
                            include_empty=True, exclude=("overseas", "uninhabited"))
    assert "fr-dep-971" not in main.index and "fr-dep-989" not in main.index
    assert "fr-dep-88" in main.index and not main.isna().any().any()
    with pytest.raises(ValueError):  # rows must be territorial
        default.crosstab(expr, rows="family", cols="status", include_empty=True)


def test_crosstab_with_labels_keeps_ids(default):
    x = default.crosstab("in:fr-dep-88", rows="commune", cols="family", lang="fr")
    assert x.index.names == ["commune", "label"]
    assert "fr-com-88160" in x.index.get_level_values("commune")
    assert x.loc["fr-com-88160"].index[0] == "Épinal"
    assert x.columns.names == ["family", "label"]
    assert "production distribuée" in x.columns.get_level_values("label")
    plain = default.crosstab("in:fr-dep-88", rows="commune", cols="family")
    assert (x.values == plain.values).all()


def test_facets_within_the_queried_territory(default):
    # issue 13: practices partly in Morbihan put EPCIs elsewhere (CA d'Epinal, Grand Narbonne)
    # in a facet of in:fr-dep-56; within=True keeps the EPCIs of Morbihan's communes
    plain = default.facets("in:fr-dep-56", by="epci")
    within = default.facets("in:fr-dep-56", by="epci", within=True)
    for epci in ("fr-epci-200068757", "fr-epci-241100593"):
        assert epci in plain and epci not in within
    assert "fr-epci-200042174" in within and "fr-epci-243500741" in within
    assert set(within) < set(plain)
    r = default.query("in:fr-dep-56")
    assert list(r.facets("region", within=True)) == ["fr-reg-53"]
    assert [v.key for v in r.facet_table("region", within=True)] == ["fr-reg-53"]
    df = default.crosstab("in:fr-dep-56", rows="epci", cols="family", within=True)
    assert set(df.index) == set(within)
    rates = r.crosstab("department", "family", per=10000, within=True)
    assert list(rates.index) == ["fr-dep-56"]
    # no in:, nothing to restrict
    assert default.facets("category:fablab", by="department", within=True) == \
        default.facets("category:fablab", by="department")
