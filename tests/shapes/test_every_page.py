"""Issue #14 "Every Kommune, every page": every page opens on every Datenpaket shape.

For each shape (tests/shapes/make_packages.py) and each page of ``app.PAGES`` the app is opened
the way a user does (start page, then the page) on a store built from that shape only.  A user
must see no exception and not the generic "Diese Ansicht konnte nicht angezeigt werden": either
the page shows data (a title and a chart, map, table or metric) or a specific German note.

The cases that fail today are marked ``xfail(strict=True)`` with the exact error: the list is
the to-do list of #14 and turns red as soon as a case is fixed (then remove its entry).
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import PAGES
from tests.conftest import ROOT, point_app_at
from tests.shapes.make_packages import SHAPES

pytestmark = pytest.mark.slow

APP = str(ROOT / "app.py")
GENERIC = "Diese Ansicht konnte nicht angezeigt werden"
#: element types that show data to the user
DATA_ELEMENTS = (
    "plotly_chart",
    "deck_gl_json_chart",
    "vega_lite_chart",
    "arrow_vega_lite_chart",
    "dataframe",
    "table",
    "metric",
)

DEMAND = "features/demand_supply/page.py"
BENCH = "features/benchmarking/page.py"
PROJ = "features/projection/page.py"


#: (shape, page) → what fails today; everything else must pass
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def _cases() -> list[object]:
    cases = []
    for shape in SHAPES:
        for page, title, *_ in PAGES:
            reason = KNOWN_FAILURES.get((shape, page))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(shape, page, title, marks=marks, id=f"{shape}-{title}"))
    return cases


def _where(record: logging.LogRecord) -> str:
    """``Type: message (file:line)`` of a logged exception, at the deepest project frame."""
    assert record.exc_info is not None and record.exc_info[1] is not None
    exc = record.exc_info[1]
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename
    ]
    at = f"{Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__}: {exc} ({at})"


@pytest.mark.parametrize(("shape", "page", "title"), _cases())
def test_page_opens_on_shape(
    shape: str,
    page: str,
    title: str,
    shape_store: object,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    point_app_at(shape_store(shape), monkeypatch)  # type: ignore[operator]
    caplog.set_level(logging.ERROR, logger="planungsatlas")
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()  # st.navigation needs one run before switch_page
    at.switch_page(page)
    at.run()

    assert not at.exception, [e.value for e in at.exception]
    logged = [_where(r) for r in caplog.records if r.exc_info]
    notes = [e.value for kind in ("error", "warning", "info") for e in getattr(at, kind)]
    assert not any(GENERIC in n for n in notes), f"generic error on {title}: {logged}"
    assert not logged, f"{title} logged an exception: {logged}"
    assert [t.value for t in at.title], f"{title}: no page title"
    shown = {kind: len(at.get(kind)) for kind in DATA_ELEMENTS if at.get(kind)}
    assert shown or notes, f"{title} shows neither data nor a note"
