"""Page tests switch between the fixture store and the demo store in one process.

Streamlit's caches live per process (in production one process serves one store), so
each page test starts with empty caches and never sees another test's store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def _every_page_test_starts_with_empty_caches(fresh_streamlit_caches: None) -> None:
    """See tests/conftest.py: the caches are per process, the tests switch stores."""


def open_page(page: str, params: dict[str, str] | None = None, timeout: float = 120) -> AppTest:
    """The app opened on ``page`` (e.g. ``"features/projection/page.py"``) with URL ``params``.

    Fails the test when the page raised an exception.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    at.switch_page(page)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture()
def export_spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Key → (figure, table) of every export menu the page builds (the menu still renders)."""
    from components import charts

    offered: dict[str, Any] = {}
    plain = charts.export_menu

    def spy(fig: Any, *, key: str, table: Any = None) -> None:
        offered[key] = (fig, table)
        plain(fig, key=key, table=table)

    monkeypatch.setattr(charts, "export_menu", spy)
    return offered
