"""libsharitories for Python: territories, actors and collaborative practices.

A :class:`Catalog` holds territories, actors and practices loaded from catalog files (format
v1). It answers queries written in the query language (query.md), counts them by dimension
(facets, cross-tabs) and hands them to pandas::

    import sharitories
    cat = sharitories.Catalog.default()            # the bundled catalog
    res = cat.query("category:coworking in:fr-dep-56")
    for p in res[:3]:
        print(p.id, p.name, [t.name for t in p.territories])
    cat.facets("in:fr-reg-53", by="category")      # {'coworking': 12, ...}
    cat.crosstab("", rows="department", cols="family", per=10000)   # pandas DataFrame
    df = cat.to_dataframe("in:fr-dep-58")           # one row per practice
    insp = cat.inspire("fr-com-56121")              # what peers do that Lorient does not
    cat.compare(["fr-com-56121", "fr-com-88160"], by="family")   # pandas DataFrame
    cat.network("in:fr-reg-53").to_graphml("actors.graphml")
    cat.query("category:fablab").to_geojson("fablabs.geojson")
    imp = cat.import_csv("mapping.yaml", "sheet.csv"); imp.save("sheet.yaml")
    cat.report("fr-com-56121", "lorient.html", lang="fr")

Conventions:
  * records (Territory, Actor, Practice, Axis, Category) are light views into the catalog;
    each keeps its Catalog alive, so dropping the catalog while holding a record, a result or
    a view is safe. They compare and hash by (catalog, kind, id).
  * an unknown id raises KeyError everywhere: the look-ups ``cat.practice(id)``,
    ``cat.territory(id)``..., the views ``cat.practices()[id]``, the analyses and the report
    (:class:`NotFoundError`, a KeyError); ``cat.practices().get(id)`` gives None instead.
  * strings go to C whole: a str with a NUL character raises ValueError, a non-str where a
    str is expected TypeError. ``None`` is accepted only where documented (``sort``,
    ``query``, ``generated``, ``name``).
  * absent optional values are None (``started``, ``population``, ``location``...).
  * failures of the C library raise :class:`sharitories.Error` subclasses
    (:class:`LoadError`, :class:`QueryError` (also a ValueError), :class:`NotFoundError`,
    :class:`InvalidArgumentError` (a ValueError), :class:`OutOfMemoryError`); a missing file
    raises a LoadError that is also a FileNotFoundError; wrong Python arguments raise
    ValueError / TypeError. Columns count characters.
  * a query that parses but looks like a mistake (a lower-case ``or`` searched as a word...)
    issues a :class:`QueryWarning` (a UserWarning, with ``column``) from every call that
    compiles it; the query still runs as written.
  * pandas is imported only by the methods that return DataFrames.
  * threads: the long calls (queries and counts, facets, cross-tabs, analyses, reports,
    exports, imports) release the GIL while the C library works, so threads sharing one
    Catalog run them at once; a ``load`` waits for the calls under way and the calls wait
    for it (a readers-writer lock per catalog). Record getters are short and keep the GIL.
  * a Catalog is a context manager: ``with sharitories.Catalog(path) as cat:`` frees it at
    the end of the block (see :meth:`Catalog.close`). ``len(cat)`` is its number of
    practices.

The low-level SWIG module is :mod:`sharitories.core`; its docstrings are those of the C
headers.
"""

import os as _os

# A wheel (`pip install .`, pyproject.toml) carries the default catalog in sharitories/data:
# it becomes the default data directory unless SHARITORIES_DATA_DIR is set (the process's
# environment is changed, so child processes see it too). The Debian package and `meson install`
# have no such directory and use the library's own (share/sharitories).
_PKG_DATA = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "data")
if (not _os.environ.get("SHARITORIES_DATA_DIR")
        and _os.path.isfile(_os.path.join(_PKG_DATA, "default.catalog"))):
    _os.environ["SHARITORIES_DATA_DIR"] = _PKG_DATA
from collections import namedtuple as _namedtuple
from collections.abc import Sequence as _Sequence
from itertools import repeat as _repeat

from . import core  # the SWIG proxy module: registers the owned types (catalog, result)
from . import _core as _c  # the C functions themselves, called directly (no proxy layer)
from .errors import (Error, InvalidArgumentError, LoadError, NotFoundError, OutOfMemoryError,
                     QueryError, QueryWarning)

__all__ = [
    "Catalog", "Result", "Records", "Territory", "Actor", "Practice", "Axis", "Category",
    "FacetValue", "Facets", "Inspiration", "InspirationRow", "Comparison", "Network", "Import",
    "ImportRow", "import_csv", "Error", "LoadError", "QueryError", "NotFoundError",
    "InvalidArgumentError", "OutOfMemoryError", "QueryWarning",
    "TERRITORY_KINDS", "ACTOR_KINDS", "SECTORS", "STATUSES", "ROLES", "FAMILIES", "DIMENSIONS",
    "LANGS", "IMPORT_METHODS", "NETWORK_TABLES", "EXPORT_FORMATS", "EXCLUDE", "data_dir",
    "__version__",
    # fiches-actions and roadmap (_actions.py)
    "Action", "ActionList", "Roadmap", "RoadmapRow", "PHASES", "EFFORTS", "STANCES",
    "AUDIENCES", "ACTION_LISTS",
    "Map", "MAP_LEVELS",
]

__version__ = _c.shr_version()
"""Version of the C library actually linked (same as the package's)."""

LANGS = ("fr", "en")


def _names(fn, count):
    return tuple(fn(i) for i in range(count))


TERRITORY_KINDS = _names(_c.shr_territory_kind_name, _c.SHR_TERRITORY_KIND_COUNT)
ACTOR_KINDS = _names(_c.shr_actor_kind_name, _c.SHR_ACTOR_KIND_COUNT)
SECTORS = _names(_c.shr_sector_name, _c.SHR_SECTOR_COUNT)
STATUSES = _names(_c.shr_status_name, _c.SHR_STATUS_COUNT)
ROLES = _names(_c.shr_role_name, _c.SHR_ROLE_COUNT)
FAMILIES = _names(_c.shr_family_name, _c.SHR_FAMILY_COUNT)
DIMENSIONS = _names(_c.shr_dimension_name, _c.SHR_DIM_COUNT)
_TERRITORIAL = frozenset(d for i, d in enumerate(DIMENSIONS) if _c.shr_dimension_is_territorial(i))

_NO_YEAR = -(2 ** 31)


def data_dir():
    """Directory of the bundled default catalog (SHARITORIES_DATA_DIR wins when set)."""
    return _c.shr_default_data_dir()


def _lang(lang):
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (expected 'fr' or 'en')")
    return lang


def _kind_code(kind):
    """The C code of a territory kind name; ValueError for an unknown one."""
    try:
        return TERRITORY_KINDS.index(kind)
    except ValueError:
        raise ValueError(f"unknown territory kind {kind!r} (expected one of "
                         f"{', '.join(TERRITORY_KINDS)})") from None


def _per(per):
    """A rate's base (per N inhabitants): a positive finite number, or None."""
    if per is None:
        return None
    if isinstance(per, bool) or not isinstance(per, (int, float)):
        raise TypeError(f"per must be a number or None, not {type(per).__name__}")
    if not (per > 0 and per != float("inf")):
        raise ValueError(f"per must be a positive finite number (got {per!r})")
    return per


def _overseas_ids(cat):
    """(ids of the overseas departments, ids of the overseas regions) of ``cat``: the
    departments whose code starts with 97 or 98 (971-976, and the collectivities 975-989 the
    data models as departments), the regions all of whose departments are overseas."""
    deps = {t.id for t in cat.territories(kind="department") if (t.code or "")[:2] in ("97", "98")}
    regions = set()
    for r in cat.territories(kind="region"):
        children = [c.id for c in r.children if c.kind == "department"]
        if children and all(c in deps for c in children):
            regions.add(r.id)
    return deps, regions


EXCLUDE = ("overseas", "uninhabited")


def _exclusions(exclude):
    """``exclude`` checked: a tuple of names among EXCLUDE."""
    if isinstance(exclude, str) or exclude is None:
        raise TypeError(f"exclude must be a tuple of names among {EXCLUDE}, not "
                        f"{type(exclude).__name__}")
    exclude = tuple(exclude)
    for e in exclude:
        if e not in EXCLUDE:
            raise ValueError(f"unknown exclusion {e!r} (expected one of {', '.join(EXCLUDE)})")
    return exclude


def _year(y):
    return None if y == _NO_YEAR else y


def _location(flag_lat_lon):
    flag, lat, lon = flag_lat_lon
    return (lat, lon) if flag else None


# ---------------------------------------------------------------------------------- records


class _Record:
    """Base of the record views: a borrowed C pointer and the Catalog that owns it."""

    __slots__ = ("_cat", "_ptr")
    _kind = "record"

    def __init__(self, catalog, pointer):
        self._cat = catalog
        self._ptr = pointer

    @property
    def _p(self):
        """The C pointer; ValueError once the catalog is closed (the pointer may be freed)."""
        if self._cat._handle is None:
            _closed()
        return self._ptr

    @property
    def catalog(self):
        """The Catalog this record belongs to (kept alive by the record)."""
        return self._cat

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return other._cat is self._cat and other.id == self.id

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash((id(self._cat), self._kind, self.id))

    def __repr__(self):
        name = getattr(self, "name", None)
        extra = f" {name!r}" if name is not None else ""
        return f"<{type(self).__name__} {self.id!r}{extra}>"

    def __reduce__(self):
        raise TypeError(f"{type(self).__name__} cannot be pickled; pickle its id instead")


def _closed():
    raise ValueError("operation on a closed Catalog")


def _getter(cfn, text, convert=None):
    # The closed check of _Record._p, inlined: these getters are the hot path.
    if convert is None:
        def get(self):
            if self._cat._handle is None:
                _closed()
            return cfn(self._ptr)
    else:
        def get(self):
            if self._cat._handle is None:
                _closed()
            return convert(cfn(self._ptr))
    return property(get, doc=text)


class Territory(_Record):
    """A territory: country, region, department, EPCI, commune, district or other.

    The ``parent`` and ``groups`` edges form a directed acyclic graph; ``within`` follows it.
    """

    __slots__ = ()
    _kind = "territory"

    id = _getter(_c.shr_territory_id, "Id (str), e.g. 'fr-com-58194'.")
    name = _getter(_c.shr_territory_name, "Name (str).")
    kind = _getter(_c.shr_territory_kind_of, "Kind (str): one of TERRITORY_KINDS.",
                   TERRITORY_KINDS.__getitem__)
    code = _getter(_c.shr_territory_code, "Official code (str) or None.")
    population = _getter(_c.shr_territory_population, "Population (int) or None when not given.",
                         lambda v: None if v < 0 else v)
    location = _getter(_c.shr_territory_location, "(latitude, longitude) or None.", _location)
    index = _getter(_c.shr_territory_index, "Position in the catalog (int, 0-based).")
    former_codes = _getter(_c.shr_py_territory_former_codes, "Codes it had before a merger (list of str).")
    postal_codes = _getter(_c.shr_py_territory_postal_codes, "Postal codes (list of str).")

    @property
    def parent(self):
        """The one territory that contains it (Territory), or None."""
        p = _c.shr_territory_parent(self._p)
        return None if p is None else Territory(self._cat, p)

    def _list(self, fn):
        return [Territory(self._cat, p) for p in fn(self._p)]

    def _of_kind(self, kind):
        p = _c.shr_territory_ancestor_of_kind(self._p, kind)
        return None if p is None else Territory(self._cat, p)

    @property
    def epci(self):
        """The EPCI (Territory) containing it, or None: a commune's intercommunality.
        Never the territory itself. When several contain it, the nearest: along the parents
        first, then its own groups, then the other territories containing it."""
        return self._of_kind(_c.SHR_TERRITORY_EPCI)

    @property
    def department(self):
        """The department (Territory) containing it, or None (also for a department itself);
        same rule as :attr:`epci`."""
        return self._of_kind(_c.SHR_TERRITORY_DEPARTMENT)

    @property
    def region(self):
        """The region (Territory) containing it, or None (also for a region itself); same
        rule as :attr:`epci`."""
        return self._of_kind(_c.SHR_TERRITORY_REGION)

    @property
    def overseas(self):
        """True for the territories of France's overseas: the departments 971 to 976 and
        the overseas collectivities (codes 975 to 989 in the bundled data, modelled as
        regions and departments) and everything within them; a region is overseas when
        all its departments are."""
        deps, regions = _overseas_ids(self._cat)
        dep = self if self.kind == "department" else self.department
        return (dep is not None and dep.id in deps) or self.id in regions

    @property
    def uninhabited(self):
        """True when the population is given and is 0 (the French Southern and Antarctic
        Lands, Clipperton, the villages of the Meuse destroyed in 1916); False when it is
        unknown."""
        return self.population == 0

    @property
    def groups(self):
        """Further territories that contain it (list of Territory), in file order."""
        return self._list(_c.shr_py_territory_groups)

    @property
    def children(self):
        """Territories whose parent is this one (list of Territory), in catalog order."""
        return self._list(_c.shr_py_territory_children)

    @property
    def members(self):
        """Territories that have this one among their groups (list of Territory)."""
        return self._list(_c.shr_py_territory_members)

    @property
    def ancestors(self):
        """Every territory containing this one, itself excluded (list of Territory)."""
        return self._list(_c.shr_py_territory_ancestors)

    @property
    def practices(self):
        """Practices that list this territory itself (list of Practice); for every practice
        within it, use ``catalog.query('in:' + territory.id)``."""
        return [Practice(self._cat, p) for p in _c.shr_py_territory_practices(self._p)]

    def within(self, other):
        """True when this territory is ``other`` or is contained in it (along parent and
        groups edges). ``other`` is a Territory of the same catalog or a territory id.
        Raises KeyError for an unknown id, ValueError for a territory of another catalog."""
        if isinstance(other, str):
            other = self._cat.territories()[other]
        elif not isinstance(other, Territory):
            raise TypeError(f"within() expects a Territory or an id, not {type(other).__name__}")
        if other._cat is not self._cat:
            raise ValueError("within(): the territories belong to different catalogs")
        return bool(_c.shr_territory_within(self._p, other._p))



class Actor(_Record):
    """A public, private or citizen actor."""

    __slots__ = ()
    _kind = "actor"

    id = _getter(_c.shr_actor_id, "Id (str).")
    name = _getter(_c.shr_actor_name, "Name (str).")
    kind = _getter(_c.shr_actor_kind_of, "Kind (str): one of ACTOR_KINDS.", ACTOR_KINDS.__getitem__)
    sector = _getter(_c.shr_actor_sector, "Sector (str): public, private, citizen or other.",
                     SECTORS.__getitem__)
    links = _getter(_c.shr_py_actor_links, "Links (list of str).")
    index = _getter(_c.shr_actor_index, "Position in the catalog (int, 0-based).")

    @property
    def territory(self):
        """Its territory (Territory) or None."""
        t = _c.shr_actor_territory(self._p)
        return None if t is None else Territory(self._cat, t)

    @property
    def roles(self):
        """Its part in practices: list of (Practice, role), in catalog order."""
        return [(Practice(self._cat, p), role) for p, role in _c.shr_py_actor_practices(self._p)]

    @property
    def practices(self):
        """Practices it takes part in (list of Practice, each once), in catalog order."""
        seen, out = set(), []
        for p, _role in _c.shr_py_actor_practices(self._p):
            key = int(p)
            if key not in seen:
                seen.add(key)
                out.append(Practice(self._cat, p))
        return out


class Practice(_Record):
    """A collaborative practice."""

    __slots__ = ()
    _kind = "practice"

    id = _getter(_c.shr_practice_id, "Id (str).")
    name = _getter(_c.shr_practice_name, "Name (str).")
    status = _getter(_c.shr_practice_status, "Status (str): planned, active or ended.",
                     STATUSES.__getitem__)
    started = _getter(_c.shr_practice_started, "Year started (int) or None.", _year)
    ended = _getter(_c.shr_practice_ended, "Year ended (int) or None.", _year)
    description = _getter(_c.shr_py_practice_description, "Description (str) or None.")
    address = _getter(_c.shr_practice_address, "Address (str) or None.")
    location = _getter(_c.shr_practice_location, "(latitude, longitude) or None.", _location)
    index = _getter(_c.shr_practice_index, "Position in the catalog (int, 0-based).")
    axes = _getter(_c.shr_py_practice_axes,
                   "Axis ids (list of str): the file's axes, else the category's defaults.")
    tags = _getter(_c.shr_py_practice_tags, "Tags (list of str).")
    links = _getter(_c.shr_py_practice_links, "Links (list of str).")
    figures = _getter(_c.shr_py_practice_figures, "Figures (dict name -> float), in file order.")

    @property
    def category(self):
        """Category id (str); ``catalog.category(practice.category)`` gives the Category."""
        return _c.shr_category_id(_c.shr_practice_category(self._p))

    @property
    def family(self):
        """Family of its category (str): consumption, production, finance or governance."""
        return FAMILIES[_c.shr_category_family(_c.shr_practice_category(self._p))]

    @property
    def territories(self):
        """Its territories (list of Territory), at least one."""
        return [Territory(self._cat, t) for t in _c.shr_py_practice_territories(self._p)]

    @property
    def actors(self):
        """Actors taking part, with their role: list of (Actor, role)."""
        return [(Actor(self._cat, a), role) for a, role in _c.shr_py_practice_actors(self._p)]


class Axis(_Record):
    """One of the five built-in thematic axes, with labels, descriptions and key questions in
    French ("fr") and English ("en")."""

    __slots__ = ()
    _kind = "axis"

    id = _getter(_c.shr_axis_id, "Id (str), e.g. 'solidarity'.")
    code = _getter(_c.shr_axis_code_of, "Position among the five axes (int, 0-4).")

    def label(self, lang="en"):
        """Label in ``lang`` ("fr" or "en")."""
        return _c.shr_axis_label(self._p, _lang(lang))

    def description(self, lang="en"):
        """Description in ``lang`` ("fr" or "en"), or None."""
        return _c.shr_axis_description(self._p, _lang(lang))

    def questions(self, lang="en"):
        """Key questions in ``lang`` ("fr" or "en"), as a list of str."""
        return _c.shr_py_axis_questions(self._p, _lang(lang))



class Category(_Record):
    """A category of practice (built in, or added by a file), in one of the four families."""

    __slots__ = ()
    _kind = "category"

    id = _getter(_c.shr_category_id, "Id (str), e.g. 'repair_cafe'.")
    family = _getter(_c.shr_category_family, "Family (str): one of FAMILIES.", FAMILIES.__getitem__)
    builtin = _getter(_c.shr_category_is_builtin, "True for the categories of format.md.", bool)
    axes = _getter(_c.shr_py_category_axes, "Default axis ids (list of str).")
    index = _getter(_c.shr_category_index, "Position in the catalog (int, 0-based).")

    def label(self, lang="en"):
        """Label in ``lang`` ("fr" or "en"); None if a file-added category gave none."""
        return _c.shr_category_label(self._p, _lang(lang))

    def family_label(self, lang="en"):
        """Label of its family in ``lang`` ("consommation collaborative")."""
        return _c.shr_family_label(_c.shr_category_family(self._p), _lang(lang))



# ---------------------------------------------------------------------------------- views


class Records(_Sequence):
    """A read-only sequence of the records of one section of a catalog, in catalog order.

    ``view[i]`` and ``view[i:j]`` index it like a list; ``view["some-id"]`` looks a record up
    by id (KeyError when unknown); ``"some-id" in view`` tests an id; ``view.get(id)`` gives
    None for an unknown id. The view is live: after a later ``load`` its length, iteration,
    indexing, ``index()`` and ``in`` all see the records that load appended.
    """

    __slots__ = ("_cat", "_cls", "_section", "_kind", "_count", "_lookup", "_accept", "_state")

    def __init__(self, catalog, cls, section, count, lookup, kind=-1, accept=None):
        self._cat = catalog
        self._cls = cls
        self._section = section
        self._kind = kind
        self._count = count
        self._lookup = lookup
        self._accept = accept
        # (records of the section read, their pointers): replaced whole, so that threads
        # sharing the view never see one without the other. Loads only append.
        self._state = (0, [])

    def _sync(self):
        """The pointers, after reading the records appended since the last call."""
        h = self._cat._h
        seen, ptrs = self._state
        if self._count(h) != seen:
            n, new = _c.shr_py_catalog_records(h, self._section, self._kind, seen)
            ptrs = ptrs + new
            self._state = (n, ptrs)
        return ptrs

    def __len__(self):
        return len(self._sync())

    def __getitem__(self, key):
        ptrs = self._sync()
        if isinstance(key, str):
            p = self._lookup(self._cat._h, key)
            if p is None or (self._accept is not None and not self._accept(p)):
                raise KeyError(key)
            return self._cls(self._cat, p)
        if isinstance(key, slice):
            return [self._cls(self._cat, p) for p in ptrs[key]]
        return self._cls(self._cat, ptrs[key])

    def __iter__(self):
        return map(self._cls, _repeat(self._cat), self._sync())

    def __contains__(self, item):
        if isinstance(item, str):
            p = self._lookup(self._cat._h, item)
            return p is not None and (self._accept is None or bool(self._accept(p)))
        if isinstance(item, self._cls) and item._cat is self._cat:
            return item.id in self
        return False

    def index(self, value, start=0, stop=None):
        """Position of a record of this view (ValueError when it is not in the view)."""
        ptrs = self._sync()
        if isinstance(value, self._cls) and value._cat is self._cat:
            try:
                return ptrs.index(value._p, start, len(ptrs) if stop is None else stop)
            except ValueError:
                pass
        raise ValueError(f"{value!r} is not in the view")

    def get(self, key, default=None):
        """The record with id ``key``, or ``default`` when there is none."""
        try:
            return self[key]
        except KeyError:
            return default

    def ids(self):
        """Ids of the records, as a list of str."""
        return [self._cls(self._cat, p).id for p in self._sync()]

    def __repr__(self):
        return f"<Records of {len(self)} {self._cls.__name__}>"


FacetValue = _namedtuple("FacetValue", "key label count population")
FacetValue.__doc__ = """One value of a facet: key (id), label (in the language asked), count
(practices under it), population (territorial dimensions, else None)."""


class Facets(dict):
    """Counts per value of one dimension (``by``): a dict key -> count in the dimension's
    natural order, shown as an HTML table in Jupyter."""

    __slots__ = ("by",)

    def __init__(self, by, items=()):
        super().__init__(items)
        self.by = by

    def _repr_html_(self):
        from . import _html
        return _html.facets(self)


class Result(_Sequence):
    """The practices a query selected: a read-only sequence of Practice.

    ``len``, iteration (a fresh iterator each time), indexing (negative too) and slicing (a
    list of Practice). Bulk reads in one C call: :meth:`ids`, :meth:`column`,
    :meth:`to_dataframe`. The result keeps its catalog alive.
    """

    __slots__ = ("_cat", "_res", "_n", "expr")

    def __init__(self, catalog, expr="", sort=None, descending=False):
        self._cat = catalog
        self.expr = expr
        proxy = _c.shr_py_select(catalog._h, expr, sort, bool(descending))
        self._res = getattr(proxy, "this", proxy)
        self._n = _c.shr_py_result_count(self._res)

    @property
    def _r(self):
        """The owned C result; ValueError once the catalog is closed."""
        if self._cat._handle is None:
            _closed()
        return self._res

    @property
    def catalog(self):
        """The Catalog queried."""
        return self._cat

    def __len__(self):
        return self._n

    def __bool__(self):
        return self._n > 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._n)
            ptrs = _c.shr_py_result_practices(self._r, start, stop, step)
            return [Practice(self._cat, p) for p in ptrs]
        try:
            i = index.__index__()
        except AttributeError:
            raise TypeError(f"result indices must be integers or slices, not {type(index).__name__}") from None
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("result index out of range")
        return Practice(self._cat, _c.shr_py_result_at(self._r, i))

    def __iter__(self):
        return map(Practice, _repeat(self._cat), _c.shr_py_result_practices(self._r, 0, self._n, 1))

    def __repr__(self):
        return f"<Result {self.expr!r}: {self._n} practices>"

    def _repr_html_(self):
        """Jupyter: the first practices as an HTML table (id, name, category, territories,
        status, started), texts escaped."""
        from . import _html
        return _html.result(self)

    def ids(self):
        """Ids of every practice (list of str), built in one C call."""
        return _c.shr_py_result_ids(self._r)

    def column(self, name):
        """One column of the result, built in one C call.

        "id", "name", "description", "address": list of str (or None);
        "territories", "axes", "tags", "actors": list of tuples of ids;
        "category", "family", "status": list of str;
        "started", "ended": list of int or None;
        "latitude", "longitude": list of float (nan when absent).
        """
        from . import _frames
        return _frames.column(self, name)

    def to_dataframe(self):
        """A pandas DataFrame, one row per practice (see Catalog.to_dataframe)."""
        from . import _frames
        return _frames.to_dataframe(self)

    def facet_table(self, by="category", lang="en", within=False):
        """Counts per value of dimension ``by``: a list of FacetValue, in the dimension's
        natural order (axes and categories in format.md order, years ascending, territories in
        catalog order, tags alphabetically); values with no practice are left out.
        ``within``: see :meth:`facets`."""
        _lang(lang)
        li = 1 if lang == "fr" else 2
        return [FacetValue(v[0], v[li], v[3], v[4])
                for v in _c.shr_py_facet(self._r, by, bool(within))]

    def facets(self, by="category", within=False):
        """Counts per value of dimension ``by`` (one of DIMENSIONS): a Facets (a dict key ->
        count, in the dimension's natural order, shown as a table in Jupyter). A practice
        counts once under each value it has. ``within=True`` restricts the territorial values
        to the query's territory (its ``in:``/``at:`` terms): a practice counts only through its
        territories there, so ``facets("in:fr-dep-56", by="epci", within=True)`` lists the EPCIs
        of Morbihan alone; without ``in:``/``at:`` it changes nothing (docs/query.md, Panoramas)."""
        return Facets(by, ((v[0], v[3]) for v in _c.shr_py_facet(self._r, by, bool(within))))

    def crosstab(self, rows="department", cols="family", per=None, lang=None,
                 include_empty=False, exclude=(), within=False):
        """Cross-tabulation (pandas DataFrame); see Catalog.crosstab."""
        from . import _frames
        return _frames.crosstab(self, rows, cols, per, lang, include_empty, exclude, within)

    # ---- exports (export.h) and analyses

    def to_csv(self, path):
        """Write the practices as CSV (RFC 4180: a header line, then one line per practice
        in result order) to ``path``; returns the number of practices written. Raises Error (EIO; the
        file may then be incomplete)."""
        return _analyses.export(self, path, "csv")

    def to_json(self, path):
        """Write the practices as a JSON array of objects to ``path``; returns the number of
        practices written. Raises Error (EIO)."""
        return _analyses.export(self, path, "json")

    def to_geojson(self, path, territory_location=False):
        """Write the practices that have a location as a GeoJSON FeatureCollection (Point
        features, coordinates [longitude, latitude] in WGS 84, the fields as flat
        ``properties``, the practice id as the Feature's ``id``) to ``path``; returns the
        number of features written. With ``territory_location``, a practice without location gets that
        of its first territory that has one. Raises Error (EIO)."""
        return _analyses.export(self, path, "geojson", territory_location)

    def to_sql(self, path, schema=None, all_territories=False):
        """Write the practices, their territories (PostGIS points, parent, groups, ancestors),
        actors and links as an SQL script for PostgreSQL/PostGIS to ``path``: it creates the
        schema ``schema`` (None: "sharitories"; any characters but NUL and controls, 63 bytes
        at most) in one transaction (``psql -v ON_ERROR_STOP=1 -f path``). With
        ``all_territories``, every territory of the catalog. Returns the number of practices
        written. Raises Error (EINVAL for a bad schema name, EIO), ValueError for a NUL."""
        return _analyses.export(self, path, "sql", schema=schema,
                                all_territories=all_territories)

    def export(self, path, format=None, territory_location=False, schema=None,
               all_territories=False):
        """Write the practices to ``path`` as ``format`` ("csv", "json", "geojson" or "sql";
        None: from the file name's extension, ValueError when it says none of them). Returns
        the number of practices (features, for GeoJSON) written."""
        return _analyses.export(self, path, format, territory_location, schema, all_territories)

    def network(self):
        """The cooperation network of these practices (a Network); see Catalog.network."""
        return _analyses.network(self._cat, self, self.expr)



# ---------------------------------------------------------------------------------- catalog


class Catalog:
    """A set of territories, actors and practices loaded from catalog files.

    ``Catalog()`` is empty (the five axes and the built-in categories only);
    ``Catalog(paths)`` loads files; ``Catalog.default()`` loads the bundled catalog.
    ``len(catalog)`` is its number of practices.

    Records, results and views keep the catalog alive; its memory is freed when the last of
    them goes away, or at :meth:`close`. ``with sharitories.Catalog(...) as cat:`` closes it
    at the end of the block; after that, using the catalog or anything taken from it (records,
    views, results) raises ValueError ("operation on a closed Catalog").
    """

    __slots__ = ("_handle", "__weakref__")

    def __init__(self, paths=None):
        proxy = core.shr_catalog()
        # Keep the SWIG object itself (its destructor frees the C catalog): it is not tracked
        # by the cycle collector, so nothing can free the catalog under a live result.
        self._handle = proxy.this
        if paths is not None:
            self.load(paths)

    @property
    def _h(self):
        """The SWIG object of the C catalog; ValueError once closed."""
        h = self._handle
        if h is None:
            _closed()
        return h

    def close(self):
        """Free the catalog now (if no result, analysis or import still holds it, else when
        the last of them goes). Every later use of the catalog, its records, views and
        results raises ValueError. Closing twice is allowed."""
        self._handle = None

    @property
    def closed(self):
        """True after :meth:`close` (or the end of a ``with`` block)."""
        return self._handle is None

    def __enter__(self):
        self._h
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __len__(self):
        """Number of practices in the catalog."""
        return _c.shr_catalog_practice_count(self._h)

    @classmethod
    def default(cls):
        """A new catalog holding the bundled default catalog (the files of default.catalog in
        :func:`data_dir`). Raises LoadError."""
        cat = cls()
        _c.shr_catalog_load_default(cat._h)
        return cat

    def load(self, paths):
        """Load one file (str or os.PathLike) or several (a list) as one unit: all or nothing.

        Files may refer to each other and to records loaded before. Raises LoadError (path,
        line, column, record of the offending node; code EIO for unreadable files, then also
        FileNotFoundError, PermissionError or IsADirectoryError when that is the cause) and
        leaves the catalog as it was. Views taken before (``cat.practices()``...) see the
        new records."""
        if isinstance(paths, (str, bytes, _os.PathLike)):
            paths = [paths]
        _c.shr_catalog_load_files(self._h, list(paths))
        return self

    def load_string(self, text, name=None):
        """Load a catalog document held in memory (str or bytes), reported as ``name`` in
        errors. Same behaviour as :meth:`load`."""
        if isinstance(text, str):
            text = text.encode("utf-8")
        _c.shr_catalog_load_buffer(self._h, name, text)
        return self

    def save(self, path):
        """Write the whole catalog as one format-v1 file, atomically. Raises Error (EIO)."""
        _c.shr_catalog_save(self._h, path)

    def save_snapshot(self, path):
        """Write the whole catalog as a binary snapshot (docs/snapshot.md), atomically;
        :meth:`load` opens it much faster than YAML. Raises Error (EIO)."""
        _c.shr_catalog_save_snapshot(self._h, path)

    @property
    def files(self):
        """Files loaded, in load order: list of (path, meta dict with title, source, licence,
        updated when given)."""
        return _c.shr_py_catalog_files(self._h)

    # ---- queries

    def query(self, expr="", sort=None, descending=False):
        """Practices selected by ``expr`` (query.md; "" selects all), as a Result.

        ``sort``: None (catalog order), "name", "started" or "id"; ``descending`` reverses it.
        Raises QueryError (``column`` in the expression), ValueError for an unknown sort."""
        return Result(self, expr, sort, descending)

    def count(self, expr=""):
        """Number of practices ``expr`` selects (without building a result). Raises QueryError."""
        return _c.shr_py_count(self._h, expr)

    def facets(self, expr="", by="category", within=False):
        """Counts of the practices of ``expr`` per value of ``by`` (one of DIMENSIONS): a dict
        key -> count in the dimension's natural order. ``within=True`` restricts the territorial values to the
        query's territory (its ``in:``/``at:`` terms): a practice counts only through its
        territories there, so ``facets("in:fr-dep-56", by="epci", within=True)`` lists the EPCIs
        of Morbihan alone; without ``in:``/``at:`` it changes nothing (docs/query.md, Panoramas)."""
        return self.query(expr).facets(by, within)

    def facet_table(self, expr="", by="category", lang="en", within=False):
        """Like :meth:`facets`, as a list of FacetValue (key, label, count, population)."""
        return self.query(expr).facet_table(by, lang, within)

    def crosstab(self, expr="", rows="department", cols="family", per=None, lang=None,
                 include_empty=False, exclude=(), within=False):
        """Cross-tabulate the practices of ``expr`` by ``rows`` and ``cols`` (DIMENSIONS).

        Returns a pandas DataFrame: index = row keys, columns = column keys, values =
        practice counts (int64). With ``lang`` ("fr" or "en"), index and columns get a second
        level, "label", with the labels in that language (the keys stay the first level:
        ``df.loc["fr-dep-56"]`` still works). Rows and columns with no practice are left out,
        except with ``include_empty=True``: then every territory of the ``rows`` level is a
        row, in catalog order, zero where it has no practice (the rate table of every
        department, say). ``exclude``: a tuple of "overseas" and "uninhabited" (see
        :attr:`Territory.overseas`, :attr:`Territory.uninhabited`) leaves those territories
        out of the rows; both options need a territorial ``rows`` (ValueError). With
        ``per=N`` (e.g. 10000) the counts become practices per N inhabitants of the row's
        territory (or of the column's, when only ``cols`` is territorial), float64, NaN where
        the population is unknown or 0; ValueError when neither dimension is territorial or
        ``per`` is not a positive number. ``df.attrs`` holds keys, labels and populations.
        ``within=True`` restricts territorial rows and columns to the query's territory (see
        :meth:`facets`)."""
        return self.query(expr).crosstab(rows, cols, per, lang, include_empty, exclude, within)

    def to_dataframe(self, expr=""):
        """The practices of ``expr`` as a pandas DataFrame, one row per practice, in result
        order, indexed by practice id (index named "id"). Columns (dtype): name (object);
        category, family, status (category); started, ended (Int64, <NA> when absent);
        territories (object: tuples of ids); department, region (object: the id of the
        department and of the region the practice's first territory is or lies in, None when
        there is none); axes, tags, actors (object: tuples of ids); description, address
        (object, None when absent); latitude, longitude (float64, NaN when absent). pandas is
        imported on the first call."""
        return self.query(expr).to_dataframe()

    def find_territories(self, name, kind=None):
        """Territories found by name, the way people type them: case, accents, hyphens and
        apostrophes do not matter ("epinal" finds "Épinal", "mont de marsan"
        "Mont-de-Marsan"). A list of Territory: those whose name is ``name`` first, then those
        whose name starts with it, each group in catalog order; only those of ``kind`` (one
        of TERRITORY_KINDS) when given. Empty when nothing matches. ValueError for an
        unknown kind, TypeError when ``name`` is not a str."""
        k = -1 if kind is None else _kind_code(kind)
        return [Territory(self, p) for p in _c.shr_py_find_territories(self._h, name, k)]

    def territories_frame(self, kind=None, exclude=()):
        """The territories (only those of ``kind`` when given) as a pandas DataFrame, in
        catalog order, indexed by territory id (index named "id"). Columns (dtype): name,
        kind, code (object; code None when absent); population (Int64, <NA> when unknown);
        parent (object: its parent's id or None); epci, department, region (object: the id
        of the EPCI, department and region the territory is or lies in, None when none; a
        department's department is itself); latitude, longitude (float64, NaN when absent).
        ``exclude``: a tuple of "overseas" and "uninhabited" leaves those territories out
        (see :attr:`Territory.overseas` and :attr:`Territory.uninhabited`). ValueError for an
        unknown kind or exclusion."""
        from . import _frames
        return _frames.territories_frame(self, kind, exclude)

    # ---- analyses (analysis.h), import (import.h), exports (export.h), report (report.h)

    def inspire(self, territory, peers=None, band=(0.5, 2.0), examples=3, query=None,
                by_distance=False):
        """What the peers of ``territory`` do that it does not: an Inspiration.

        ``territory``: a Territory or an id. Peers: the territories of the same kind whose
        population p lies in ``band`` (low * population <= p <= high * population), or the
        given ``peers`` (Territories or ids; the territory itself and repeats are skipped).
        A peer *has* a category when a practice of it is within the peer; ``share`` is the
        fraction of peers having it. ``lacks``: categories some peers have and the territory
        lacks, most shared first; ``has``: categories it has, rarest among peers first.
        ``examples``: example practices per category (0 for none). ``query``: only the
        practices it selects count. ``by_distance``: the examples of ``lacks`` are the peers'
        practices nearest to the territory (great circle), not one per peer first. Raises Error
        (ENOTFOUND for an unknown territory or peer; EINVAL for a bad band, a territory without
        population when peers are to be found, or without location with ``by_distance``),
        QueryError."""
        return _analyses.inspire(self, territory, peers, band, examples, query, by_distance)

    def comparison(self, territories, by="category", query=None):
        """Territories side by side on dimension ``by`` (a Comparison: counts, totals, CSV
        and JSON writers). ``territories``: a sequence of Territories or ids (repeats kept).
        ``by``: axis, category, family, status, actorkind, actorsector, role, tag or started
        (not a territory level). ``query``: only the practices it selects count. Raises Error
        (ENOTFOUND, EINVAL), QueryError, ValueError for an unknown dimension."""
        return _analyses.comparison(self, territories, by, query)

    def compare(self, territories, by="category", query=None, per=10000, lang=None):
        """Practices within each of ``territories`` per value of ``by``, as a pandas
        DataFrame (see :meth:`comparison` for the arguments and Comparison.to_dataframe for
        the shape): index = the values (keys, or their labels in ``lang``), columns =
        (measure, territory id) with measures "count" (int64) and "per_10000" (float64,
        practices per ``per`` inhabitants, NaN without population; left out when ``per`` is
        None). A practice counts once under each value it has. ``df.attrs["total"]``: the
        distinct practices within each territory."""
        return _analyses.comparison(self, territories, by, query).to_dataframe(per, lang)

    def network(self, query=None):
        """The cooperation network of the actors of the practices of ``query`` (None or "":
        every practice): a Network. Two actors are linked when they take part in the same
        practice; an edge's weight is the number of practices they share. Also lists the
        practices spanning several territories and the actors active in several departments.
        Raises QueryError."""
        r = None if not query else self.query(query)
        return _analyses.network(self, r, query)

    def import_csv(self, mapping, csv):
        """Read a spreadsheet (CSV) and resolve its rows against this catalog's communes with
        a mapping file: an Import (rows resolved and unresolved, counts per
        method; ``save(path)`` writes the catalog file).

        ``mapping`` and ``csv``: a path (str or os.PathLike), bytes (the document), or a file
        object (read; its name used in errors). Rows that cannot be imported do not fail the
        call. Raises LoadError for an unreadable file (EIO), a bad mapping (ESYNTAX, EFORMAT)
        or a bad CSV (EFORMAT: invalid UTF-8, unterminated quote, missing column...), with
        path, line and column; Error (ELIMIT) for a CSV over 512 MiB."""
        return _analyses.import_csv(self, mapping, csv)

    def export(self, expr, path, format=None, territory_location=False, schema=None,
               all_territories=False):
        """Write the practices of ``expr`` to ``path`` (see Result.export); returns the
        number of practices (GeoJSON: features) written."""
        return self.query(expr).export(path, format, territory_location, schema,
                                       all_territories)

    def export_sql(self, expr, path, schema=None, all_territories=False):
        """Write the practices of ``expr`` as an SQL script for PostgreSQL/PostGIS to ``path``
        (see Result.to_sql); returns the number of practices written."""
        return self.query(expr).to_sql(path, schema, all_territories)

    def report(self, territory, path=None, lang="fr", peers=None, band=(0.5, 2.0),
               max_peers_shown=15, max_inspirations=10, examples=3, generated=None):
        """The report of ``territory`` (a Territory or an id): one self-contained HTML page
        (key figures, charts by axis, family and year, comparison with peers, inspirations,
        practices, axes, sources) in ``lang`` ("fr" or "en").

        With ``path``, the page is written to that file atomically and None is returned;
        without, the page is returned as str. Peers as in :meth:`inspire` (``peers`` or the
        population ``band``). ``max_peers_shown``, ``max_inspirations``: None for all;
        ``generated``: a text for the footer (None: the page depends only on the catalog and
        the options). Raises Error (ENOTFOUND, EINVAL, EIO), ValueError for a language."""
        return _analyses.report(self, territory, path, lang, peers, band, max_peers_shown,
                                max_inspirations, examples, generated)

    def map(self, query="", by="department", per=10000, classes=5, lang="fr", title=None,
            outlines=None, path=None):
        """A choropleth map of the practices ``query`` selects per ``per`` inhabitants, by
        ``by`` ("department": the 101, overseas as insets; or "region"), in ``classes``
        quantile classes (2 to 7), texts in ``lang`` ("fr" or "en"), as SVG (docs/maps.md).

        Returns a Map: ``str(m)`` is the SVG document and Jupyter shows it inline
        (``_repr_svg_``). With ``path``, the map is written to that file atomically and None
        is returned. ``outlines``: another outlines file. Raises QueryError, Error (EIO,
        EFORMAT), ValueError/TypeError for bad arguments."""
        return _map.map_(self, query, by, per, classes, lang, title, outlines, path)


    # ---- records

    def territory(self, id):
        """The territory with this id (KeyError when there is none; see
        ``territories().get(id)`` for None instead)."""
        return self._lookup(Territory, _c.shr_catalog_territory, id)

    def actor(self, id):
        """The actor with this id (KeyError when there is none)."""
        return self._lookup(Actor, _c.shr_catalog_actor, id)

    def practice(self, id):
        """The practice with this id (KeyError when there is none)."""
        return self._lookup(Practice, _c.shr_catalog_practice, id)

    def axis(self, id):
        """The axis with this id (KeyError when there is none)."""
        return self._lookup(Axis, _c.shr_catalog_axis, id)

    def category(self, id):
        """The category with this id (KeyError when there is none)."""
        return self._lookup(Category, _c.shr_catalog_category, id)

    def _lookup(self, cls, fn, id):
        p = fn(self._h, id)
        if p is None:
            raise KeyError(id)
        return cls(self, p)

    def territories(self, kind=None):
        """Territories in catalog order (Records view), only those of ``kind`` (one of
        TERRITORY_KINDS) when given; ValueError for an unknown kind."""
        if kind is None:
            return Records(self, Territory, "territory", _c.shr_catalog_territory_count,
                           _c.shr_catalog_territory)
        k = _kind_code(kind)
        return Records(self, Territory, "territory", _c.shr_catalog_territory_count,
                       _c.shr_catalog_territory, k, lambda p: _c.shr_territory_kind_of(p) == k)

    def actors(self):
        """Actors in catalog order (Records view)."""
        return Records(self, Actor, "actor", _c.shr_catalog_actor_count, _c.shr_catalog_actor)

    def practices(self):
        """Practices in catalog order (Records view)."""
        return Records(self, Practice, "practice", _c.shr_catalog_practice_count,
                       _c.shr_catalog_practice)

    def axes(self):
        """The five axes, in format.md order (Records view)."""
        return Records(self, Axis, "axis", _c.shr_catalog_axis_count, _c.shr_catalog_axis)

    def categories(self):
        """Categories: built-in first (format.md order), then those added by files."""
        return Records(self, Category, "category", _c.shr_catalog_category_count,
                       _c.shr_catalog_category)

    def __repr__(self):
        if self._handle is None:
            return "<Catalog (closed)>"
        return (f"<Catalog: {_c.shr_catalog_territory_count(self._h)} territories, "
                f"{_c.shr_catalog_actor_count(self._h)} actors, "
                f"{_c.shr_catalog_practice_count(self._h)} practices>")

    def __reduce__(self):
        raise TypeError("Catalog cannot be pickled; save() it to a file instead")


# ---------------------------------------------------------------------------------- analyses

from . import _analyses  # noqa: E402  (needs the record classes above)
from ._analyses import (EXPORT_FORMATS, IMPORT_METHODS, NETWORK_TABLES,  # noqa: E402
                        Comparison, Import, ImportRow, Inspiration, InspirationRow, Network)


def import_csv(catalog, mapping, csv):
    """Same as ``catalog.import_csv(mapping, csv)``: the rows of a CSV file resolved against
    ``catalog`` with a mapping file (an Import)."""
    return catalog.import_csv(mapping, csv)


# ---------------------------------------------------------------------------------- actions

from . import _actions  # noqa: E402  (needs the record classes and the analyses above)
from ._actions import (ACTION_LISTS, AUDIENCES, EFFORTS, PHASES, STANCES,  # noqa: E402
                       Action, ActionList, Roadmap, RoadmapRow)

_actions._attach(Catalog)
# ---------------------------------------------------------------------------------- maps

from . import _map  # noqa: E402  (needs _lang above)
from ._map import MAP_LEVELS, Map  # noqa: E402
