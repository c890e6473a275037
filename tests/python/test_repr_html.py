"""Jupyter: _repr_html_ of Result, Facets and Inspiration (compact tables, texts escaped)."""
import html
import xml.etree.ElementTree as ET

import sharitories
from sharitories import _html

HOSTILE = """
sharitories: 1
territories:
  - {id: t1, name: "<script>alert('t')</script> & Cie", kind: commune, population: 1000}
practices:
  - id: p1
    name: "<img src=x onerror=alert(1)> \\"quoted\\" & 'single'"
    category: fablab
    territories: [t1]
    started: 2020
"""


def parse(text):
    """The HTML is well-formed XML (no raw < or & from the data): parse it."""
    return ET.fromstring(f"<div>{text}</div>")


def test_result_html_escapes():
    cat = sharitories.Catalog().load_string(HOSTILE, "hostile.yaml")
    r = cat.query("")
    text = r._repr_html_()
    assert "<script" not in text and "<img" not in text
    assert html.escape("<img src=x onerror=alert(1)>") in text
    root = parse(text)
    cells = [td.text for td in root.iter("td")]
    assert cells[0] == "p1"
    assert cells[1] == "<img src=x onerror=alert(1)> \"quoted\" & 'single'"
    assert cells[3] == "<script>alert('t')</script> & Cie"
    assert root.find("table/caption").text == "Result '': 1 practices"


def test_result_html_is_compact(default):
    r = default.query("")
    root = parse(r._repr_html_())
    rows = root.findall("table/tbody/tr")
    assert len(rows) == _html.MAX_ROWS + 1
    assert rows[-1].find("td").text == f"… {len(r) - _html.MAX_ROWS} more"
    assert [th.text for th in root.iter("th")] == ["id", "name", "category", "territories",
                                                   "status", "started"]


def test_facets_html(default):
    f = default.facets("in:fr-reg-53", by="family")
    assert isinstance(f, dict) and f.by == "family"
    assert f == dict(default.query("in:fr-reg-53").facets("family"))
    root = parse(f._repr_html_())
    got = {tr[0].text: int(tr[1].text) for tr in root.findall("table/tbody/tr")}
    assert got == dict(f)


def test_inspiration_html(default):
    insp = default.inspire("fr-com-56121")
    text = insp._repr_html_()
    root = parse(text)
    tables = root.findall("table")
    assert len(tables) == 2
    assert "Lorient" in tables[0].find("caption").text
    first = tables[0].find("tbody/tr")
    if insp.lacks:
        assert first[0].text == insp.lacks[0].category
        assert first[2].text == f"{insp.lacks[0].peers_with}/{insp.lacks[0].peers}"


def test_roadmap_html(default):
    m = default.roadmap("fr-com-56121", lang="en")
    root = parse(m._repr_html_())
    assert "Lorient" in root.find("table/caption").text
    assert [th.text for th in root.iter("th")][:3] == ["rank", "action", "title"]
    rows = root.findall("table/tbody/tr")
    assert len(rows) == min(len(m), _html.MAX_ROWS) and len(m) > 0
    assert rows[0][1].text == m[0].action.id
    assert rows[0][2].text == m[0].action.title("en")
    assert rows[0][5].text == f"{m[0].peers_having}/{m[0].peers}"


def test_map_svg(default):
    m = default.map("category:repair_cafe", by="region")
    svg = m._repr_svg_()
    assert svg == str(m)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
