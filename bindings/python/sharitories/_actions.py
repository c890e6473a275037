"""Fiches-actions (action.h) and a territory's feuille de route (roadmap.h, docs/roadmap.md).

``Catalog.actions()``, ``Catalog.action(id)`` and ``Catalog.roadmap(...)`` are defined here and
attached to Catalog by the package (see the end of __init__.py). The roadmap's C object is owned
by a SWIG wrapper (shr_py_roadmap) that frees it and then releases the catalog; the Python
objects below convert the C data once, in one C call, when they are made.
"""

from collections import namedtuple as _namedtuple

from . import _core as _c
from . import Actor, Practice, Territory, _lang
from ._analyses import _band, _count, _handle, _territory_id, _territory_ids

AXES = ("contributors", "public_actor", "solidarity", "co_production", "shared_resources")
PHASES = tuple(_c.shr_action_phase_name(i) for i in range(_c.SHR_PHASE_COUNT))
EFFORTS = tuple(_c.shr_action_effort_name(i) for i in range(_c.SHR_EFFORT_COUNT))
STANCES = tuple(_c.shr_action_stance_name(i) for i in range(_c.SHR_STANCE_COUNT))
AUDIENCES = tuple(_c.shr_audience_name(i) for i in range(_c.SHR_AUDIENCE_COUNT))
ACTION_LISTS = tuple(_c.shr_action_list_name(i) for i in range(_c.SHR_ACTION_LIST_COUNT))
LEAD_SECTORS = ("public", "private", "citizen")


class Action:
    """A fiche-action of the référentiel d'actions (the ``actions`` of a catalog file).

    Attributes: ``id``; ``phase`` (awareness, facilitation, construction), ``effort`` (low,
    medium, high), ``stance`` (forbid, regulate, facilitate), ``horizon`` (months);
    ``axes``, ``categories`` (ids), ``audience``, ``lead``, ``partners`` (names), in the order
    written; ``links``, ``sources`` (str). Texts in French or English by method:
    ``title(lang)``, ``summary(lang)``, ``challenge(lang)``, ``items(list, lang)`` for the
    lists ``steps``, ``levers``, ``risks``, ``good_practices``, ``indicators`` (also the
    shortcut ``steps(lang)``). Keeps its catalog alive.
    """

    __slots__ = ("_cat", "_p", "id", "phase", "effort", "stance", "horizon", "axes",
                 "categories", "audience", "lead", "partners", "_items", "links", "sources")

    def __init__(self, catalog, pointer):
        self._cat = catalog
        self._p = pointer
        self.id = _c.shr_action_id(pointer)
        self.phase = PHASES[_c.shr_action_phase_of(pointer)]
        self.effort = EFFORTS[_c.shr_action_effort_of(pointer)]
        self.stance = STANCES[_c.shr_action_stance_of(pointer)]
        self.horizon = _c.shr_action_horizon(pointer)
        (self.axes, self.categories, self.audience, self.lead, self.partners, self._items,
         self.links, self.sources) = _c.shr_py_action_data(pointer)

    @property
    def catalog(self):
        """The Catalog this fiche belongs to."""
        return self._cat

    def title(self, lang="en"):
        """Title in ``lang`` ("fr" or "en")."""
        return _c.shr_action_title(self._p, _lang(lang))

    def summary(self, lang="en"):
        """Summary in ``lang``: what it is and why."""
        return _c.shr_action_summary(self._p, _lang(lang))

    def challenge(self, lang="en"):
        """The issue of mid-sized towns it answers, in ``lang``."""
        return _c.shr_action_challenge(self._p, _lang(lang))

    def items(self, list="steps", lang="en"):
        """The items of one list (one of ACTION_LISTS), in order, in ``lang``."""
        if list not in ACTION_LISTS:
            raise ValueError(f"unknown list {list!r} (expected one of {', '.join(ACTION_LISTS)})")
        return [pair[0 if _lang(lang) == "fr" else 1] for pair in self._items[list]]

    def steps(self, lang="en"):
        """The ordered steps in ``lang``."""
        return self.items("steps", lang)

    def to_markdown(self, lang="fr"):
        """The fiche in full as printable Markdown (str), as ``sharitories actions show``."""
        import os
        import tempfile
        fd, path = tempfile.mkstemp(suffix=".md")
        os.close(fd)
        try:
            _c.shr_action_write_md_file(self._p, _lang(lang), path)
            with open(path, encoding="utf-8") as f:
                return f.read()
        finally:
            os.unlink(path)

    def to_dict(self, lang="en"):
        """The fiche as a dict of plain values, texts in ``lang``."""
        d = {"id": self.id, "title": self.title(lang), "summary": self.summary(lang),
             "challenge": self.challenge(lang), "axes": list(self.axes),
             "categories": list(self.categories), "audience": list(self.audience),
             "lead": list(self.lead), "partners": list(self.partners), "stance": self.stance,
             "phase": self.phase, "effort": self.effort, "horizon": self.horizon}
        for name in ACTION_LISTS:
            d[name] = self.items(name, lang)
        d["links"] = list(self.links)
        d["sources"] = list(self.sources)
        return d

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return other._cat is self._cat and other.id == self.id

    def __hash__(self):
        return hash((id(self._cat), "action", self.id))

    def __repr__(self):
        return f"<Action {self.id!r} {self.title('en')!r}>"

    def __reduce__(self):
        raise TypeError("Action cannot be pickled; pickle its id instead")



def actions_dataframe(actions, lang="en"):
    """A list of Action as a pandas DataFrame, one row per fiche (``Action.to_dict`` columns
    but the long lists; lists as tuples)."""
    import pandas as pd
    cols = ["id", "title", "phase", "effort", "horizon", "stance", "axes", "categories",
            "audience", "lead", "partners", "summary"]
    rows = []
    for a in actions:
        d = a.to_dict(lang)
        rows.append({k: (tuple(d[k]) if isinstance(d[k], list) else d[k]) for k in cols})
    df = pd.DataFrame(rows, columns=cols)
    if len(df):
        df["horizon"] = df["horizon"].astype("int64")
    return df


def catalog_actions(cat, axis=None, category=None, lead=None):
    if axis is not None and axis not in AXES:
        raise ValueError(f"unknown axis {axis!r} (expected one of {', '.join(AXES)})")
    if category is not None:
        if not isinstance(category, str):
            category = category.id
        if _c.shr_catalog_category(cat._h, category) is None:
            raise ValueError(f"unknown category {category!r}")
        category = _c.shr_category_id(_c.shr_catalog_category(cat._h, category))
    if lead is not None and lead not in LEAD_SECTORS:
        raise ValueError(f"unknown lead sector {lead!r} (expected public, private or citizen)")
    out = []
    for p in _c.shr_py_catalog_actions(cat._h):
        a = Action(cat, p)
        if axis is not None and axis not in a.axes:
            continue
        if category is not None and category not in a.categories:
            continue
        if lead is not None and lead not in a.lead:
            continue
        out.append(a)
    return ActionList(out)


class ActionList(list):
    """A list of Action with a DataFrame helper: ``to_dataframe(lang="en")``."""

    def to_dataframe(self, lang="en"):
        """One row per fiche: id, title (in ``lang``), phase, effort, horizon (int64), stance,
        axes, categories, audience, lead, partners (tuples), summary."""
        return actions_dataframe(self, _lang(lang))


def catalog_action(cat, id):
    p = _c.shr_catalog_action(cat._h, id)
    return None if p is None else Action(cat, p)


# ---------------------------------------------------------------------------------- roadmap

RoadmapRow = _namedtuple(
    "RoadmapRow", "rank action score gap weakness lead category peers_having peers own_count "
    "local_count weak_axis why leads lead_total examples example_territories distances_km")
RoadmapRow.__doc__ = """One recommendation of a roadmap (docs/roadmap.md).

rank (1, 2, ...); action (Action); score, gap, weakness, lead (float in [0, 1]); category: the
fiche's category with the largest gap (id); peers_having / peers: peers having it; own_count,
local_count: its practices within the territory, within it or its EPCI; weak_axis: axis id or
None; why: the reason with numbers, in the roadmap's language; leads: possible leads (list of
Actor) of lead_total in all; examples: nearest peers' practices (list of Practice),
example_territories (list of Territory), distances_km (float, None when unknown)."""


class Roadmap:
    """A territory's feuille de route: the fiches-actions ranked from evidence (see
    :meth:`Catalog.roadmap` and docs/roadmap.md).

    Attributes: ``territory`` (Territory), ``peers`` (list of Territory: the same as
    ``inspire``'s), ``lang``, ``rows`` (list of RoadmapRow, best first). ``why(i, lang)`` gives
    the reason in the other language too. Keeps its catalog alive.
    """

    __slots__ = ("_cat", "_h", "territory", "peers", "lang", "rows", "_why")

    def __init__(self, catalog, handle, lang):
        self._cat = catalog
        self._h = handle
        self.lang = lang
        territory, peers, recs = _c.shr_py_roadmap_data(handle)
        self.territory = Territory(catalog, territory)
        self.peers = [Territory(catalog, p) for p in peers]
        self.rows = []
        self._why = []
        axes = AXES
        for i, r in enumerate(recs):
            (action, score, gap, weakness, lead, category, having, own, local, weak, why_fr,
             why_en, lead_total, leads, examples) = r
            self._why.append((why_fr, why_en))
            self.rows.append(RoadmapRow(
                i + 1, Action(catalog, action), score, gap, weakness, lead, category, having,
                len(self.peers), own, local, axes[weak] if weak >= 0 else None,
                why_fr if lang == "fr" else why_en, [Actor(catalog, a) for a in leads],
                lead_total, [Practice(catalog, p) for p, _t, _k in examples],
                [Territory(catalog, t) for _p, t, _k in examples],
                [k if k >= 0 else None for _p, _t, k in examples]))

    @property
    def catalog(self):
        """The Catalog analysed."""
        return self._cat

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    def why(self, i, lang="en"):
        """The reason of recommendation ``i`` (0-based) in ``lang``."""
        return self._why[i][0 if _lang(lang) == "fr" else 1]

    def to_dataframe(self):
        """One row per recommendation, in rank order. Columns: rank, action, title (in the
        roadmap's language), score, peers_having, peers, local_count, examples (str: ids
        separated by ';', as the CSV), category, own_count, weak_axis, phase, effort, horizon,
        gap, weakness, lead, leads (str), why. The territory's id is in ``df.attrs``."""
        import pandas as pd
        cols = ["rank", "action", "title", "score", "peers_having", "peers", "local_count",
                "examples", "category", "own_count", "weak_axis", "phase", "effort", "horizon",
                "gap", "weakness", "lead", "leads", "why"]
        data = {c: [] for c in cols}
        for r in self.rows:
            a = r.action
            vals = {"rank": r.rank, "action": a.id, "title": a.title(self.lang),
                    "score": r.score, "peers_having": r.peers_having, "peers": r.peers,
                    "local_count": r.local_count,
                    "examples": ";".join(p.id for p in r.examples), "category": r.category,
                    "own_count": r.own_count, "weak_axis": r.weak_axis, "phase": a.phase,
                    "effort": a.effort, "horizon": a.horizon, "gap": r.gap,
                    "weakness": r.weakness, "lead": r.lead,
                    "leads": ";".join(x.id for x in r.leads), "why": r.why}
            for c in cols:
                data[c].append(vals[c])
        df = pd.DataFrame(data, columns=cols)
        for c in ("rank", "peers_having", "peers", "local_count", "own_count", "horizon"):
            df[c] = df[c].astype("int64")
        for c in ("score", "gap", "weakness", "lead"):
            df[c] = df[c].astype("float64")
        df.attrs["territory"] = self.territory.id
        return df

    def to_csv(self, path):
        """Write the roadmap as CSV. Raises Error (EIO)."""
        _c.shr_roadmap_write_csv_file(self._h, path)

    def to_json(self, path):
        """Write the roadmap as one JSON object. Raises Error (EIO)."""
        _c.shr_roadmap_write_json_file(self._h, path)

    def to_markdown(self, path):
        """Write the printable roadmap (Markdown, grouped by phase). Raises Error (EIO)."""
        _c.shr_roadmap_write_md_file(self._h, path)


    def __repr__(self):
        return (f"<Roadmap {self.territory.id!r}: {len(self.peers)} peers, "
                f"{len(self.rows)} recommendations>")

    def _repr_html_(self):
        """Jupyter: the recommendations as a compact table (_html.py)."""
        from . import _html
        return _html.roadmap(self)


def roadmap(cat, territory, peers=None, band=(0.5, 2.0), top=10, examples=3, lang="fr"):
    tid = _territory_id(cat, territory)
    ids = _territory_ids(cat, peers, "peers")
    low, high = _band(band)
    handle = _handle(_c.shr_py_roadmap_compute(cat._h, tid, ids, low, high,
                                               _count(top, "top"), _count(examples, "examples"),
                                               _lang(lang)))
    return Roadmap(cat, handle, lang)


def _attach(Catalog):
    """Add actions(), action() and roadmap() to Catalog."""

    def actions(self, axis=None, category=None, lead=None):
        """The fiches-actions of the catalog (the référentiel d'actions), in catalog order, as
        a list of Action (with ``to_dataframe(lang)``); only those with ``axis`` (an axis id),
        ``category`` (a category id or Category) and ``lead`` (public, private, citizen) when
        given. ValueError for an unknown axis, category or sector."""
        return catalog_actions(self, axis, category, lead)

    def action(self, id):
        """The fiche-action with this id, or None."""
        return catalog_action(self, id)

    def roadmap_(self, territory, peers=None, band=(0.5, 2.0), top=10, examples=3, lang="fr"):
        """The feuille de route of ``territory`` (a Territory or an id): a Roadmap, the
        fiches-actions ranked from evidence (docs/roadmap.md). Peers as in :meth:`inspire`
        (the same ones); ``top``: recommendations kept (0: every fiche that scores);
        ``examples``: nearest peer examples per recommendation; ``lang``: "fr" or "en" for
        the titles and the why. Raises Error (ENOTFOUND, EINVAL), ValueError."""
        return roadmap(self, territory, peers, band, top, examples, lang)

    roadmap_.__name__ = "roadmap"
    Catalog.actions = actions
    Catalog.action = action
    Catalog.roadmap = roadmap_
