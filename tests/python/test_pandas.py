"""pandas output: to_dataframe, crosstab, bulk columns."""
import math

import numpy as np
import pandas as pd
import pytest

EXPECTED_COLUMNS = ["name", "category", "family", "status", "started", "ended",
                    "territories", "department", "region", "axes", "tags", "actors",
                    "description", "address", "latitude", "longitude"]


def test_to_dataframe_small(small):
    df = small.to_dataframe()
    assert list(df.columns) == EXPECTED_COLUMNS
    assert len(df) == small.count()
    assert str(df["category"].dtype) == "category"
    assert str(df["family"].dtype) == "category" and str(df["status"].dtype) == "category"
    assert str(df["started"].dtype) == "Int64" and str(df["ended"].dtype) == "Int64"
    assert df["latitude"].dtype == np.float64 and df["longitude"].dtype == np.float64
    assert df.index.name == "id" and df.index.dtype == object
    assert df["territories"].dtype == object
    row = df.iloc[0]
    assert row.name == "p-repair" and row["category"] == "repair_cafe"
    assert row["department"] is None and row["region"] == "t-region"
    assert row["family"] == "production" and row["status"] == "active"
    assert row["started"] == 2015 and row["ended"] is pd.NA
    assert row["territories"] == ("t-town",)
    assert row["axes"] == ("shared_resources", "solidarity")
    assert row["tags"] == ("repair", "monthly")
    assert row["actors"] == ("a-assoc", "a-town-hall")
    assert row["latitude"] == pytest.approx(47.51)
    last = df.iloc[2]
    assert last["description"] is None and math.isnan(last["latitude"])
    assert list(df["status"]) == ["active", "ended", "planned"]
    assert "seed_library" in df["category"].cat.categories


def test_to_dataframe_default(default):
    expr = "in:fr-reg-53"
    df = default.to_dataframe(expr)
    assert len(df) == default.count(expr) > 0
    assert list(df.index) == default.query(expr).ids()
    assert list(df.columns) == EXPECTED_COLUMNS
    counts = df["category"].value_counts()
    f = default.facets(expr, by="category")
    assert {k: int(counts[k]) for k in f} == f


def test_empty_dataframe(small):
    df = small.to_dataframe("status:ended -status:ended")
    assert len(df) == 0 and list(df.columns) == EXPECTED_COLUMNS


def test_columns(small):
    r = small.query()
    assert r.column("id") == ["p-repair", "p-seeds", "p-budget"]
    assert r.column("started") == [2015, 2012, None]
    assert r.column("ended") == [None, 2019, None]
    assert r.column("category") == ["repair_cafe", "seed_library", "participatory_budget"]
    assert r.column("family") == ["production", "consumption", "governance"]
    assert r.column("status") == ["active", "ended", "planned"]
    assert r.column("territories") == [("t-town",), ("t-village", "t-town"), ("t-epci",)]
    lat = r.column("latitude")
    assert lat[0] == pytest.approx(47.51) and math.isnan(lat[1])
    with pytest.raises(ValueError):
        r.column("colour")


def test_crosstab_counts(small):
    x = small.crosstab("-status:planned", rows="commune", cols="status")
    assert isinstance(x, pd.DataFrame)
    assert list(x.index) == ["t-town", "t-village"] and x.index.name == "commune"
    assert list(x.columns) == ["active", "ended"] and x.columns.name == "status"
    assert x.loc["t-town", "active"] == 1 and x.loc["t-village", "ended"] == 1
    assert x.loc["t-village", "active"] == 0
    assert x.values.dtype == np.int64
    assert x.attrs["row_population"] == {"t-town": 50000, "t-village": 1000}


def test_crosstab_per_capita(small):
    x = small.crosstab("-status:planned", rows="commune", cols="status", per=10000)
    assert x.loc["t-town", "active"] == pytest.approx(1 / 50000 * 10000)
    assert x.loc["t-village", "ended"] == pytest.approx(10.0)
    y = small.crosstab(rows="status", cols="commune", per=1000)  # territorial columns
    assert y.loc["ended", "t-village"] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        small.crosstab(rows="status", cols="family", per=10000)
    with pytest.raises(ValueError):
        small.crosstab(rows="colour", cols="family")


def test_crosstab_labels(small):
    x = small.crosstab(rows="commune", cols="family", lang="fr")
    assert list(x.index) == [("t-town", "Townsville"), ("t-village", "Little Village")]
    assert list(x.index.get_level_values("label")) == ["Townsville", "Little Village"]
    assert "production distribuée" in list(x.columns.get_level_values("label"))
    assert x.loc["t-town"].shape == (1, len(x.columns))
    assert x.attrs["row_keys"] == ["t-town", "t-village"]


def test_crosstab_matches_facets(default):
    expr = "in:fr-dep-56"
    x = default.crosstab(expr, rows="commune", cols="category")
    f = default.facets(expr, by="commune")
    assert list(x.index) == list(f)
    assert len(x) == len(f)
