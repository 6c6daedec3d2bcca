"""Layer data served as a file (components/maps/served.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.maps import served


def _points(n: int) -> str:
    return json.dumps(
        [{"p": [13.0 + i / 1e4, 52.5], "r": 25, "tip": f"Kita {i}"} for i in range(n)]
    )


def test_large_data_is_written_once_under_its_content_hash(static_dir: Path) -> None:
    text = _points(1000)
    address = json.loads(served.layer_data(text))
    assert address == served.URL_PREFIX + served.file_name(text)
    path = static_dir / served.file_name(text)
    assert path.read_text(encoding="utf-8") == text  # the browser gets exactly the inline data
    mtime = path.stat().st_mtime_ns
    assert json.loads(served.layer_data(text)) == address
    assert path.stat().st_mtime_ns == mtime  # not written again
    other = _points(1001)
    assert json.loads(served.layer_data(other)) != address  # other data, other address
    assert sorted(p.name for p in static_dir.iterdir()) == sorted(
        [served.file_name(text), served.file_name(other)]
    )


def test_small_data_stays_inline(static_dir: Path) -> None:
    text = _points(3)
    assert len(text) < served.MIN_BYTES
    assert served.layer_data(text) == text
    assert list(static_dir.iterdir()) == []


def test_inline_without_static_serving(static_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(served.st, "get_option", lambda name: False)
    text = _points(1000)
    assert served.layer_data(text) == text
    assert list(static_dir.iterdir()) == []


def test_inline_when_the_folder_cannot_be_written(
    static_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(served, "STATIC_DIR", static_dir / "fehlt")  # read-only image, no volume
    text = _points(1000)
    assert served.layer_data(text) == text


def test_both_configurations_serve_static_files() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    for config in (root / ".streamlit/config.toml", root / "deploy/public/.streamlit/config.toml"):
        settings = tomllib.loads(config.read_text())
        assert settings["server"]["enableStaticServing"] is True, config
    assert "--server.enableStaticServing true" in (root / "scripts/start_public.sh").read_text()
    # the served folder holds only the generated map data folder
    assert sorted(p.name for p in (root / "static").iterdir()) == ["deck"]


def test_the_folder_stays_within_its_budget(
    static_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond the budget (deploy/k8s gives the folder 200 MiB) data go inline, nothing is lost."""
    first, second = _points(1000), _points(1200)
    (static_dir / "old.json").write_text("x" * 10_000)  # left by an earlier process: counted
    monkeypatch.setattr(served, "FOLDER_BUDGET", 10_000 + len(first) + len(second) - 1)
    assert json.loads(served.layer_data(first)).startswith(served.URL_PREFIX)
    assert served.layer_data(second) == second  # would exceed the budget: inline
    assert served.layer_data(first) != first  # what is there stays served
    assert sorted(p.name for p in static_dir.iterdir()) == sorted(
        ["old.json", served.file_name(first)]
    )
