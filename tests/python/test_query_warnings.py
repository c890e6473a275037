"""Query warnings (issue 13): what parses but looks like a mistake is a
sharitories.QueryWarning (a UserWarning) from every call that compiles a query, with the
column in characters, pointing at the caller's line."""
import warnings

import pytest

import sharitories
from sharitories import QueryWarning

MISTAKE = "category:coworking or category:fablab"  # a lower-case `or`, searched as a word


def test_lower_case_or_warns(default):
    with pytest.warns(QueryWarning) as rec:
        n = default.count(MISTAKE)
    assert n == default.count('category:coworking "or" category:fablab')  # runs as written
    w = rec[0].message
    assert isinstance(w, UserWarning) and w.column == 20 and w.expression == MISTAKE
    assert "or" in w.message and str(w).startswith("column 20: ")
    assert rec[0].filename == __file__  # the caller's line, not the package's


def test_warning_column_counts_characters(default):
    with pytest.warns(QueryWarning) as rec:
        default.count("économie or fablab")  # `or` is the 10th character, the 11th byte
    assert [r.message.column for r in rec] == [10]


def test_every_compiling_call_warns(default):
    calls = [
        lambda q: default.query(q), lambda q: default.facets(q), lambda q: default.to_dataframe(q),
        lambda q: default.crosstab(q), lambda q: default.network(q),
        lambda q: default.inspire("fr-com-56121", query=q),
        lambda q: default.compare(["fr-com-56121"], query=q),
        lambda q: default.export(q, "/dev/null", format="csv"),
    ]
    for call in calls:
        with pytest.warns(QueryWarning) as rec:
            call(MISTAKE)
        assert len(rec) == 1 and rec[0].message.column == 20
        assert rec[0].filename == __file__


def test_clean_query_does_not_warn(default):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        default.count("category:coworking OR category:fablab")
        default.query("")


def test_warnings_as_errors(default):
    with warnings.catch_warnings():
        warnings.simplefilter("error", QueryWarning)
        for call in (default.count, default.query,
                     lambda q: default.inspire("fr-com-56121", query=q)):
            with pytest.raises(QueryWarning):
                call(MISTAKE)
    assert default.count("category:fablab") > 0  # still usable
