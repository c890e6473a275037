"""Docstrings generated from the C doc comments, and the type stub."""
import ast
import pathlib

import sharitories
from sharitories import core


def test_core_docstrings_from_headers():
    doc = core.shr_catalog_load_files.__doc__
    assert "C: int shr_catalog_load_files(" in doc
    assert "All or nothing" in doc
    assert "Nonzero when a is within b" in core.shr_territory_within.__doc__


def test_python_layer_reuses_c_docs():
    assert "All or nothing" in sharitories.Catalog.load.__doc__
    assert "shr_territory_within" in sharitories.Territory.within.__doc__
    assert "shr_practice_name" in sharitories.Practice.name.__doc__
    assert sharitories.Catalog.__doc__ and sharitories.Result.__doc__ and sharitories.__doc__


def test_stub_covers_public_api():
    stub = pathlib.Path(sharitories.__file__).with_name("__init__.pyi")
    assert stub.exists()
    tree = ast.parse(stub.read_text())
    def members(cls):
        names = set()
        for m in cls.body:
            if isinstance(m, ast.FunctionDef):
                names.add(m.name)
            elif isinstance(m, ast.AnnAssign) and isinstance(m.target, ast.Name):
                names.add(m.target.id)
        return names

    classes = {n.name: members(n) for n in tree.body if isinstance(n, ast.ClassDef)}
    for cls in ("Catalog", "Result", "Records", "Territory", "Actor", "Practice", "Axis",
                "Category"):
        assert cls in classes
        public = {n for n in dir(getattr(sharitories, cls)) if not n.startswith("_")}
        public -= {"count", "index"} if cls in ("Result", "Records") else set()
        inherited = classes.get("_Record", set()) if cls not in ("Catalog", "Result", "Records") else set()
        missing = public - classes[cls] - inherited
        assert not missing, f"{cls}: {sorted(missing)} missing from the stub"
    assert (stub.parent / "py.typed").exists()
