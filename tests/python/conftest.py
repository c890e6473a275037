"""Shared fixtures of the Python binding tests (run by `meson test python`)."""
import os
import pathlib

import pytest

import sharitories

HERE = pathlib.Path(__file__).resolve().parent
DATA = pathlib.Path(os.environ.get("SHARITORIES_PY_TEST_DATA", HERE / "data"))
SOURCE_ROOT = pathlib.Path(os.environ.get("SHARITORIES_SOURCE_ROOT", HERE.parent.parent))

# The four French towns of the Sharitories study.
TOWNS = {
    "fr-com-56121": "Lorient",
    "fr-com-88160": "Épinal",
    "fr-com-40192": "Mont-de-Marsan",
    "fr-com-11262": "Narbonne",
}


@pytest.fixture(scope="session")
def data():
    return DATA


@pytest.fixture(scope="session")
def default():
    """The bundled catalog, loaded once (read-only in tests)."""
    return sharitories.Catalog.default()


@pytest.fixture
def small():
    """A fresh catalog holding tests/python/data/small.yaml."""
    return sharitories.Catalog(DATA / "small.yaml")
