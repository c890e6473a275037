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


def test_python_layer_documents_in_python():
    # The C texts stay in sharitories.core; the Pythonic layer says the same in Python terms.
    assert "all or nothing" in sharitories.Catalog.load.__doc__
    assert "contained in it" in sharitories.Territory.within.__doc__
    assert sharitories.Practice.name.__doc__ == "Name (str)."
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
                "Category", "Inspiration", "Comparison", "Network", "Import", "InspirationRow",
                "ImportRow"):
        assert cls in classes
        public = {n for n in dir(getattr(sharitories, cls)) if not n.startswith("_")}
        public -= {"count", "index"} if cls in ("Result", "Records", "InspirationRow",
                                                "ImportRow") else set()
        inherited = classes.get("_Record", set()) if cls in ("Territory", "Actor", "Practice",
                                                             "Axis", "Category") else set()
        missing = public - classes[cls] - inherited
        assert not missing, f"{cls}: {sorted(missing)} missing from the stub"
    assert (stub.parent / "py.typed").exists()

    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assigned = {t.id for n in tree.body if isinstance(n, (ast.AnnAssign, ast.Assign))
                for t in ([n.target] if isinstance(n, ast.AnnAssign) else n.targets)
                if isinstance(t, ast.Name)}
    for name in sharitories.__all__:
        assert name in classes or name in functions or name in assigned or name in {
            "Error", "LoadError", "QueryError", "NotFoundError", "InvalidArgumentError",
            "OutOfMemoryError", "QueryWarning"}, f"{name} missing from the stub"


def test_analysis_docs():
    # functions only the helpers call keep their C documentation (core._C_DOCS)
    assert "C: int shr_inspiration_compute(" in core._C_DOCS["shr_inspiration_compute"]
    assert "RFC 4180" in core.shr_inspiration_write_csv.__doc__
    assert "population" in sharitories.Catalog.inspire.__doc__
    assert "[longitude, latitude]" in sharitories.Result.to_geojson.__doc__
    assert "GraphML" in sharitories.Network.to_graphml.__doc__
    assert "RFC 4180" in sharitories.Inspiration.to_csv.__doc__
    for cls in (sharitories.Inspiration, sharitories.Comparison, sharitories.Network,
                sharitories.Import, sharitories.InspirationRow, sharitories.ImportRow):
        assert cls.__doc__ and len(cls.__doc__) > 80
