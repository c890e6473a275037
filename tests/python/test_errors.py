"""Errors: the exception hierarchy and the fields of LoadError."""
import pickle

import pytest

import sharitories
from sharitories import Catalog, Error, LoadError, OutOfMemoryError, QueryError
from sharitories import errors


def test_hierarchy():
    assert issubclass(LoadError, Error) and issubclass(QueryError, Error)
    assert issubclass(QueryError, ValueError)
    assert issubclass(errors.NotFoundError, KeyError)
    assert issubclass(errors.InvalidArgumentError, ValueError)
    assert issubclass(OutOfMemoryError, Error) and issubclass(OutOfMemoryError, MemoryError)
    assert issubclass(Error, Exception) and not issubclass(Error, RuntimeError)


@pytest.mark.parametrize("name,code,line,column,record,fragment", [
    ("bad_field.yaml", errors.EFORMAT, 6, 5, "b-town", "colour"),
    ("bad_ref.yaml", errors.EREFERENCE, 6, 19, "b-practice", "no-such-territory"),
    ("bad_syntax.yaml", errors.ESYNTAX, None, None, None, ""),
])
def test_load_error_fields(data, name, code, line, column, record, fragment):
    cat = Catalog(data / "small.yaml")
    before = cat.query().ids()
    with pytest.raises(LoadError) as exc:
        cat.load(data / name)
    e = exc.value
    assert e.code == code
    assert e.path.endswith(name)
    if line is not None:
        assert (e.line, e.column) == (line, column)
    else:
        assert e.line >= 1 and e.column >= 1
    assert e.record == record
    assert fragment in e.message
    assert str(e).startswith(e.path + ":")
    # all or nothing: the catalog is unchanged and still usable
    assert cat.query().ids() == before
    assert "b-practice" not in cat.practices() and "b-town" not in cat.territories()


def test_load_error_names(data):
    with pytest.raises(LoadError) as exc:
        Catalog(data / "bad_field.yaml")
    assert exc.value.name == "EFORMAT"


def test_failed_multi_file_load_leaves_catalog(data, small):
    with pytest.raises(LoadError) as exc:
        small.load([data / "part_b.yaml", data / "bad_ref.yaml"])
    assert exc.value.path.endswith("bad_ref.yaml")
    assert small.territories().get("pb-town") is None
    small.load(data / "part_b.yaml")  # the good file alone still loads
    assert small.territory("pb-town").id == "pb-town"


def test_missing_file(tmp_path):
    with pytest.raises(LoadError) as exc:
        Catalog().load(tmp_path / "missing.yaml")
    assert exc.value.code == errors.EIO and exc.value.name == "EIO"
    assert exc.value.path.endswith("missing.yaml")


def test_duplicate_id(data, small):
    with pytest.raises(LoadError) as exc:
        small.load(data / "small.yaml")
    assert exc.value.code == errors.EDUPLICATE
    assert exc.value.line and exc.value.column and exc.value.record


def test_load_string_error():
    with pytest.raises(LoadError) as exc:
        Catalog().load_string("sharitories: 1\nterritories:\n  - id: x\n    nme: y\n", name="buf")
    assert exc.value.path == "buf" and (exc.value.line, exc.value.column) == (4, 5)


def test_bad_argument_types(small):
    with pytest.raises(TypeError):
        small.load(42)
    with pytest.raises(TypeError):
        small.query(42)


def test_errors_pickle():
    e = LoadError("boom", code=errors.EFORMAT, name="EFORMAT", path="f.yaml", line=3, column=4,
                  record="r")
    f = pickle.loads(pickle.dumps(e))
    assert type(f) is LoadError and (f.path, f.line, f.column, f.record) == ("f.yaml", 3, 4, "r")
    assert str(f) == "f.yaml:3:4: boom (record r)"


def test_c_error_mapping():
    # The factory the SWIG module calls for a failing shr_error.
    e = errors._from_c(errors.ENOMEM, "ENOMEM", b"out of memory", b"", 0, 0, b"", "shr_py_select")
    assert isinstance(e, OutOfMemoryError) and isinstance(e, MemoryError)
    assert e.path is None and e.line is None and e.record is None
    e = errors._from_c(errors.EFORMAT, "EFORMAT", b"bad \xc3", b"f.yaml", 2, 3, b"r",
                       "shr_catalog_load_files")
    assert type(e) is LoadError and e.message == "bad \ufffd" and (e.line, e.column) == (2, 3)
    e = errors._from_c(errors.ELIMIT, "ELIMIT", b"too deep", b"", 0, 9, b"", "shr_py_count")
    assert type(e) is QueryError and e.column == 9
    e = errors._from_c(errors.EIO, "EIO", b"disk full", b"out.yaml", 0, 0, b"", "shr_catalog_save")
    assert type(e) is Error and e.path == "out.yaml"


# ---- Messages in French (docs/errors.md): the library writes every message in both languages

def test_load_error_in_french():
    with pytest.raises(LoadError) as exc:
        Catalog().load_string("sharitories: 1\nterritories:\n  - id: x\n    nme: y\n", name="buf")
    e = exc.value
    assert (e.path, e.line, e.column, e.record) == ("buf", 4, 5, "x")
    assert "unknown field 'nme'" in e.message
    assert "territoire 'x' : champ 'nme' : valeur inconnue" in e.message_fr
    assert e.message_in("fr") == e.message_fr
    assert e.message_in("en") == e.message_in() == e.message
    f = pickle.loads(pickle.dumps(e))
    assert f.message_fr == e.message_fr


def test_missing_file_in_french(tmp_path):
    with pytest.raises(LoadError) as exc:
        Catalog().load(tmp_path / "missing.yaml")
    assert exc.value.message_fr == "impossible d'ouvrir : fichier ou dossier introuvable"


def test_query_error_in_french(small):
    with pytest.raises(QueryError) as exc:
        small.count("été category:nosuch")
    e = exc.value
    assert e.column == 14  # characters (the value after "été category:"), as in English
    assert e.message == "unknown category 'nosuch'"
    assert e.message_fr == "catégorie 'nosuch' introuvable"


def test_query_warning_in_french(small):
    with pytest.warns(sharitories.QueryWarning) as record:
        small.count("axis:solidarity or axis:contributors")
    w = record[0].message
    assert w.message.startswith("'or' is searched as a word")
    assert w.message_fr.startswith("'or' est cherché comme un mot : écrivez OR")
    assert w.message_in("fr") == w.message_fr and w.message_in("en") == w.message
    assert pickle.loads(pickle.dumps(w)).message_fr == w.message_fr


def test_error_built_in_python_has_a_french_message():
    e = Error("boom")
    assert e.message_fr == "boom" and e.message_in("fr") == "boom"
