"""examples/python/town_panorama.py runs and writes a PNG (so the example cannot rot)."""
import os
import subprocess
import sys

import pytest

from conftest import SOURCE_ROOT, TOWNS

SCRIPT = SOURCE_ROOT / "examples" / "python" / "town_panorama.py"


@pytest.mark.parametrize("town,scope", [("fr-com-56121", "epci"), ("fr-com-11262", "commune")])
def test_town_panorama(tmp_path, town, scope):
    out = tmp_path / "panorama.png"
    env = dict(os.environ, MPLBACKEND="Agg", MPLCONFIGDIR=str(tmp_path / "mpl"))
    proc = subprocess.run([sys.executable, str(SCRIPT), "--town", town, "--scope", scope, str(out)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and out.stat().st_size > 1000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert TOWNS[town] in proc.stdout
    for peer in TOWNS.values():
        assert peer in proc.stdout
    assert "per 10,000" in proc.stdout


DENSITY = SOURCE_ROOT / "examples" / "python" / "density_map.py"


def test_density_map(tmp_path):
    """examples/python/density_map.py writes the map of tiers-lieux per 10,000 inhabitants by
    department and its table, and the two agree."""
    import csv
    import xml.etree.ElementTree as ET
    svg, table = tmp_path / "tl.svg", tmp_path / "tl.csv"
    proc = subprocess.run([sys.executable, str(DENSITY), "--lang", "en", str(svg), str(table)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "101 territories" in proc.stdout and "highest per 10,000" in proc.stdout
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.parse(svg).getroot()
    paths = {p.get("id"): p for p in root.iter(ns + "path")}
    with open(table, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(paths) == 101
    assert [r["department"] for r in rows] == list(paths)
    total = 0
    for r in rows:
        p = paths[r["department"]]
        assert p.get("data-count") == r["practices"]
        tip = p.find(ns + "title").text
        assert tip.startswith(r["name"] + " – " + r["practices"] + " practice")
        assert f"{float(r['per_10000']):.2f} per 10,000 inhabitants" in tip
        total += int(r["practices"])
    assert total >= 1444  # practices in two departments count in both
    morbihan = next(r for r in rows if r["department"] == "fr-dep-56")
    assert morbihan["name"] == "Morbihan" and int(morbihan["practices"]) > 0
