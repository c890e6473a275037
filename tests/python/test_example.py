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
