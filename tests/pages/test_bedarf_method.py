"""#15: the method note says where the catchment puts the demand (Berlin demo: one point per
Planungsraum, inside it, not population-weighted; coarser levels weight their Planungsräume)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages.conftest import open_page

PAGE = "features/demand_supply/page.py"


def _method(at) -> str:  # type: ignore[no-untyped-def]
    (text,) = [m.value for m in at.markdown if "**Bedarfspunkte**" in m.value]
    return text


@pytest.mark.parametrize("level", ["Planungsraum", "Bezirk"])
def test_method_note_names_the_demand_point(demo_env: Path, level: str) -> None:
    text = _method(open_page(PAGE, {"ebene": level}))
    assert "Gebiets der Ebene „Planungsraum“ liegt auf einem Punkt, der sicher im Gebiet" in text
    assert "nicht nach Einwohner/innen gewichtet" in text
    assert "keine Einwohnerzahlen unterhalb der Ebene „Planungsraum“" in text
    assert "Gebietsmittelpunkt" not in text
    coarse = "Die Ebene „Bezirk“ fasst die Punkte ihrer Gebiete der Ebene „Planungsraum“"
    assert (coarse in text) is (level == "Bezirk")
