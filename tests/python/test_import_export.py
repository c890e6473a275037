"""Spreadsheet import (import.h), exports of results (export.h) and the territory report
(report.h), checked against the records and the source files."""
import csv
import html.parser
import io
import json
import math

import pytest

import sharitories
from sharitories import Catalog, Error, LoadError, errors

from conftest import SOURCE_ROOT

CGET_CSV = SOURCE_ROOT / "tests" / "data" / "cget-tiers-lieux-2019" / "tiers-lieux.csv"
CGET_MAP = SOURCE_ROOT / "examples" / "import" / "cget-tiers-lieux-2019.mapping.yaml"

MAPPING = """\
sharitories_import: 1
columns:
  id: ID
  name: NAME
  category: KIND
  commune_code: CODE
  postal_code: CP
  commune_name: TOWN
  latitude: LAT
  longitude: LON
  link: WEB
categories:
  "repair": repair_cafe
  "": coworking
constants:
  id_prefix: "imp-"
  tags: [imported]
meta: {title: "Test import"}
"""

ROWS = """\
ID,NAME,KIND,CODE,CP,TOWN,LAT,LON,WEB
1,Repair One,repair,00001,,,47.5,2.25,www.repair.example
2,Old code,,00009,,,,,
3,By name,,,10001,townsville,,,not a link
4,Nowhere,repair,99999,,,,,
5,,repair,00001,,,,,
6,Bad cat,unknown,00001,,,,,
1,Dup,repair,00001,,,,,
"""


@pytest.fixture(scope="module")
def territories():
    """The bundled territories alone (no practices): what the CGET file is resolved against."""
    return Catalog(sharitories.data_dir() + "/fr-territories-2026.yaml")


@pytest.fixture(scope="module")
def cget(territories):
    return territories.import_csv(CGET_MAP, CGET_CSV)


# ---------------------------------------------------------------------------------- import


def test_import_cget_counts(cget):
    assert len(cget) == 1512
    # without outlines (the bundled file also places 46 rows by their point: 1,503)
    assert len(cget.resolved) == 1457 and len(cget.unresolved) == 55
    assert cget.counts["rejected"] == 55
    assert cget.counts["department+name"] == 12 and cget.counts["outline"] == 0
    assert sum(cget.counts.values()) == len(cget)
    assert list(cget.counts) == list(sharitories.IMPORT_METHODS)
    assert sum(v for k, v in cget.counts.items() if k != "rejected") == 1457
    for row in cget.unresolved:
        assert row.method == "rejected" and row.reason and row.territory is None and row.line > 1
    for row in cget.resolved:
        assert row.method != "rejected" and row.reason is None and row.territory is not None
    assert repr(cget) == "<Import: 1512 rows, 1457 resolved, 55 unresolved>"


def test_import_cget_rows_match_source(cget):
    with open(CGET_CSV, newline="", encoding="utf-8-sig") as f:
        source = {r["ID"]: r for r in csv.DictReader(f)}
    assert len(source) == len(cget)
    for row in cget:
        src = source[row.id[len("cget-tl-"):]]
        assert row.name == src["NOM_TL"].strip()
        t = row.territory
        if row.method == "code":
            assert t.code == src["INSEECOM"] and t.kind == "commune"
        elif row.method == "former":
            assert src["INSEECOM"] in t.former_codes
        elif row.method == "district":
            assert t.code == src["INSEECOM"] and t.kind == "district"
        elif row.method == "postal+name":
            assert src["CP"] in t.postal_codes
        if row.location is not None:
            assert row.location == pytest.approx((float(src["LAT"]), float(src["LONG"])))
    # the rows the bundled data leaves out (built with outlines too) are left out here
    with open(SOURCE_ROOT / "data" / "tiers-lieux-cget-2019.unresolved.csv", newline="",
              encoding="utf-8") as f:
        expected = {r["id"] for r in csv.DictReader(f)}
    assert len(expected) == 9
    assert expected < {r.id for r in cget.unresolved}


def test_import_cget_save_loads_back(cget, territories, default, tmp_path):
    out = tmp_path / "tiers-lieux.yaml"
    cget.save(out)
    cat = Catalog(sharitories.data_dir() + "/fr-territories-2026.yaml").load(out)
    assert cat.count("tag:cget-2019") == 1457
    # among the practices of the bundled tiers-lieux file, built by tools/build_data.py
    assert set(cat.query("tag:cget-2019").ids()) < set(default.query("tag:cget-2019").ids())
    assert default.count("tag:cget-2019") == 1503
    for row in cget.resolved[:200]:
        p = cat.practice(row.id)
        assert [t.id for t in p.territories] == [row.territory.id]
        assert p.category == row.category and p.name == row.name
    assert cat.files[-1][1]["title"].startswith("Tiers-lieux en France")
    cget.to_yaml(tmp_path / "plain.yaml")
    assert Catalog(sharitories.data_dir() + "/fr-territories-2026.yaml").load(
        tmp_path / "plain.yaml").count() == 1457
    cget.rejected_to_csv(tmp_path / "rejected.csv")
    with open(tmp_path / "rejected.csv", newline="", encoding="utf-8") as f:
        rejected = list(csv.DictReader(f))
    assert [(int(r["line"]), r["reason"]) for r in rejected] == [
        (r.line, r.reason) for r in cget.unresolved]


def test_import_dataframe(cget):
    df = cget.to_dataframe()
    assert len(df) == 1512
    assert df["method"].value_counts().to_dict() == {k: v for k, v in cget.counts.items()}
    assert str(df["line"].dtype) == "int64" and str(df["latitude"].dtype) == "float64"
    assert df["reason"].notna().sum() == 55
    located = sum(r.location is not None for r in cget)
    assert df["latitude"].notna().sum() == located


def test_import_small_fixture_from_memory(small):
    imp = sharitories.import_csv(small, io.StringIO(MAPPING), io.BytesIO(ROWS.encode()))
    assert [(r.line, r.method, r.id) for r in imp] == [
        (2, "code", "imp-1"), (3, "former", "imp-2"), (4, "postal+name", "imp-3"),
        (5, "rejected", "imp-4"), (6, "rejected", "imp-5"), (7, "rejected", "imp-6"),
        (8, "rejected", None)]
    first = imp[0]
    assert first.territory == small.territory("t-town") and first.category == "repair_cafe"
    assert first.location == (47.5, 2.25) and first.link == "https://www.repair.example"
    assert imp[1].category == "coworking"  # the "" value of the mapping
    assert "99999" in imp[3].reason and imp[4].reason == "no name"
    assert "unknown" in imp[5].reason and "duplicate" in imp[6].reason
    assert imp.warnings == [(4, "link 'not a link' dropped: not a URL")]
    assert imp.counts == {"code": 1, "former": 1, "district": 0, "postal+name": 1,
                          "department+name": 0, "epci": 0, "outline": 0, "rejected": 4}
    assert imp.catalog is small


def test_import_paths_and_bytes_agree(small, tmp_path):
    (tmp_path / "m.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "r.csv").write_text(ROWS, encoding="utf-8")
    a = small.import_csv(tmp_path / "m.yaml", str(tmp_path / "r.csv"))
    b = small.import_csv(MAPPING.encode(), ROWS.encode())
    assert a.rows == b.rows
    with open(tmp_path / "r.csv", encoding="utf-8") as f:  # a text file: its name in errors
        c = small.import_csv(tmp_path / "m.yaml", f)
    assert c.rows == a.rows


@pytest.mark.parametrize("mapping,rows,line,column,fragment", [
    ("sharitories_import: 1\ncolumns: {name: NAME, colour: X}\nconstants: {category: fablab}\n",
     "NAME\nx\n", 2, 23, "colour"),
    ("sharitories_import: 1\ncolumns: {name: NAME}\nconstants: {category: no_such}\n",
     "NAME\nx\n", 3, None, "no_such"),
    ("sharitories_import: 1\ncolumns: {name: NAME\n", "NAME\nx\n", None, None, ""),
])
def test_import_mapping_errors(small, tmp_path, mapping, rows, line, column, fragment):
    path = tmp_path / "bad.mapping.yaml"
    path.write_text(mapping, encoding="utf-8")
    with pytest.raises(LoadError) as exc:
        small.import_csv(path, rows.encode())
    e = exc.value
    assert e.path == str(path) and fragment in e.message
    assert e.code in (errors.EFORMAT, errors.ESYNTAX)
    if line is not None:
        assert e.line == line
    if column is not None:
        assert e.column == column
    assert str(e).startswith(str(path) + ":")


@pytest.mark.parametrize("rows,line,column,fragment", [
    (b'NAME\n"abc\n', 2, 1, "quote"),
    (b"NAME\nab\xffc\n", 2, 3, "UTF-8"),
])
def test_import_csv_errors(small, tmp_path, rows, line, column, fragment):
    mapping = b"sharitories_import: 1\ncolumns: {name: NAME}\nconstants: {category: fablab}\n"
    path = tmp_path / "sheet.csv"
    path.write_bytes(rows)
    with pytest.raises(LoadError) as exc:
        small.import_csv(mapping, path)
    e = exc.value
    assert e.code == errors.EFORMAT and e.path == str(path) and e.line == line
    if column is not None:
        assert e.column == column
    assert fragment.lower() in e.message.lower()


def test_import_column_missing_from_header(small, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("sharitories_import: 1\ncolumns: {name: NAME}\n"
                       "constants: {category: fablab}\n", encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("OTHER\nx\n", encoding="utf-8")
    with pytest.raises(LoadError) as exc:
        small.import_csv(mapping, sheet)
    e = exc.value  # located at the mapping's node that names the column
    assert e.code == errors.EFORMAT and e.path == str(mapping) and e.line == 2
    assert "'NAME'" in e.message and str(sheet) in e.message


def test_import_missing_files_and_types(small, tmp_path):
    with pytest.raises(LoadError) as exc:
        small.import_csv(tmp_path / "none.yaml", b"NAME\n")
    assert exc.value.code == errors.EIO and exc.value.path.endswith("none.yaml")
    with pytest.raises(LoadError) as exc:
        small.import_csv(MAPPING.encode(), tmp_path / "none.csv")
    assert exc.value.code == errors.EIO
    with pytest.raises(TypeError):
        small.import_csv(42, b"")
    imp = small.import_csv(MAPPING.encode(), ROWS.encode())
    with pytest.raises(Error) as exc:  # a save error is not a LoadError
        imp.save(tmp_path / "no-dir" / "x.yaml")
    assert exc.value.code == errors.EIO and not isinstance(exc.value, LoadError)


# ---------------------------------------------------------------------------------- export

FIELDS = ["id", "name", "category", "family", "status", "started", "ended", "axes",
          "territories", "territory_names", "actors", "tags", "links", "address", "latitude",
          "longitude", "description"]


def test_export_csv(default, tmp_path):
    r = default.query("in:fr-reg-53", sort="name")
    assert r.to_csv(tmp_path / "r.csv") == len(r)
    with open(tmp_path / "r.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == FIELDS
    assert [x["id"] for x in rows] == r.ids()
    for x, p in zip(rows, r):
        assert x["name"] == p.name and x["category"] == p.category and x["status"] == p.status
        assert x["territories"].split(";") == [t.id for t in p.territories]
        assert x["started"] == ("" if p.started is None else str(p.started))
        if p.location is None:
            assert x["latitude"] == x["longitude"] == ""
        else:
            assert (float(x["latitude"]), float(x["longitude"])) == p.location


def test_export_json(default, tmp_path):
    expr = "category:carsharing,fablab in:fr-reg-84"
    r = default.query(expr)
    n = default.export(expr, tmp_path / "r.json")
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert n == len(r) == len(doc)
    assert [d["id"] for d in doc] == r.ids()
    for d, p in zip(doc, r):
        assert list(d) == FIELDS
        assert d["territories"] == [t.id for t in p.territories]
        assert d["actors"] == [{"id": a.id, "name": a.name, "role": role} for a, role in p.actors]
        assert d["started"] == p.started and d["description"] == p.description
        assert d["tags"] == p.tags and d["links"] == p.links


def test_export_geojson_lon_lat(default, tmp_path):
    r = default.query("in:fr-dep-56")
    path = tmp_path / "r.geojson"
    n = r.to_geojson(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    located = [p for p in r if p.location is not None]
    assert n == len(doc["features"]) == len(located)
    for f, p in zip(doc["features"], located):
        assert f["type"] == "Feature" and f["id"] == p.id
        assert f["geometry"]["type"] == "Point"
        lat, lon = p.location
        assert f["geometry"]["coordinates"] == [lon, lat]  # RFC 7946: longitude first
        props = f["properties"]
        assert props["name"] == p.name and props["latitude"] == lat
        assert all(not isinstance(v, (list, dict)) for v in props.values())  # flat


def test_export_geojson_territory_location(default, tmp_path):
    expr = ""  # every practice: a few have no location of their own
    r = default.query(expr)
    missing = [p for p in r if p.location is None]
    assert missing
    fallback = [p for p in missing if any(t.location for t in p.territories)]
    path = tmp_path / "all.geojson"
    n = default.export(expr, path, territory_location=True)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert n == len(r) - len(missing) + len(fallback)
    by_id = {f["id"]: f for f in doc["features"]}
    for p in fallback:
        t = next(t for t in p.territories if t.location)
        f = by_id[p.id]
        assert f["properties"]["location_source"] == "territory"
        assert f["geometry"]["coordinates"] == [t.location[1], t.location[0]]


def test_export_formats_and_errors(small, tmp_path):
    assert small.export("", tmp_path / "a.CSV") == 3
    assert (tmp_path / "a.CSV").read_text(encoding="utf-8").startswith("id,name,")
    assert small.export("", tmp_path / "a.json") == 3
    assert small.export("", tmp_path / "a.geojson") == 1  # only p-repair has a location
    assert small.export("", tmp_path / "a.txt", format="json") == 3
    with pytest.raises(ValueError):
        small.export("", tmp_path / "a.txt")
    with pytest.raises(ValueError):
        small.export("", tmp_path / "a.csv", format="xml")
    with pytest.raises(ValueError):
        small.export("", tmp_path / "a.csv", territory_location=True)
    with pytest.raises(sharitories.QueryError):
        small.export("colour:red", tmp_path / "a.csv")
    with pytest.raises(Error) as exc:
        small.query().to_json(tmp_path / "missing" / "a.json")
    assert exc.value.code == errors.EIO and exc.value.name == "EIO"
    assert exc.value.path == str(tmp_path / "missing" / "a.json")
    with pytest.raises(Error) as exc:
        small.query().to_csv("/dev/full")
    assert exc.value.code == errors.EIO


def test_export_large_write_error(default):
    # enough bytes for the writer itself to see the error (ferror), before the close
    with pytest.raises(Error) as exc:
        default.query().to_json("/dev/full")
    assert exc.value.code == errors.EIO and exc.value.path == "/dev/full"


# ---------------------------------------------------------------------------------- report


class _Html(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.lang, self.text = [], None, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")

    def handle_data(self, data):
        self.text.append(data)


def test_report_file_and_string(default, tmp_path):
    path = tmp_path / "lorient.html"
    assert default.report("fr-com-56121", path) is None
    page = path.read_text(encoding="utf-8")
    assert page == default.report(default.territory("fr-com-56121"))  # same options, same bytes
    parser = _Html()
    parser.feed(page)
    assert parser.lang == "fr"
    assert "svg" in parser.tags and "table" in parser.tags and "script" not in parser.tags
    text = " ".join(parser.text)
    assert "Lorient" in text
    for p in default.query("in:fr-com-56121"):
        assert p.name in text
    en = default.report("fr-com-56121", lang="en", peers=["fr-com-88160", "fr-com-40192"],
                        max_inspirations=None, examples=1, generated="2026-03-01")
    parser = _Html()
    parser.feed(en)
    assert parser.lang == "en" and "2026-03-01" in en and "Épinal" in en


def test_report_errors(small, tmp_path):
    with pytest.raises(Error) as exc:
        small.report("t-ghost")
    assert exc.value.code == errors.ENOTFOUND and "t-ghost" in exc.value.message
    with pytest.raises(Error) as exc:
        small.report("t-town", peers=["t-ghost"])
    assert exc.value.code == errors.ENOTFOUND
    with pytest.raises(Error) as exc:
        small.report("t-town", band=(3, 1))
    assert exc.value.code == errors.EINVAL
    with pytest.raises(ValueError):
        small.report("t-town", lang="de")
    with pytest.raises(Error) as exc:
        small.report("t-town", tmp_path / "missing" / "r.html")
    assert exc.value.code == errors.EIO
    assert not (tmp_path / "missing").exists()
    page = small.report("t-country")  # no population: a report all the same
    assert "Testland" in page


def test_export_sql(small, tmp_path):
    """SQL for PostgreSQL/PostGIS (the round trip through a real server: tests/postgis)."""
    path = tmp_path / "a.sql"
    assert small.export_sql("", path, schema='my "s"') == 3
    text = path.read_text(encoding="utf-8")
    assert 'CREATE SCHEMA "my ""s""";' in text
    assert text.rstrip().endswith("COMMIT;")
    assert small.export("", tmp_path / "b.sql") == 3  # format from the extension
    assert 'CREATE SCHEMA "sharitories";' in (tmp_path / "b.sql").read_text(encoding="utf-8")
    assert small.query("").to_sql(tmp_path / "c.sql", all_territories=True) == 3
    with pytest.raises(ValueError):
        small.export_sql("", tmp_path / "d.sql", schema="a\0b")
    with pytest.raises(Error) as exc:
        small.export_sql("", tmp_path / "d.sql", schema="")
    assert exc.value.code == errors.EINVAL
    with pytest.raises(Error) as exc:
        small.export_sql("", tmp_path / "d.sql", schema="x" * 64)
    assert exc.value.code == errors.EINVAL
    with pytest.raises(ValueError):
        small.export("", tmp_path / "a.csv", schema="s")
