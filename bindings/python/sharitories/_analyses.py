"""Analyses (inspire, compare, network), spreadsheet import, exports and the territory report.

The C objects (shr_inspiration, shr_comparison, shr_network, shr_import) are owned by SWIG
wrappers whose destructor frees them, then releases the catalog (see sharitories.i); the
Python objects below hold that wrapper and the Catalog, and convert the C data to Python
records once, in one C call, when they are made. Writers take a file name: the SWIG layer opens
and closes the file, and raises sharitories.Error (EIO) when that fails.
"""

import os as _os
from collections import namedtuple as _namedtuple

from . import _core as _c
from . import Actor, Category, Practice, Territory, _lang, _per

IMPORT_METHODS = tuple(_c.shr_import_method_name(i) for i in range(_c.SHR_IMPORT_METHOD_COUNT))
NETWORK_TABLES = tuple(_c.shr_network_table_name(i) for i in range(_c.SHR_NETWORK_TABLE_COUNT))
EXPORT_FORMATS = ("csv", "json", "geojson", "sql")
_INSPIRE_LISTS = {"lacks": _c.SHR_INSPIRE_LACKS, "has": _c.SHR_INSPIRE_HAS}


def _handle(proxy):
    """The SWIG object itself (its destructor frees the C object), without the proxy."""
    return getattr(proxy, "this", proxy)


def _territory_id(cat, t, what="territory"):
    """The id of a Territory of ``cat`` or of an id (str)."""
    if isinstance(t, str):
        return t
    if isinstance(t, Territory):
        if t._cat is not cat:
            raise ValueError(f"{what} {t.id!r} belongs to another catalog")
        return t.id
    raise TypeError(f"{what} must be a Territory or a territory id, not {type(t).__name__}")


def _territory_ids(cat, ts, what):
    if ts is None:
        return None
    if isinstance(ts, (str, Territory)):
        raise TypeError(f"{what} must be a sequence of territories or ids, not one "
                        f"{type(ts).__name__}")
    return [_territory_id(cat, t, what) for t in ts]


def _count(value, name, allow_none=False):
    if value is None and allow_none:
        return -1
    try:
        v = value.__index__()
    except AttributeError:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}") from None
    if v < 0:
        raise ValueError(f"{name} must be >= 0 (got {v})")
    return v


def _band(band):
    try:
        low, high = band
        return float(low), float(high)
    except (TypeError, ValueError):
        raise TypeError(f"band must be a pair of numbers (low, high), not {band!r}") from None


def _query_expr(query):
    if query is None:
        return None
    if not isinstance(query, str):
        raise TypeError(f"query must be a str or None, not {type(query).__name__}")
    return query


# ---------------------------------------------------------------------------------- inspire


InspirationRow = _namedtuple(
    "InspirationRow", "category family peers_with peers share own examples example_territories")
InspirationRow.__doc__ = """One category of an inspiration list.

category: category id (str); family: its family (str); peers_with: peers having at least one
practice of it; peers: number of peers; share: peers_with / peers (0.0 without peers); own:
practices of the territory itself in it (0 in ``lacks``); examples: example practices (list
of Practice; peers' practices in ``lacks``, the territory's own in ``has``);
example_territories: the peer (or the territory) each example is within (list of Territory)."""


class Inspiration:
    """What the peers of a territory do that it does not (``lacks``), and what it does that
    few of them do (``has``): see :meth:`Catalog.inspire`.

    Attributes: ``territory`` (Territory), ``peers`` (list of Territory, catalog order),
    ``lacks`` (list of InspirationRow, by share descending), ``has`` (list of InspirationRow,
    by share ascending: the rarest first), ``query`` (the filter, or None). Keeps its
    catalog alive.
    """

    __slots__ = ("_cat", "_h", "territory", "peers", "lacks", "has", "query")

    def __init__(self, catalog, handle, query):
        self._cat = catalog
        self._h = handle
        self.query = query
        territory, peers, lacks, has = _c.shr_py_inspiration_data(handle)
        self.territory = Territory(catalog, territory)
        self.peers = [Territory(catalog, p) for p in peers]
        npeers = len(self.peers)
        self.lacks = [self._row(e, npeers) for e in lacks]
        self.has = [self._row(e, npeers) for e in has]

    def _row(self, entry, npeers):
        category, peers_with, share, own, examples = entry
        cat = self._cat
        return InspirationRow(
            _c.shr_category_id(category),
            Category(cat, category).family,
            peers_with, npeers, share, own,
            [Practice(cat, p) for p, _t in examples],
            [Territory(cat, t) for _p, t in examples])

    @property
    def catalog(self):
        """The Catalog analysed."""
        return self._cat

    def _which(self, which):
        if which not in _INSPIRE_LISTS:
            raise ValueError(f"unknown list {which!r} (expected 'lacks' or 'has')")
        return which

    def to_dataframe(self, which="lacks", lang="en"):
        """One list (``"lacks"`` or ``"has"``) as a pandas DataFrame, one row per category, in
        the list's order. Columns: category, label (in ``lang``), family (object), peers_with,
        peers, own (int64), share (float64), examples, example_territories (object: tuples
        of ids)."""
        import pandas as pd
        rows = getattr(self, self._which(which))
        _lang(lang)
        cols = ["category", "label", "family", "peers_with", "peers", "share", "own",
                "examples", "example_territories"]
        data = {
            "category": [r.category for r in rows],
            "label": [self._cat.category(r.category).label(lang) for r in rows],
            "family": [r.family for r in rows],
            "peers_with": pd.array([r.peers_with for r in rows], dtype="int64"),
            "peers": pd.array([r.peers for r in rows], dtype="int64"),
            "share": pd.array([r.share for r in rows], dtype="float64"),
            "own": pd.array([r.own for r in rows], dtype="int64"),
            "examples": [tuple(p.id for p in r.examples) for r in rows],
            "example_territories": [tuple(t.id for t in r.example_territories) for r in rows],
        }
        df = pd.DataFrame(data, columns=cols)
        df.attrs["territory"] = self.territory.id
        df.attrs["peers"] = [p.id for p in self.peers]
        df.attrs["list"] = which
        return df

    def to_csv(self, path, which="lacks"):
        """Write one list (``"lacks"`` or ``"has"``) as CSV (RFC 4180, header line first):
        columns category, family, peers_with, peers, share (4 decimals), own, then example_1
        to example_N (N the ``examples`` of the inspiration; "practice name (territory
        name)"). Raises Error (EIO)."""
        _c.shr_inspiration_write_csv_file(self._h, _INSPIRE_LISTS[self._which(which)], path)

    def to_json(self, path):
        """Write the whole inspiration as one JSON object: territory, peers, and the lists
        ``lacks`` and ``has`` (entries with category, label, family, peers_with, peers, share,
        own, examples [{id, name, territory, territory_name}]). Raises Error (EIO)."""
        _c.shr_inspiration_write_json_file(self._h, path)


    def __repr__(self):
        return (f"<Inspiration {self.territory.id!r}: {len(self.peers)} peers, "
                f"{len(self.lacks)} lacking, {len(self.has)} had>")

    def _repr_html_(self):
        """Jupyter: the two lists as HTML tables (texts escaped, at most 20 rows each)."""
        from . import _html
        return _html.inspiration(self)


def inspire(cat, territory, peers=None, band=(0.5, 2.0), examples=3, query=None,
            by_distance=False):
    tid = _territory_id(cat, territory)
    ids = _territory_ids(cat, peers, "peers")
    low, high = _band(band)
    if not isinstance(by_distance, bool):
        raise TypeError(f"by_distance must be a bool, not {type(by_distance).__name__}")
    handle = _handle(_c.shr_py_inspire(cat._h, tid, ids, low, high,
                                       _count(examples, "examples"), _query_expr(query),
                                       int(by_distance)))
    return Inspiration(cat, handle, query)


# ---------------------------------------------------------------------------------- compare


class Comparison:
    """Territories side by side on one dimension: see :meth:`Catalog.comparison`.

    Attributes: ``dimension`` (str), ``territories`` (list of Territory, as given), ``keys``
    (list of str, the dimension's natural order), ``counts`` (dict key -> list of counts, one
    per territory), ``totals`` (list: distinct practices within each territory), ``query``.
    Keeps its catalog alive.
    """

    __slots__ = ("_cat", "_h", "dimension", "territories", "keys", "counts", "totals",
                 "_labels", "query")

    def __init__(self, catalog, handle, query):
        self._cat = catalog
        self._h = handle
        self.query = query
        dim, terrs, keys = _c.shr_py_comparison_data(handle, 10000.0)
        self.dimension = dim
        self.territories = [Territory(catalog, t) for t, _n, _r in terrs]
        self.totals = [n for _t, n, _r in terrs]
        self.keys = [k[0] for k in keys]
        self.counts = {k[0]: k[3] for k in keys}
        self._labels = {k[0]: {"fr": k[1], "en": k[2]} for k in keys}

    @property
    def catalog(self):
        """The Catalog analysed."""
        return self._cat

    def label(self, key, lang="en"):
        """Label of ``key`` in ``lang`` (axes, categories, families), else the key itself."""
        return self._labels[key][_lang(lang)]

    def per_capita(self, per=10000):
        """Rates per ``per`` inhabitants: (dict key -> list of float or None per territory,
        list of the totals' rates); None where the territory has no population."""
        _dim, terrs, keys = _c.shr_py_comparison_data(self._h, float(_per(per)))
        return {k[0]: k[4] for k in keys}, [r for _t, _n, r in terrs]

    def to_dataframe(self, per=10000, lang=None):
        """A pandas DataFrame: index = the keys (named after the dimension; their labels in
        ``lang`` when given), columns = a MultiIndex (measure, territory id) with measure
        ``"count"`` (int64: practices within the territory under that value) and, unless
        ``per`` is None, ``"per_N"`` for ``per=N`` (float64: count per N inhabitants, NaN
        without population). ``df.attrs``: dimension, per, keys, labels, names, population,
        total and total_per (distinct practices per territory, and per N inhabitants).
        ValueError when a territory is repeated."""
        import numpy as np
        import pandas as pd
        if lang is not None:
            _lang(lang)
        ids = [t.id for t in self.territories]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"territories repeated ({', '.join(repeated)}): a DataFrame needs "
                             f"distinct columns (the Comparison keeps them as given)")
        nk, nt = len(self.keys), len(ids)
        counts = np.array([self.counts[k] for k in self.keys], dtype=np.int64).reshape(nk, nt)
        index = pd.Index(self.keys if lang is None else [self.label(k, lang) for k in self.keys],
                         name=self.dimension)
        blocks, tuples = [counts], [("count", i) for i in ids]
        total_per = None
        if per is not None:
            rates, total_rates = self.per_capita(per)
            name = f"per_{per:g}"
            blocks.append(np.array([[np.nan if v is None else v for v in rates[k]]
                                    for k in self.keys], dtype=np.float64).reshape(nk, nt))
            tuples += [(name, i) for i in ids]
            total_per = {i: (None if r is None else r) for i, r in zip(ids, total_rates)}
        columns = pd.MultiIndex.from_tuples(tuples, names=["measure", "territory"])
        frames = [pd.DataFrame(b, index=index) for b in blocks]
        df = pd.concat(frames, axis=1) if len(frames) > 1 else frames[0]
        df.columns = columns
        df.attrs["dimension"] = self.dimension
        df.attrs["per"] = per
        df.attrs["keys"] = list(self.keys)
        df.attrs["labels"] = {k: dict(v) for k, v in self._labels.items()}
        df.attrs["names"] = {t.id: t.name for t in self.territories}
        df.attrs["population"] = {t.id: t.population for t in self.territories}
        df.attrs["total"] = dict(zip(ids, self.totals))
        df.attrs["total_per"] = total_per
        return df

    def to_csv(self, path):
        """Write the comparison as CSV: ``key,label,`` then for each territory ``ID`` and
        ``ID_per_10000`` (empty without population); a last row ``total``; labels in French.
        Raises Error (EIO)."""
        _c.shr_comparison_write_csv_file(self._h, path)

    def to_json(self, path):
        """Write the comparison as JSON: {dimension, territories: [{id, name, population,
        total, total_per_10000}], rows: [{key, label, counts, per_10000}]}. Raises Error
        (EIO)."""
        _c.shr_comparison_write_json_file(self._h, path)


    def __repr__(self):
        return (f"<Comparison by {self.dimension}: {len(self.territories)} territories, "
                f"{len(self.keys)} values>")


def comparison(cat, territories, by="category", query=None):
    ids = _territory_ids(cat, territories, "territories")
    if ids is None:
        raise TypeError("territories must be a sequence of territories or ids")
    if not ids:
        raise ValueError("territories is empty: give at least one territory to compare")
    handle = _handle(_c.shr_py_compare(cat._h, ids, by, _query_expr(query)))
    return Comparison(cat, handle, query)


# ---------------------------------------------------------------------------------- network


class Network:
    """The cooperation network of actors: see :meth:`Catalog.network`.

    Attributes: ``nodes`` (list of Actor taking part in at least one practice, catalog order),
    ``edges`` (list of (Actor, Actor, weight): two actors sharing ``weight`` practices; sorted
    by node index, source before target), ``spanning`` (list of Practice with two or more
    territories), ``multi_department`` (list of Actor active in two or more departments),
    ``practice_counts`` (dict Actor -> practices of the network it takes part in),
    ``departments`` (dict Actor -> list of department Territory). Keeps its catalog alive.
    """

    __slots__ = ("_cat", "_h", "nodes", "edges", "spanning", "multi_department",
                 "practice_counts", "departments", "query")

    def __init__(self, catalog, handle, query):
        self._cat = catalog
        self._h = handle
        self.query = query
        nodes, edges, spanning, multi = _c.shr_py_network_data(handle)
        self.nodes = [Actor(catalog, a) for a, _n, _d in nodes]
        self.practice_counts = {a: n for a, (_p, n, _d) in zip(self.nodes, nodes)}
        self.departments = {a: [Territory(catalog, t) for t in d]
                            for a, (_p, _n, d) in zip(self.nodes, nodes)}
        self.edges = [(self.nodes[s], self.nodes[t], w) for s, t, w in edges]
        self.spanning = [Practice(catalog, p) for p in spanning]
        self.multi_department = [self.nodes[i] for i in multi]

    @property
    def catalog(self):
        """The Catalog analysed."""
        return self._cat

    def edges_dataframe(self):
        """The edges as a pandas DataFrame: source, target (actor ids), weight (int64),
        source_name, target_name."""
        import pandas as pd
        return pd.DataFrame({
            "source": [s.id for s, _t, _w in self.edges],
            "target": [t.id for _s, t, _w in self.edges],
            "weight": pd.array([w for _s, _t, w in self.edges], dtype="int64"),
            "source_name": [s.name for s, _t, _w in self.edges],
            "target_name": [t.name for _s, t, _w in self.edges],
        }, columns=["source", "target", "weight", "source_name", "target_name"])

    def nodes_dataframe(self):
        """The nodes as a pandas DataFrame: id, name, kind, sector, practices (int64),
        departments (object: tuples of department ids)."""
        import pandas as pd
        return pd.DataFrame({
            "id": [a.id for a in self.nodes],
            "name": [a.name for a in self.nodes],
            "kind": [a.kind for a in self.nodes],
            "sector": [a.sector for a in self.nodes],
            "practices": pd.array([self.practice_counts[a] for a in self.nodes], dtype="int64"),
            "departments": [tuple(d.id for d in self.departments[a]) for a in self.nodes],
        }, columns=["id", "name", "kind", "sector", "practices", "departments"])

    def to_graphml(self, path):
        """Write the network as GraphML (Gephi, yEd): an undirected graph, nodes with
        attributes name, kind, sector, practices, departments, edges with a weight (double).
        Text is XML-escaped; characters XML 1.0 forbids are dropped. Raises Error (EIO)."""
        _c.shr_network_write_graphml_file(self._h, path)

    def to_csv(self, path, table="edges"):
        """Write one table (one of NETWORK_TABLES: "edges", "nodes", "spanning",
        "multi-department") as CSV (RFC 4180, header line first; lists separated by ";").
        Raises Error (EIO), ValueError for an unknown table."""
        if table not in NETWORK_TABLES:
            raise ValueError(f"unknown table {table!r} (expected one of "
                             f"{', '.join(NETWORK_TABLES)})")
        _c.shr_network_write_csv_file(self._h, NETWORK_TABLES.index(table), path)


    def __repr__(self):
        return f"<Network: {len(self.nodes)} actors, {len(self.edges)} edges>"


def network(cat, result, query):
    handle = _handle(_c.shr_py_network_build(cat._h, None if result is None else result._r))
    return Network(cat, handle, query)


# ---------------------------------------------------------------------------------- import


ImportRow = _namedtuple(
    "ImportRow", "line method id name category territory location link address reason")
ImportRow.__doc__ = """One data row of a CSV import.

line: 1-based line where the row starts; method: how its commune was found (one of
IMPORT_METHODS; "rejected" when the row was not imported); id, name: the practice's (None
when unusable); category: category id or None; territory: the commune or district found
(Territory) or None; location: (latitude, longitude) or None; link, address: str or None;
reason: why the row was rejected, None for an imported row."""


class Import:
    """The rows of a CSV file resolved against a catalog: see :meth:`Catalog.import_csv`.

    A sequence of ImportRow (``len``, iteration, indexing), with ``resolved`` and
    ``unresolved`` (the rejected rows) lists, ``counts`` (dict method -> rows, every method
    of IMPORT_METHODS), ``warnings`` (list of (line, text)). :meth:`save` writes the
    imported rows as a catalog file. Keeps its catalog alive.
    """

    __slots__ = ("_cat", "_h", "rows", "counts", "warnings")

    def __init__(self, catalog, handle):
        self._cat = catalog
        self._h = handle
        self.rows = [
            ImportRow(line, method, id_, name,
                      None if category is None else _c.shr_category_id(category),
                      None if territory is None else Territory(catalog, territory),
                      location, link, address, reason)
            for line, method, reason, id_, name, category, territory, location, link, address
            in _c.shr_py_import_rows(handle)]
        self.counts = {m: _c.shr_import_method_count(handle, i)
                       for i, m in enumerate(IMPORT_METHODS)}
        self.warnings = _c.shr_py_import_warnings(handle)

    @property
    def catalog(self):
        """The Catalog the rows were resolved against."""
        return self._cat

    @property
    def resolved(self):
        """Rows imported (list of ImportRow)."""
        return [r for r in self.rows if r.reason is None]

    @property
    def unresolved(self):
        """Rows not imported, with their reason (list of ImportRow)."""
        return [r for r in self.rows if r.reason is not None]

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def save(self, path):
        """Write the imported rows as a catalog file (format v1), atomically (a temporary
        file in the same directory, flushed, then renamed over ``path``; on failure ``path``
        is untouched); it loads together with the catalog they were resolved against.
        Raises Error (EIO)."""
        _c.shr_import_save(self._h, path)

    def to_yaml(self, path):
        """Write the imported rows as a catalog file (format v1: ``sharitories: 1``, the
        mapping's ``meta``, ``practices``), not atomically. Raises Error (EIO)."""
        _c.shr_import_write_yaml_file(self._h, path)

    def rejected_to_csv(self, path):
        """Write the rejected rows as CSV: line,id,name,reason. Raises Error (EIO)."""
        _c.shr_import_write_rejected_csv_file(self._h, path)


    def to_dataframe(self):
        """The rows as a pandas DataFrame: line (int64), method (category), id, name,
        category, territory (territory id), link, address, reason (object, None when
        absent), latitude, longitude (float64, NaN when absent)."""
        import pandas as pd
        rows = self.rows
        nan = float("nan")
        return pd.DataFrame({
            "line": pd.array([r.line for r in rows], dtype="int64"),
            "method": pd.Categorical([r.method for r in rows], categories=list(IMPORT_METHODS)),
            "id": [r.id for r in rows],
            "name": [r.name for r in rows],
            "category": [r.category for r in rows],
            "territory": [None if r.territory is None else r.territory.id for r in rows],
            "latitude": pd.array([nan if r.location is None else r.location[0] for r in rows],
                                 dtype="float64"),
            "longitude": pd.array([nan if r.location is None else r.location[1] for r in rows],
                                  dtype="float64"),
            "link": [r.link for r in rows],
            "address": [r.address for r in rows],
            "reason": [r.reason for r in rows],
        })

    def __repr__(self):
        return (f"<Import: {len(self.rows)} rows, {len(self.rows) - self.counts['rejected']} "
                f"resolved, {self.counts['rejected']} unresolved>")


def _document(source, what):
    """(document, name) for the C helper: a path stays a path; a file object is read (text
    encoded as UTF-8), its ``name`` kept for errors; bytes are the document itself."""
    if isinstance(source, (str, _os.PathLike)):
        return source, None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return source, None
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(f"{what} must be a path, bytes or a file object, not "
                        f"{type(source).__name__}")
    data = read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = getattr(source, "name", None)
    return data, name if isinstance(name, (str, bytes, _os.PathLike)) else None


def import_csv(cat, mapping, csv):
    mdoc, mname = _document(mapping, "mapping")
    cdoc, cname = _document(csv, "csv")
    return Import(cat, _handle(_c.shr_py_import_csv(cat._h, mdoc, mname, cdoc, cname)))


# ---------------------------------------------------------------------------------- exports


def export(result, path, format, territory_location=False, schema=None, all_territories=False):
    """Write ``result`` to ``path`` in ``format``; the number of practices (CSV, JSON, SQL) or
    features (GeoJSON) written."""
    if format is None:
        ext = _os.path.splitext(_os.fsdecode(path))[1].lower().lstrip(".")
        format = "geojson" if ext == "geojson" else ext
        if format not in EXPORT_FORMATS:
            raise ValueError(f"cannot tell the format from {_os.fsdecode(path)!r}: give "
                             f"format='csv', 'json', 'geojson' or 'sql'")
    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {format!r} (expected csv, json, geojson or sql)")
    if territory_location and format != "geojson":
        raise ValueError("territory_location applies to GeoJSON only")
    if (schema is not None or all_territories) and format != "sql":
        raise ValueError("schema and all_territories apply to SQL only")
    if format == "sql":
        flags = _c.SHR_SQL_ALL_TERRITORIES if all_territories else 0
        _c.shr_py_result_write_sql(result._r, schema, flags, path)
        return len(result)
    if format == "csv":
        _c.shr_py_result_write_csv(result._r, path)
        return len(result)
    if format == "json":
        _c.shr_py_result_write_json(result._r, path)
        return len(result)
    flags = _c.SHR_GEOJSON_TERRITORY_LOCATION if territory_location else 0
    return _c.shr_py_result_write_geojson(result._r, flags, path)


# ---------------------------------------------------------------------------------- report


def report(cat, territory, path=None, lang="fr", peers=None, band=(0.5, 2.0),
           max_peers_shown=15, max_inspirations=10, examples=3, generated=None):
    tid = _territory_id(cat, territory)
    ids = _territory_ids(cat, peers, "peers")
    low, high = _band(band)
    if generated is not None and not isinstance(generated, str):
        raise TypeError(f"generated must be a str or None, not {type(generated).__name__}")
    return _c.shr_py_report(cat._h, tid, path, _lang(lang), ids, low, high,
                            _count(max_peers_shown, "max_peers_shown", True),
                            _count(max_inspirations, "max_inspirations", True),
                            _count(examples, "examples"), generated)
