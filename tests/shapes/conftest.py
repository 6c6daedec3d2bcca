"""Stores built from the Datenpakete of different shapes (tests/shapes/make_packages.py).

Each shape's package is written and built once per session, the way a Kommune does it:
``python -m data_layer.build --package DIR --out FILE --parameters DIR`` in a subprocess.
The parameters are a copy of ``data/parameters`` with only the projection ``scope`` pointed
at the package (docs/datenpaket.md, "Bevölkerungsprognose für die eigene Kommune"); the
rates and the observed migration in that copy are still the Berlin demo values – the shape
data hold no own rates, and the tests only check that every page opens.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
import yaml

from tests.conftest import ROOT
from tests.shapes.make_packages import SHAPES


@pytest.fixture(autouse=True)
def fresh_streamlit_caches() -> Iterator[None]:
    """Every page run starts with empty caches (one process serves several stores here)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _parameters(folder: Path, package: Path, level: str, place: str) -> Path:
    """A copy of data/parameters whose projection scope is the package's area system."""
    shutil.copytree(ROOT / "data" / "parameters", folder)
    manifest = yaml.safe_load((package / "paket.yaml").read_text(encoding="utf-8"))
    population = next(s for s in manifest["sources"] if s["file"] == "population.csv")
    path = folder / "projection.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["scope"] = {
        "area_system": manifest["system_code"],
        "level": level,
        "place": place,
        "population_source": population["publisher"],
        "backtests": [],
    }
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def shape_store(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``shape_store(name)`` → the store of that shape, written and built on first use."""
    root = tmp_path_factory.mktemp("shapes")
    built: dict[str, Path] = {}

    def store(shape: str) -> Path:
        if shape not in built:
            write, level, place = SHAPES[shape]
            package = write(root / "packages")
            params = _parameters(root / "parameters" / shape, package, level, place)
            out = root / f"{shape}.duckdb"
            cmd = [sys.executable, "-m", "data_layer.build", "--package", str(package)]
            cmd += ["--out", str(out), "--parameters", str(params)]
            # the shapes are the Kommune's own data alone (the Germany-wide base adds ~7 s per
            # build; a store with it: tests/data_layer/test_germany_base.py)
            cmd += ["--ohne-deutschland"]
            run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
            assert run.returncode == 0, f"Build of shape {shape!r} failed:\n{run.stderr}"
            built[shape] = out
        return built[shape]

    return store
