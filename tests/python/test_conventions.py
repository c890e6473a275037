"""One rule in every entry point (issue 13): strings given to C, exceptions, unknown ids,
live views, closing a catalog, docstrings that speak Python."""
import errno
import inspect
import pickle
import pydoc
import re

import pytest

import sharitories
from sharitories import Catalog, Error, LoadError, QueryError, errors

# ---------------------------------------------------------------- strings given to C

NUL = "\x00junk"


def _string_calls(cat, data):
    """(label, call(s)) for every entry point that hands a str to C."""
    return [
        ("count", lambda s: cat.count(s)),
        ("query", lambda s: cat.query(s)),
        ("query sort", lambda s: cat.query("", sort=s)),
        ("facets", lambda s: cat.facets(s)),
        ("facets by", lambda s: cat.facets("", by=s)),
        ("crosstab rows", lambda s: cat.crosstab("", rows=s)),
        ("to_dataframe", lambda s: cat.to_dataframe(s)),
        ("territory", lambda s: cat.territory(s)),
        ("practice", lambda s: cat.practice(s)),
        ("actor", lambda s: cat.actor(s)),
        ("axis", lambda s: cat.axis(s)),
        ("category", lambda s: cat.category(s)),
        ("view []", lambda s: cat.territories()[s]),
        ("within", lambda s: cat.territory("fr-com-56121").within(s)),
        ("inspire", lambda s: cat.inspire(s)),
        ("inspire query", lambda s: cat.inspire("fr-com-56121", query=s)),
        ("inspire peers", lambda s: cat.inspire("fr-com-56121", peers=[s])),
        ("compare", lambda s: cat.compare([s])),
        ("compare query", lambda s: cat.compare(["fr-com-56121"], query=s)),
        ("network", lambda s: cat.network(s)),
        ("report", lambda s: cat.report(s)),
        ("report generated", lambda s: cat.report("fr-com-56121", generated=s)),
        ("load_string name", lambda s: Catalog().load_string("sharitories: 1\n", name=s)),
        ("find_territories", lambda s: cat.find_territories(s)),
    ]


def test_nul_in_a_string_is_value_error(default, data):
    # The examples: cut at the NUL, they answered for "fablab" and for Lorient.
    with pytest.raises(ValueError, match="null"):
        default.count("fablab\x00colour:red")
    with pytest.raises(ValueError, match="null"):
        default.territory("fr-com-56121\x00junk")
    for label, call in _string_calls(default, data):
        with pytest.raises(ValueError, match="null") as exc:
            call("fr-com-56121" + NUL)
        assert "shr_" not in str(exc.value), label


def test_non_string_is_type_error(default, data):
    with pytest.raises(TypeError, match="str"):
        default.count(None)  # selected everything
    for label, call in _string_calls(default, data):
        if label.startswith(("inspire query", "compare query", "network", "report generated",
                             "load_string name", "query sort")):
            continue  # None means "none" there
        for bad in (None, b"fr-com-56121") if label == "view []" else (None, 42, b"fr-com-56121"):
            with pytest.raises(TypeError) as exc:
                call(bad)
            text = str(exc.value)
            assert "in method" not in text and "shr_" not in text, (label, text)
    for label, call in _string_calls(default, data):
        if label == "view []":
            continue  # an int is an index there
        with pytest.raises(TypeError) as exc:
            call(42)
        assert "in method" not in str(exc.value) and "shr_" not in str(exc.value), label


def test_none_still_means_none_where_documented(default):
    assert default.query("", sort=None)
    assert default.network(None).nodes
    assert default.inspire("fr-com-56121", query=None).peers


# ---------------------------------------------------------------- exceptions


def test_wrong_arguments_are_value_or_type_errors(default):
    with pytest.raises(ValueError) as exc:
        default.compare([])  # sharitories.Error before
    assert not isinstance(exc.value, Error)
    with pytest.raises(ValueError):
        default.comparison([])
    with pytest.raises(ValueError):
        default.inspire("fr-com-56121", band=(2.0, 0.5))
    with pytest.raises(ValueError):
        default.crosstab("", rows="department", cols="family", per=-1)


def test_unknown_id_is_key_error_everywhere(default):
    lookups = [default.territory, default.practice, default.actor, default.axis,
               default.category, default.territories().__getitem__,
               default.practices().__getitem__,
               lambda i: default.territory("fr-com-56121").within(i),
               default.inspire, lambda i: default.inspire("fr-com-56121", peers=[i]),
               lambda i: default.compare([i]), default.report]
    for f in lookups:
        with pytest.raises(KeyError) as exc:
            f("fr-com-00000")
        assert "fr-com-00000" in str(exc.value)
    # the C failure keeps its fields: a sharitories.Error too
    with pytest.raises(Error) as exc:
        default.inspire("fr-com-00000")
    assert exc.value.name == "ENOTFOUND" and isinstance(exc.value, KeyError)
    # .get is the look-up that answers None
    assert default.territories().get("fr-com-00000") is None
    assert default.practices().get("nope", 3) == 3


def test_missing_file_is_load_error_and_file_not_found(tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(FileNotFoundError) as exc:
        Catalog(missing)
    e = exc.value
    assert isinstance(e, LoadError) and isinstance(e, OSError)
    assert e.errno == errno.ENOENT and e.filename == str(missing)
    assert e.code == errors.EIO and e.path == str(missing)
    assert str(e).startswith(str(missing) + ":")
    f = pickle.loads(pickle.dumps(e))
    assert type(f) is type(e) and f.errno == errno.ENOENT
    with pytest.raises(IsADirectoryError):
        Catalog(tmp_path)
    with pytest.raises(LoadError) as exc:  # other load errors are not OSError
        Catalog().load_string("sharitories: 1\nnope: 1\n")
    assert not isinstance(exc.value, OSError)


def test_query_error_is_value_error_with_column_in_repr(default):
    with pytest.raises(ValueError) as exc:
        default.count("colour:red")
    e = exc.value
    assert isinstance(e, QueryError) and e.column == 1
    assert "column=1" in repr(e) and repr(e).startswith("QueryError(")


def test_query_error_column_counts_characters(default):
    # "été colour:red": colour is the 5th character (7th byte)
    for call in (default.count, default.query, lambda s: default.network(s),
                 lambda s: default.inspire("fr-com-56121", query=s),
                 lambda s: default.compare(["fr-com-56121"], query=s)):
        with pytest.raises(QueryError) as exc:
            call("été colour:red")
        assert exc.value.column == 5
    with pytest.raises(QueryError) as exc:
        default.count("Épinal ≥ colour:red")
    assert exc.value.column == 10


def test_load_error_column_counts_characters():
    with pytest.raises(LoadError) as exc:
        Catalog().load_string("sharitories: 1\nterritories:\n  - {id: a, name: éé, kind: x}\n")
    # the C loader counts characters too: "x" is the 29th character of the line (31st byte)
    assert exc.value.line == 3 and exc.value.column == 29


# ---------------------------------------------------------------- live views


def test_views_see_later_loads(data):
    cat = Catalog(data / "part_b.yaml")
    practices, territories = cat.practices(), cat.territories()
    communes = cat.territories(kind="commune")
    n, nt, nc = len(practices), len(territories), len(communes)
    assert (n, nt, nc) == (0, 1, 1) and list(practices) == []
    cat.load(data / "part_a.yaml")
    assert len(practices) == 1 and practices[0].id == "pa-fablab" and "pa-fablab" in practices
    cat.load(data / "small.yaml")
    assert len(practices) == cat.count("") > n
    assert len(territories) > nt and len(communes) > nc
    assert [p.id for p in practices] == cat.query("").ids()
    assert practices.ids() == cat.query("").ids()
    last = practices[-1]
    assert last.id in practices and last in practices
    assert practices.index(last) == len(practices) - 1
    assert practices[len(practices) - 1] == last
    assert all(t.kind == "commune" for t in communes)
    assert communes.index(communes[-1]) == len(communes) - 1


def test_len_catalog_is_practice_count(default, small):
    assert len(default) == default.count("") == len(default.practices())
    assert len(Catalog()) == 0 and len(small) == 3


# ---------------------------------------------------------------- closing


def test_with_closes_the_catalog(data):
    with Catalog(data / "small.yaml") as cat:
        res = cat.query("")
        p = res[0]
        view = cat.practices()
        assert p.name and len(res) == 3
    for use in (lambda: cat.query(""), lambda: cat.count(""), lambda: p.name,
                lambda: view[0], lambda: list(view), lambda: res.ids(), lambda: res[0],
                lambda: cat.territory("t-town"), lambda: len(cat), lambda: cat.load(data / "part_a.yaml")):
        with pytest.raises(ValueError, match="closed"):
            use()
    cat.close()  # twice is fine
    assert "closed" in repr(cat)


# ---------------------------------------------------------------- docstrings

PUBLIC = [getattr(sharitories, n) for n in sharitories.__all__
          if inspect.isclass(getattr(sharitories, n)) or callable(getattr(sharitories, n))]


def _docs():
    for obj in PUBLIC:
        yield obj.__qualname__, inspect.getdoc(obj)
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for name, member in vars(obj).items():
                if name.startswith("_") and name not in ("__init__", "__len__", "__enter__"):
                    continue
                doc = inspect.getdoc(member) if not isinstance(member, str) else None
                if doc:
                    yield f"{obj.__qualname__}.{name}", doc


def test_docstrings_speak_python():
    bad = re.compile(r"\bshr_\w+|\bSHR_\w+|\bNULL\b|\w+\.h\b|^C: |const char|size_t|int64_t",
                     re.M)
    for where, doc in _docs():
        m = bad.search(doc or "")
        assert not m, f"{where}: {m.group(0)!r} in its docstring"


def test_docstrings_well_indented():
    # help() shows the docstring cleaned (inspect.cleandoc): a line may be indented at most
    # one step (4 spaces) more than the line above it; text pasted without the method's
    # indentation left the rest of the docstring 8 spaces in.
    for where, doc in _docs():
        prev = 0
        for line in (doc or "").splitlines():
            if not line.strip():
                continue
            indent = len(line) - len(line.lstrip())
            assert indent <= prev + 4, f"{where}: {line!r}"
            prev = indent
    text = pydoc.render_doc(Catalog.load, renderer=pydoc.plaintext)
    assert "SHR_" not in text and "all or nothing" in text


def test_package_docstring_on_the_gil():
    doc = sharitories.__doc__
    assert "GIL is held during every C call" not in doc
    assert "release the GIL" in doc


def test_readme_error_signature():
    import pathlib
    import os
    root = pathlib.Path(os.environ.get("SHARITORIES_SOURCE_ROOT", pathlib.Path(__file__).parents[2]))
    readme = (root / "bindings" / "python" / "README.md").read_text()
    sig = str(inspect.signature(Error.__init__)).replace("self, ", "")
    assert f"Error{sig}" in " ".join(readme.replace("`", "").split())
