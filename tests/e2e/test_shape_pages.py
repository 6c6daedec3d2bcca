"""Every page in a real browser on another Kommune's data: Flensburg (tests/shapes, real data).

Flensburg has other level names (Stadtteil, Statistischer Bezirk), population only in coarse
age groups, Sozialatlas indicators with gaps and no Germany-wide base in its store. Each page
must show its own heading and either data (a chart, map or table) or a specific German note –
never the generic error, a Python exception or a console error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    Server,
    Watched,
    assert_no_exception,
    screenshot,
    start_server,
    stop_server,
    wait_rendered,
)
from tests.shapes.stores import build_shape

pytestmark = pytest.mark.e2e

GENERIC = "Diese Ansicht konnte nicht angezeigt werden"
#: URL path → heading of the page
PAGES = {
    "": "Planungsatlas",
    "sozialraeume": "Sozialräume vergleichen",
    "bedarf_angebot": "Bedarf und Angebot",
    "benchmarking": "Kommunen vergleichen",
    "projektion": "Bevölkerungsprognose",
    "indikatoren": "Indikatorenkatalog",
}
DATA = (
    "[data-testid='stPlotlyChart'], [data-testid='stDeckGlJsonChart'], "
    "[data-testid='stDataFrame'], [data-testid='stTable'], [data-testid='stMetric']"
)
NOTE = "[data-testid='stAlertContainer']"


@pytest.fixture(scope="module")
def flensburg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = build_shape("flensburg", Path(tmp_path_factory.mktemp("shape_e2e")))
    srv = start_server(store)
    yield srv
    stop_server(srv)


@pytest.mark.parametrize("path", list(PAGES))
def test_page_on_flensburg(path: str, flensburg: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{flensburg.url}/{path}")
    wait_rendered(page, timeout_ms=120_000)
    page.get_by_role("heading", name=PAGES[path]).first.wait_for(timeout=60_000)
    main = page.locator("[data-testid='stMainBlockContainer']")
    main.locator(f"{DATA}, {NOTE}").first.wait_for(timeout=60_000)  # maps draw after the text
    text = main.inner_text()
    assert GENERIC not in text
    screenshot(page, f"flensburg_{path or 'start'}")
    assert main.locator(DATA).count() + main.locator(NOTE).count() > 0
    assert_no_exception(watched)
