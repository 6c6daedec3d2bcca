"""Shared fixtures: one tiny store built once per session from the committed Datenpaket."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store

# Property tests draw the same examples on every run unless asked to explore: a CI run must not
# turn red because the random search happened upon a new corner case that day.  Explore locally
# with HYPOTHESIS_PROFILE=explore (fresh random examples on every run) and pin what it
# finds as an ordinary test.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PACKAGE = ROOT / "tests" / "fixtures" / "datenpaket_mitte"


#: a progress line of the build on stderr ("Schritt 2/10: Pakete prüfen (1 Pakete) … [0.0 s]")
PROGRESS_LINE = re.compile(r"^Schritt \d+(/\d+)?: .* … \[\d+\.\d s\]\n", re.M)


def without_progress(err: str) -> str:
    """The build's messages on stderr without its progress lines (those are tested apart in
    tests/data_layer/test_progress.py)."""
    return PROGRESS_LINE.sub("", err)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture store (Berlin-Mitte, Prognoseraum Zentrum), built once."""
    out = tmp_path_factory.mktemp("store") / "fixture.duckdb"
    write_store(out, [read_package(FIXTURE_PACKAGE)])
    return out


@pytest.fixture()
def fresh_streamlit_caches() -> Iterator[None]:
    """Empty Streamlit caches before and after the test: the caches live per process (one
    process serves one store in production), while the tests switch stores in one process."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def small_count_store(base: Path) -> Path:
    """The fixture package with one small count, built in ``base``: Planungsraum 01100101,
    31.12.2024, age 95+ = 1 (was 3; the two moved to 90–94, so every total stays the same).
    The disclosure tests attack this cell."""
    pkg = base / "paket"
    shutil.copytree(FIXTURE_PACKAGE, pkg)
    pop = pkg / "population.csv"
    text = pop.read_text(encoding="utf-8")
    for old, new in [
        ("01100101,2024-12-31,all,95,,3,", "01100101,2024-12-31,all,95,,1,"),
        ("01100101,2024-12-31,all,90,95,17,", "01100101,2024-12-31,all,90,95,19,"),
    ]:
        assert old in text
        text = text.replace(old, new)
    pop.write_text(text, encoding="utf-8")
    out = base / "internal.duckdb"
    write_store(out, [read_package(pkg)])
    return out


@pytest.fixture()
def conn(fixture_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect(str(fixture_db), read_only=True)
    yield c
    c.close()


@pytest.fixture()
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture package for tests that break it on purpose."""
    dst = tmp_path / "paket"
    shutil.copytree(FIXTURE_PACKAGE, dst)
    return dst


def point_app_at(store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the app (internal mode, from the repository root) on ``store``; returns ``store``."""
    monkeypatch.setenv("PLANUNGSATLAS_DB", str(store))
    monkeypatch.delenv("PLANUNGSATLAS_MODE", raising=False)
    os.chdir(ROOT)
    return store


@pytest.fixture()
def app_env(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the fixture store (internal mode)."""
    return point_app_at(fixture_db, monkeypatch)


DEMO_DB = ROOT / "data" / "planungsatlas.duckdb"


@pytest.fixture()
def demo_env(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the full demo store (built by scripts/test.sh before pytest runs)."""
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    return point_app_at(DEMO_DB, monkeypatch)
