"""Catalog.map(): the SVG choropleth (map.h) from Python."""
import xml.etree.ElementTree as ET

import pytest

import sharitories

NS = "{http://www.w3.org/2000/svg}"


def test_map_str_and_repr_svg(default):
    m = default.map("tag:cget-2019")
    assert isinstance(m, sharitories.Map)
    svg = str(m)
    assert svg.startswith("<?xml") and m._repr_svg_() == svg == m.svg
    root = ET.fromstring(svg.encode("utf-8"))
    paths = root.findall(f".//{NS}path")
    assert len(paths) == 101
    assert root.find(f"{NS}title").text == "Pratiques pour 10\u202f000 habitants, par département"
    assert "tag:cget-2019" in root.find(f"{NS}desc").text
    assert "Map by department" in repr(m)


def test_map_options(default, tmp_path):
    m = default.map(by="region", per=100000, classes=3, lang="en", title="Tiers-lieux & co")
    root = ET.fromstring(m.svg.encode("utf-8"))
    assert len(root.findall(f".//{NS}path")) == 18
    assert root.find(f"{NS}title").text == "Tiers-lieux & co"
    assert root.get("lang") == "en"
    out = tmp_path / "map.svg"
    assert default.map("category:fablab", path=out) is None
    assert out.read_text(encoding="utf-8") == str(default.map("category:fablab"))
    m.save(tmp_path / "m2.svg")
    assert (tmp_path / "m2.svg").read_text(encoding="utf-8") == m.svg


def test_map_errors(default, tmp_path):
    with pytest.raises(sharitories.QueryError) as e:
        default.map("category:fablab colour:red")
    assert e.value.column == 17
    with pytest.raises(ValueError):
        default.map(by="commune")
    with pytest.raises(ValueError):
        default.map(per=0)
    with pytest.raises(ValueError):
        default.map(classes=9)
    with pytest.raises(TypeError):
        default.map(classes="5")
    with pytest.raises(ValueError):
        default.map(lang="de")
    with pytest.raises(ValueError):
        default.map("fablab\0colour")
    with pytest.raises(sharitories.Error):
        default.map(outlines=tmp_path / "none.yaml")


INSPIRE_YAML = """sharitories: 1
territories:
  - {id: lorient, name: Lorient, kind: commune, population: 57000, location: [47.7483, -3.37]}
  - {id: paris, name: Paris, kind: commune, population: 60000, location: [48.8566, 2.3522]}
  - {id: vannes, name: Vannes, kind: commune, population: 54000, location: [47.6582, -2.7608]}
practices:
  - {id: f-paris, name: x, category: fablab, territories: [paris]}
  - {id: f-vannes, name: x, category: fablab, territories: [vannes]}
"""


def test_inspire_by_distance():
    cat = sharitories.Catalog()
    cat.load_string(INSPIRE_YAML)
    ids = lambda insp: [p.id for p in insp.lacks[0].examples]  # noqa: E731
    assert ids(cat.inspire("lorient", examples=1)) == ["f-paris"]
    assert ids(cat.inspire("lorient", examples=1, by_distance=True)) == ["f-vannes"]
    with pytest.raises(TypeError):
        cat.inspire("lorient", by_distance="yes")
