"""Bulk columns and pandas output (imported on first use: pandas is optional)."""

from . import _core as _c

_NO_YEAR = -(2 ** 31)
_CODED = ("category", "family", "status")
_YEARS = ("started", "ended")
_FLOATS = ("latitude", "longitude")
_TUPLES = ("territories", "axes", "tags", "actors")
_STRS = ("id", "name", "description", "address")

COLUMNS = ("id", "name", "category", "family", "status", "started", "ended", "territories",
           "axes", "tags", "actors", "description", "address", "latitude", "longitude")


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
        # The arrays are fresh and typed: no copy, no type inference.
        return pd.DataFrame(data, columns=list(columns), copy=False)
    finally:
        if enabled:
            gc.enable()


def crosstab(result, rows, cols, per=None, lang=None):
    import numpy as np
    import pandas as pd
    from . import _TERRITORIAL, _lang, _per
    per = _per(per)
    if lang is not None:
        _lang(lang)
    row_heads, col_heads, values = _c.shr_py_crosstab(result._r, rows, cols)
    li = None if lang is None else (1 if lang == "fr" else 2)

    def labels(heads):
        return [h[0] if li is None else (h[li] or h[0]) for h in heads]

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
    df = pd.DataFrame(data, index=pd.Index(labels(row_heads), name=rows),
                      columns=pd.Index(labels(col_heads), name=cols))
    df.attrs["row_keys"] = [h[0] for h in row_heads]
    df.attrs["col_keys"] = [h[0] for h in col_heads]
    df.attrs["row_labels"] = {h[0]: {"fr": h[1], "en": h[2]} for h in row_heads}
    df.attrs["col_labels"] = {h[0]: {"fr": h[1], "en": h[2]} for h in col_heads}
    df.attrs["row_population"] = {h[0]: h[3] for h in row_heads}
    df.attrs["col_population"] = {h[0]: h[3] for h in col_heads}
    df.attrs["per"] = per
    return df
