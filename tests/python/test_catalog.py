"""Catalog: creation, loading, saving, look-ups and views."""
import os
import re

import pytest

import sharitories
from sharitories import Catalog


def test_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", sharitories.__version__)
    # the one version of the project: meson.build's project(version: ...)
    meson_build = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "meson.build")
    with open(meson_build, encoding="utf-8") as f:
        project_version = re.search(r"version: '([^']+)'", f.read()).group(1)
    assert sharitories.__version__ == project_version


def test_empty_catalog_has_builtins():
    cat = Catalog()
    assert len(cat.practices()) == 0
    assert len(cat.territories()) == 0
    assert len(cat.actors()) == 0
    assert [a.id for a in cat.axes()] == [
        "contributors", "public_actor", "solidarity", "co_production", "shared_resources"]
    assert len(cat.categories()) == 32
    assert cat.categories()[0].id == "carpooling"
    assert cat.count() == 0
    assert len(cat.query()) == 0
    assert "0 practices" in repr(cat)


def test_default_catalog(default):
    assert len(default.practices()) > 1400
    assert len(default.territories()) > 30000
    assert default.practice("sharitories").name == "Sharitories"
    paths = [os.path.basename(p) for p, _meta in default.files]
    assert paths == ["fr-territories-2026.yaml", "sharitories-seeds.yaml",
                     "sharitories-towns.yaml", "tiers-lieux-cget-2019.yaml",
                     "covoiturage-bnlc-2024.yaml", "anct-fabriques-de-territoire-2024.yaml",
                     "anct-manufactures-de-proximite-2024.yaml",
                     "anct-engagement-citoyen-2024.yaml", "repair-osm-2020.yaml",
                     "referentiel-actions.yaml"]
    assert os.path.isdir(sharitories.data_dir())


def test_load_path_and_pathlike(data):
    cat = Catalog()
    assert cat.load(str(data / "small.yaml")) is cat
    assert len(cat.practices()) == 3
    cat2 = Catalog(data / "small.yaml")  # os.PathLike
    assert cat2.practice("p-repair").name == "Repair café de Townsville"


def test_load_several_files_as_one_unit(data):
    # part_a refers to a territory that part_b defines: order does not matter within a call.
    cat = Catalog()
    cat.load([data / "part_a.yaml", data / "part_b.yaml"])
    assert cat.practice("pa-fablab").territories[0].id == "pb-town"


def test_load_after_load_keeps_records(small, data):
    p = small.practice("p-repair")
    small.load([data / "part_b.yaml"])
    small.load(data / "part_a.yaml")
    assert p.name == "Repair café de Townsville"
    assert len(small.practices()) == 4


def test_files_and_meta(small, data):
    (path, meta), = small.files
    assert os.path.samefile(path, data / "small.yaml")
    assert meta == {"title": "Small test catalog", "licence": "CC0"}


def test_load_string(data):
    text = (data / "part_b.yaml").read_text(encoding="utf-8")
    cat = Catalog().load_string(text, name="part_b")
    assert cat.territory("pb-town").population == 20000
    cat2 = Catalog().load_string(text.encode("utf-8"))
    assert cat2.territory("pb-town").name == "B Town"


def test_save_round_trip(small, tmp_path):
    out = tmp_path / "saved.yaml"
    small.save(out)
    again = Catalog(out)
    assert [p.id for p in again.practices()] == [p.id for p in small.practices()]
    assert [t.id for t in again.territories()] == [t.id for t in small.territories()]
    p, q = small.practice("p-repair"), again.practice("p-repair")
    for attr in ("name", "category", "family", "axes", "status", "started", "ended",
                 "description", "tags", "figures", "links", "address", "location"):
        assert getattr(p, attr) == getattr(q, attr), attr
    assert again.category("seed_library").label("en") == "seed library"
    out2 = tmp_path / "saved2.yaml"
    again.save(str(out2))
    assert out.read_bytes() == out2.read_bytes()


def test_snapshot_round_trip(small, tmp_path):
    snap = tmp_path / "small.shrs"
    small.save_snapshot(snap)
    again = Catalog(snap)
    assert [p.id for p in again.practices()] == [p.id for p in small.practices()]
    p, q = small.practice("p-repair"), again.practice("p-repair")
    for attr in ("name", "category", "axes", "status", "description", "tags", "figures",
                 "links", "address", "location"):
        assert getattr(p, attr) == getattr(q, attr), attr
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    small.save(a)
    again.save(b)
    assert a.read_bytes() == b.read_bytes()


def test_snapshot_corrupted(small, tmp_path):
    snap = tmp_path / "small.shrs"
    small.save_snapshot(snap)
    data = bytearray(snap.read_bytes())
    data[len(data) // 2] ^= 0xFF
    snap.write_bytes(bytes(data))
    with pytest.raises(sharitories.Error) as exc:
        Catalog(snap)
    assert exc.value.code == sharitories.errors.EFORMAT
    assert "invalid snapshot" in str(exc.value)


def test_save_error(small, tmp_path):
    with pytest.raises(sharitories.Error) as exc:
        small.save(tmp_path / "no-such-dir" / "x.yaml")
    assert exc.value.code == sharitories.errors.EIO
    assert isinstance(exc.value, FileNotFoundError)


def test_lookup_methods_raise_key_error(small):
    for lookup in (small.practice, small.territory, small.actor, small.axis, small.category):
        with pytest.raises(KeyError):
            lookup("nope")
    # a territory and a practice may share an id text; sections are separate
    with pytest.raises(KeyError):
        small.practice("t-town")
    assert small.practices().get("t-town") is None


def test_views_raise_key_error(small):
    with pytest.raises(KeyError):
        small.practices()["nope"]
    with pytest.raises(KeyError):
        small.territories()["nope"]
    with pytest.raises(KeyError):
        small.actors()["nope"]
    assert small.practices().get("nope") is None
    assert small.practices()["p-seeds"].name == "Grainothèque"


def test_views_are_sequences(small):
    ps = small.practices()
    assert len(ps) == 3
    assert [p.id for p in ps] == ["p-repair", "p-seeds", "p-budget"]
    assert ps[-1].id == "p-budget"
    assert [p.id for p in ps[1:]] == ["p-seeds", "p-budget"]
    assert "p-seeds" in ps and "nope" not in ps
    assert small.practice("p-seeds") in ps
    assert ps.ids() == ["p-repair", "p-seeds", "p-budget"]
    with pytest.raises(IndexError):
        ps[3]
    it1, it2 = iter(ps), iter(ps)
    next(it1)
    assert next(it2).id == "p-repair"  # fresh iterators
    assert "3 Practice" in repr(ps)


def test_territories_by_kind(small, default):
    assert [t.id for t in small.territories(kind="commune")] == ["t-town", "t-village"]
    assert [t.id for t in small.territories("epci")] == ["t-epci"]
    communes = small.territories("commune")
    assert "t-town" in communes and "t-epci" not in communes
    with pytest.raises(KeyError):
        communes["t-epci"]
    with pytest.raises(ValueError):
        small.territories(kind="planet")
    assert len(default.territories("region")) >= 18
    assert {t.kind for t in default.territories("department")} == {"department"}


def test_actors_and_categories_views(small):
    assert [a.id for a in small.actors()] == ["a-town-hall", "a-assoc"]
    cats = small.categories()
    assert cats[-1].id == "seed_library" and not cats[-1].builtin
    assert cats["repair_cafe"].builtin


def test_name_tables():
    assert sharitories.TERRITORY_KINDS == (
        "country", "region", "department", "epci", "commune", "district", "other")
    assert sharitories.SECTORS == ("public", "private", "citizen", "other")
    assert sharitories.STATUSES == ("planned", "active", "ended")
    assert sharitories.ROLES == ("carrier", "funder", "partner", "operator", "user")
    assert sharitories.FAMILIES == ("consumption", "production", "finance", "governance")
    assert "department" in sharitories.DIMENSIONS and "axis" in sharitories.DIMENSIONS
    assert "association" in sharitories.ACTOR_KINDS


def test_catalog_not_picklable(small):
    import pickle
    with pytest.raises(TypeError):
        pickle.dumps(small)
    with pytest.raises(TypeError):
        pickle.dumps(small.practice("p-repair"))
