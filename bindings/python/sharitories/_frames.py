"""Bulk columns and pandas output (imported on first use: pandas is optional)."""

from . import _core as _c

_NO_YEAR = -(2 ** 31)
_CODED = ("category", "family", "status")
_YEARS = ("started", "ended")
_FLOATS = ("latitude", "longitude")
_TUPLES = ("territories", "axes", "tags", "actors")
_STRS = ("id", "name", "description", "address", "department", "region")

COLUMNS = ("name", "category", "family", "status", "started", "ended", "territories",
           "department", "region", "axes", "tags", "actors", "description", "address",
           "latitude", "longitude")


def _categories_of(result, name):
    from . import FAMILIES, STATUSES
    if name == "category":
        h = result._cat._h
        return [_c.shr_category_id(_c.shr_catalog_category_at(h, i))
                for i in range(_c.shr_catalog_category_count(h))]
    return list(FAMILIES if name == "family" else STATUSES)


def column(result, name):
    """Plain-Python column (no numpy needed)."""
    raw = _c.shr_py_result_column(result._r, name)
    if name in _STRS or name in _TUPLES:
        return raw
    import array
    if name in _FLOATS:
        return array.array("d", raw).tolist()
    values = array.array("i", raw)
    if name in _YEARS:
        return [None if v == _NO_YEAR else v for v in values]
    if name in _CODED:
        cats = _categories_of(result, name)
        return [cats[v] for v in values]
    return values.tolist()


def _objects(values, np):
    """A 1-D object array of the items of a list (tuples stay items: no 2-D inference)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _series_data(result, name, np, pd):
    raw = _c.shr_py_result_column(result._r, name)
    if name in _STRS or name in _TUPLES:
        return _objects(raw, np)
    if name in _FLOATS:
        return np.frombuffer(raw, dtype=np.float64).copy()
    values = np.frombuffer(raw, dtype=np.int32)
    if name in _YEARS:
        mask = values == _NO_YEAR
        return pd.arrays.IntegerArray(values.astype(np.int64), mask)
    if name in _CODED:
        return pd.Categorical.from_codes(values.copy(), categories=_categories_of(result, name))
    return values.copy()


def to_dataframe(result, columns=COLUMNS):
    import gc

    import numpy as np
    import pandas as pd
    # Building a few hundred thousand tuples and strings would trigger many useless cycle
    # collections (none of these objects can be in a cycle): pause the collector meanwhile.
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = {name: _series_data(result, name, np, pd) for name in columns}
        index = pd.Index(_series_data(result, "id", np, pd), name="id")
        # The arrays are fresh and typed: no copy, no type inference.
        return pd.DataFrame(data, index=index, columns=list(columns), copy=False)
    finally:
        if enabled:
            gc.enable()


def _axis(heads, name, lang, pd):
    """The index of one side of a cross-tab: the keys, and with ``lang`` a second level
    "label" (the key when the value has no label)."""
    keys = [h[0] for h in heads]
    if lang is None:
        return pd.Index(keys, name=name)
    li = 1 if lang == "fr" else 2
    return pd.MultiIndex.from_arrays([keys, [h[li] or h[0] for h in heads]],
                                     names=[name, "label"])


def _empty_rows(result, rows, row_heads, col_heads, values, include_empty, exclude):
    """With ``include_empty``, every territory of the ``rows`` level in catalog order, those
    without practice with zero counts; then without the ``exclude``d territories. Returns
    (row_heads, values)."""
    import pandas as pd
    from . import _TERRITORIAL
    if not include_empty and not exclude:
        return row_heads, values
    if rows not in _TERRITORIAL:
        raise ValueError(f"include_empty and exclude need a territorial rows dimension "
                         f"(rows={rows!r})")
    frame = territories_frame(result._cat, rows, exclude)
    by_id = {h[0]: (h, v) for h, v in zip(row_heads, values)}
    if include_empty:
        heads, out = [], []
        zeros = [0] * len(col_heads)
        for tid, name, pop in zip(frame.index, frame["name"], frame["population"]):
            h, v = by_id.get(tid) or ((tid, name, name, None if pd.isna(pop) else int(pop)),
                                      zeros)
            heads.append(h)
            out.append(v)
        return heads, out
    keep = set(frame.index)
    pairs = [(h, v) for h, v in zip(row_heads, values) if h[0] in keep]
    return [h for h, _v in pairs], [v for _h, v in pairs]


def crosstab(result, rows, cols, per=None, lang=None, include_empty=False, exclude=(),
             within=False):
    import numpy as np
    import pandas as pd
    from . import _TERRITORIAL, _lang, _per
    per = _per(per)
    if lang is not None:
        _lang(lang)
    row_heads, col_heads, values = _c.shr_py_crosstab(result._r, rows, cols, bool(within))
    row_heads, values = _empty_rows(result, rows, row_heads, col_heads, values, include_empty,
                                    exclude)
    counts = np.array(values, dtype=np.int64).reshape(len(row_heads), len(col_heads))
    if per is not None:
        if rows in _TERRITORIAL:
            pops = np.array([np.nan if h[3] in (None, 0) else h[3] for h in row_heads], dtype=float)
            data = counts / pops[:, None] * per
        elif cols in _TERRITORIAL:
            pops = np.array([np.nan if h[3] in (None, 0) else h[3] for h in col_heads], dtype=float)
            data = counts / pops[None, :] * per
        else:
            raise ValueError(f"per= needs a territorial dimension (rows={rows!r}, cols={cols!r})")
    else:
        data = counts
    df = pd.DataFrame(data, index=_axis(row_heads, rows, lang, pd),
                      columns=_axis(col_heads, cols, lang, pd))
    df.attrs["row_keys"] = [h[0] for h in row_heads]
    df.attrs["col_keys"] = [h[0] for h in col_heads]
    df.attrs["row_labels"] = {h[0]: {"fr": h[1], "en": h[2]} for h in row_heads}
    df.attrs["col_labels"] = {h[0]: {"fr": h[1], "en": h[2]} for h in col_heads}
    df.attrs["row_population"] = {h[0]: h[3] for h in row_heads}
    df.attrs["col_population"] = {h[0]: h[3] for h in col_heads}
    df.attrs["per"] = per
    return df


def territories_frame(cat, kind, exclude):
    import numpy as np
    import pandas as pd
    from . import TERRITORY_KINDS, _exclusions, _kind_code, _overseas_ids
    exclude = _exclusions(exclude)
    k = -1 if kind is None else _kind_code(kind)
    (ids, names, kinds, codes, pops, parents, epcis, deps, regions, lats,
     lons) = _c.shr_py_territory_table(cat._h, k)
    df = pd.DataFrame({
        "name": names,
        "kind": [TERRITORY_KINDS[i] for i in kinds],
        "code": codes,
        "population": pd.array(pops, dtype="Int64"),
        "parent": parents,
        "epci": epcis,
        "department": deps,
        "region": regions,
        "latitude": np.array(lats, dtype=np.float64),
        "longitude": np.array(lons, dtype=np.float64),
    }, index=pd.Index(ids, name="id", dtype=object))
    drop = np.zeros(len(df), dtype=bool)
    if "overseas" in exclude:
        # the rule of Territory.overseas, on whole columns
        overseas_deps, overseas_regions = _overseas_ids(cat)
        drop |= df["department"].isin(overseas_deps).to_numpy()
        drop |= df.index.isin(overseas_regions)
    if "uninhabited" in exclude:
        drop |= (df["population"] == 0).fillna(False).to_numpy(dtype=bool)
    return df[~drop] if drop.any() else df
