"""Compact HTML tables for Jupyter (`_repr_html_` of Result, Facets, Inspiration, Roadmap).

Every text from the data is escaped (html.escape, quotes too); at most MAX_ROWS rows are shown,
with a last row saying how many are left out. No script, no style sheet: a plain <table> that
notebooks style themselves."""
from html import escape as _escape

MAX_ROWS = 20


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return _escape(str(value), quote=True)


def table(caption, headers, rows, total=None):
    """An HTML table: ``caption`` (text), ``headers`` (list of text), ``rows`` (iterable of
    lists of values; only the first MAX_ROWS are read), ``total`` the number of rows when the
    iterable holds more (None: len of what was given)."""
    shown = []
    for row in rows:
        if len(shown) == MAX_ROWS:
            break
        shown.append(row)
    total = len(shown) if total is None else total
    out = ['<table class="sharitories">', f"<caption>{_cell(caption)}</caption>", "<thead><tr>"]
    out += [f'<th style="text-align:left">{_cell(h)}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for row in shown:
        out.append("<tr>" + "".join(f'<td style="text-align:left">{_cell(v)}</td>'
                                    for v in row) + "</tr>")
    if total > len(shown):
        out.append(f'<tr><td colspan="{len(headers)}">… {total - len(shown)} more</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def result(r):
    rows = ([p.id, p.name, p.category,
             ", ".join(t.name for t in p.territories), p.status, p.started]
            for p in r[:MAX_ROWS])
    return table(f"Result {r.expr!r}: {len(r)} practices",
                 ["id", "name", "category", "territories", "status", "started"], rows, len(r))


def facets(f):
    return table(f"Practices by {f.by}", [f.by, "practices"], list(f.items()), len(f))


def inspiration(i):
    def rows(lst):
        return ([r.category, r.family, f"{r.peers_with}/{r.peers}", r.share, r.own,
                 "; ".join(f"{p.name} ({t.name})" for p, t in zip(r.examples,
                                                                  r.example_territories))]
                for r in lst[:MAX_ROWS])
    head = ["category", "family", "peers with it", "share", "own", "examples"]
    name = f"{i.territory.name} ({i.territory.id}), {len(i.peers)} peers"
    return (table(f"{name}: what peers do and it lacks", head, rows(i.lacks), len(i.lacks)) +
            table(f"{name}: what it has that few peers have", head, rows(i.has), len(i.has)))


def roadmap(m):
    rows = ([r.rank, r.action.id, r.action.title(m.lang), r.action.phase, r.score,
             f"{r.peers_having}/{r.peers}", r.local_count,
             "; ".join(f"{p.name} ({t.name})" for p, t in zip(r.examples,
                                                              r.example_territories))]
            for r in m.rows[:MAX_ROWS])
    return table(f"Roadmap of {m.territory.name} ({m.territory.id}), {len(m.peers)} peers",
                 ["rank", "action", "title", "phase", "score", "peers with it", "local",
                  "examples"], rows, len(m.rows))
