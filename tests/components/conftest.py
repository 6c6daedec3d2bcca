"""Fixtures shared by the component tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.maps import recolour, served


@pytest.fixture()
def static_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder as ``static/deck/`` with static serving on (``components.maps.served``)."""
    monkeypatch.setattr(served, "STATIC_DIR", tmp_path)
    monkeypatch.setattr(served, "_written", set())
    monkeypatch.setattr(served, "_folder_bytes", [])
    monkeypatch.setattr(served.st, "get_option", lambda name: name == "server.enableStaticServing")
    recolour._addresses.clear()  # a Streamlit resource: addresses written into another folder
    return tmp_path
