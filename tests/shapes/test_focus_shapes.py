"""#15 Focus on other package shapes: Flensburg (Stadt → Stadtteil → Statistischer Bezirk) offers
its Stadtteile under the store's level name; a store with only one level below the Kommune
(Bezirk → Planungsraum) has nothing to focus on: no control, no error, on every page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, point_app_at

pytestmark = pytest.mark.slow

AREAS = "features/areas/page.py"
PAGES = (AREAS, "features/demand_supply/page.py", "features/projection/page.py")
GENERIC = "Diese Ansicht konnte nicht angezeigt werden"


def _open(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [e.value for kind in ("error", "warning", "info") for e in getattr(at, kind)]
    assert not any(GENERIC in n for n in notes), notes
    return at


def _focus_boxes(at: AppTest) -> list[object]:
    return [s for s in at.sidebar.selectbox if s.label == "Fokus"]


def test_flensburg_focus_lists_the_stadtteile(
    shape_store: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = point_app_at(shape_store("flensburg"), monkeypatch)
    with duckdb.connect(str(store), read_only=True) as c:
        teile = c.execute(
            "SELECT area_id, name FROM areas WHERE level = 'Stadtteil' ORDER BY name, area_id"
        ).fetchall()
        bezirke = c.execute(
            "SELECT parent_id, area_id FROM areas WHERE level = 'Statistischer Bezirk'"
        ).fetchall()
    assert len(teile) > 1
    at = _open(AREAS, {})
    (box,) = _focus_boxes(at)
    assert box.options == ["Ganze Kommune", *(f"{n} (Stadtteil)" for _, n in teile)]
    first_id, first_name = teile[0]
    for page in PAGES:
        at = _open(page, {"fokus": first_id})
        (box,) = _focus_boxes(at)
        assert box.value == first_id, page
        assert not any("„fokus“" in i.value for i in at.info), page
    # Sozialräume at the Stadtteil level, focus on one Stadtteil: that one area is shown
    at = _open(AREAS, {"fokus": first_id, "ebene": "Stadtteil"})
    tables = [d.value for d in at.dataframe if "Schlüssel" in d.value.columns]
    assert list(tables[0]["Gebiet"]) == [first_name]
    assert sum(1 for p, _ in bezirke if p == first_id) >= 1


def test_one_level_below_the_kommune_has_no_focus_control(
    shape_store: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(shape_store("two_levels_no_values"), monkeypatch)
    for page in PAGES:
        at = _open(page, {})
        assert not _focus_boxes(at), page
        at = _open(page, {"fokus": "irgendwas"})  # an old link: ignored without a control
        assert not _focus_boxes(at), page
