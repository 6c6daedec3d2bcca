"""#15: the Bedarf ranking on the Flensburg shape (Stadt → Stadtteil → Statistischer Bezirk):
at every level either bars of the areas with a Fehlbedarf or a German note, never empty axes."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, point_app_at

pytestmark = pytest.mark.slow

PAGE = "features/demand_supply/page.py"


def _values(v: object) -> list[float]:
    if isinstance(v, dict):
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return [float(x) for x in v]  # type: ignore[attr-defined]


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
            charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
            ranking = [c for c in charts if "größter Fehlbedarf" in c["layout"]["title"]["text"]]
            notes = [i.value for i in at.info if f"Ebene „{level}“" in i.value]
            if ranking:
                bars = [x for t in ranking[0]["data"] for x in _values(t["x"])]
                assert bars and all(x > 0 for x in bars), (level, view, bars)
                assert not any("hat Fehlbedarf" in n for n in notes)
            else:
                assert any("Fehlbedarf" in n for n in notes), (level, view, notes)
