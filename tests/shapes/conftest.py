"""Stores built from the Datenpakete of different shapes (tests/shapes/make_packages.py).

Each shape's package is written and built once per session, the way a Kommune does it:
``python -m data_layer.build --package DIR --out FILE --parameters DIR`` in a subprocess.
The parameters are a copy of ``data/parameters`` with only the projection ``scope`` pointed
at the package (docs/datenpaket.md, "Bevölkerungsprognose für die eigene Kommune"); the
rates and the observed migration in that copy are still the Berlin demo values – the shape
data hold no own rates, and the tests only check that every page opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.shapes.stores import build_shape


@pytest.fixture(autouse=True)
def _every_page_run_starts_with_empty_caches(fresh_streamlit_caches: None) -> None:
    """One process serves several stores here (tests/conftest.py)."""


@pytest.fixture(scope="session")
def shape_store(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``shape_store(name)`` → the store of that shape, written and built on first use."""
    root = tmp_path_factory.mktemp("shapes")
    built: dict[str, Path] = {}

    def store(shape: str) -> Path:
        if shape not in built:
            built[shape] = build_shape(shape, root)
        return built[shape]

    return store
