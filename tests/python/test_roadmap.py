"""Fiches-actions and the feuille de route from Python (Catalog.actions, Catalog.roadmap), on the
fixture of tests/data/roadmap where the answer is obvious, on the bundled catalog for
invariants, and examples/python/roadmap.py run end to end."""
import os
import subprocess
import sys

import pytest

import sharitories
from conftest import SOURCE_ROOT, TOWNS

ROADMAP_DATA = SOURCE_ROOT / "tests" / "data" / "roadmap"


@pytest.fixture
def fixture():
    return sharitories.Catalog([ROADMAP_DATA / "towns.yaml", ROADMAP_DATA / "actions.yaml"])


def test_actions_and_filter(fixture):
    acts = fixture.actions()
    assert [a.id for a in acts] == ["open-fablab", "repair", "cowork", "carpool", "open-data"]
    a = fixture.action("open-fablab")
    assert a == acts[0] and fixture.action("nope") is None
    assert a.title("fr") == "Ouvrir un fablab" and a.title("en") == "Open a fablab"
    assert (a.phase, a.effort, a.stance, a.horizon) == ("construction", "high", "facilitate", 18)
    assert a.axes == ["co_production", "shared_resources"]
    assert a.lead == ["citizen", "private"] and a.partners == ["public"]
    assert a.steps("en") == ["Gather the makers", "Find premises"]
    assert a.items("indicators", "fr") == ["Membres actifs"]
    d = a.to_dict("fr")
    assert d["levers"] == ["Appel à projets"] and d["links"] == ["https://example.org/fablab"]
    assert a.to_markdown("fr").startswith("# Ouvrir un fablab\n")
    assert [x.id for x in fixture.actions(axis="public_actor")] == ["carpool", "open-data"]
    assert [x.id for x in fixture.actions(category="third_place")] == ["cowork"]
    assert [x.id for x in fixture.actions(lead="citizen")] == ["open-fablab", "repair"]
    with pytest.raises(ValueError):
        fixture.actions(axis="nowhere")
    with pytest.raises(ValueError):
        fixture.actions(lead="other")
    df = acts.to_dataframe("fr")
    assert list(df["id"]) == [x.id for x in acts]
    assert str(df["horizon"].dtype) == "int64"
    with pytest.raises(ValueError):
        a.title("de")


def test_roadmap_fixture(fixture, tmp_path):
    rm = fixture.roadmap("t", examples=6)
    assert len(rm.peers) == 5
    first = rm[0]
    assert first.action.id == "open-fablab" and first.rank == 1
    assert (first.peers_having, first.peers, first.local_count) == (5, 5, 0)
    assert [p.id for p in first.examples] == ["fab-p1", "fab-p2", "fab-p3", "fab-p4", "fab-p5",
                                             "fab-p1b"]
    assert first.example_territories[0].id == "p1"
    assert 11.0 < first.distances_km[0] < 11.2 and first.distances_km[4] is None
    assert "Villeville n'en a aucune" in first.why
    assert "Villeville has none" in rm.why(0, "en")
    assert [x.id for x in first.leads] == ["asso"]
    assert "open-data" not in [r.action.id for r in rm]
    df = rm.to_dataframe()
    assert list(df.columns[:8]) == ["rank", "action", "title", "score", "peers_having", "peers",
                                    "local_count", "examples"]
    assert df["examples"][0].split(";")[:2] == ["fab-p1", "fab-p2"]
    assert list(df["rank"]) == list(range(1, len(df) + 1))
    assert df["score"].is_monotonic_decreasing
    rm.to_csv(tmp_path / "rm.csv")
    assert (tmp_path / "rm.csv").read_text(encoding="utf-8").startswith("rank,action,title,")
    rm.to_markdown(tmp_path / "rm.md")
    assert "# Feuille de route : Villeville" in (tmp_path / "rm.md").read_text(encoding="utf-8")
    assert len(fixture.roadmap("t", top=2)) == 2
    assert len(fixture.roadmap("t", peers=["p2"]).peers) == 1
    with pytest.raises(sharitories.Error):
        fixture.roadmap("nowhere")
    with pytest.raises(ValueError):
        fixture.roadmap("t", lang="de")


@pytest.mark.parametrize("town", list(TOWNS))
def test_roadmap_real_invariants(default, town):
    rm = default.roadmap(town, top=0)
    assert len(rm.peers) == len(default.inspire(town).peers)
    assert len(rm) >= 5
    scores = [r.score for r in rm]
    assert scores == sorted(scores, reverse=True)
    assert [r.rank for r in rm] == list(range(1, len(rm) + 1))
    me = default.territory(town)
    for r in rm:
        for p in r.examples:
            assert p.category in r.action.categories
            assert not any(t.within(me) for t in p.territories)


def test_example_script(tmp_path):
    script = SOURCE_ROOT / "examples" / "python" / "roadmap.py"
    out = tmp_path / "side.csv"
    proc = subprocess.run([sys.executable, str(script), "--csv", str(out)], cwd=tmp_path,
                          env=dict(os.environ), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["action", "title", "phase"] + list(TOWNS.values())
    for name in TOWNS.values():
        assert name + ":" in proc.stdout
