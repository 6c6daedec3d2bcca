"""#15: the Bedarf ranking on the Flensburg shape (Stadt → Stadtteil → Statistischer Bezirk):
at every level either bars of the areas with a Fehlbedarf or a German note, never empty axes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.bar_rows import bar_lists
from tests.conftest import ROOT, point_app_at

pytestmark = pytest.mark.slow

PAGE = "features/demand_supply/page.py"


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page(PAGE)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_flensburg_ranking_at_every_level(
    shape_store: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(shape_store("flensburg"), monkeypatch)
    at = _open({})
    levels = list(at.selectbox(key="ba.ebene").options)
    assert len(levels) >= 2, levels
    for level in levels:
        for view in ("gebiet", "einzug"):
            at = _open({"ebene": level, "ansicht": view})
            ranking = bar_lists(at, "größter Fehlbedarf")
            notes = [i.value for i in at.info if f"Ebene „{level}“" in i.value]
            if ranking:
                bars = [float(r["value"].replace(".", "")) for r in ranking[0]]
                widths = [r["width"] for r in ranking[0]]
                assert bars and all(x > 0 for x in bars), (level, view, bars)
                assert widths == sorted(widths, reverse=True) and widths[0] == 80.0, widths
                assert not any("hat Fehlbedarf" in n for n in notes)
            else:
                assert any("Fehlbedarf" in n for n in notes), (level, view, notes)
