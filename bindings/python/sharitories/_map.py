"""Maps: a choropleth of practices per 10,000 inhabitants by department or region, as SVG
(map.h, docs/maps.md)."""

from . import _core as _c
from . import _lang

MAP_LEVELS = ("department", "region")


class Map:
    """An SVG map. ``str(m)`` (or ``m.svg``) is the SVG document; Jupyter shows it inline
    (``_repr_svg_``); :meth:`save` writes it to a file."""

    __slots__ = ("svg", "query", "by", "per")

    def __init__(self, svg, query, by, per):
        self.svg = svg
        self.query = query
        self.by = by
        self.per = per

    def __str__(self):
        return self.svg

    def _repr_svg_(self):
        return self.svg

    def __repr__(self):
        return f"<Map by {self.by} per {self.per:g} of {self.query!r}: {len(self.svg)} bytes of SVG>"

    def save(self, path):
        """Write the SVG document to ``path`` (UTF-8)."""
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(self.svg)


def _text(value, what):
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str or None, not {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"{what} contains a NUL character")
    return value


def map_(cat, query="", by="department", per=10000, classes=5, lang="fr", title=None,
         outlines=None, path=None):
    query = _text(query, "query") or ""
    if by not in MAP_LEVELS:
        raise ValueError(f"by must be 'department' or 'region', not {by!r}")
    if isinstance(per, bool) or not isinstance(per, (int, float)):
        raise TypeError(f"per must be a number, not {type(per).__name__}")
    if not per > 0 or per == float("inf"):
        raise ValueError(f"per must be a positive number, not {per!r}")
    if isinstance(classes, bool) or not isinstance(classes, int):
        raise TypeError(f"classes must be an int, not {type(classes).__name__}")
    if not 2 <= classes <= 7:
        raise ValueError(f"classes must be from 2 to 7, not {classes}")
    title = _text(title, "title")
    if outlines is not None:
        import os
        outlines = _text(os.fspath(outlines), "outlines")
    svg = _c.shr_py_map(cat._h, query, by, float(per), classes, _lang(lang), title, outlines, path)
    return None if path is not None else Map(svg, query, by, per)
