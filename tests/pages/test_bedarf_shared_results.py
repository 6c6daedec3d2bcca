"""AppTest: "Bedarf und Angebot" derives tables, tooltips and map colours once per shared result.

The stored facilities' result of a setting is one shared object (``basis.outcome``); the page
remembers what it derives from it (``indicators.frame_memo``, #17). These tests make sure that a
remembered table is always the one of the setting shown: back at a setting the page shows the same
figures as the first time, every other setting its own, and a what-if of one visitor never
reaches another visitor's page (hand-worked figures in tests/pages/test_bedarf_angebot.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.pages.test_bedarf_angebot import _app, _area_table, _metrics

PLR = "lor2021:01100101"


def _tips(at: AppTest) -> dict[str, str]:
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    feats = deck["layers"][0]["data"]["features"]
    return {f["properties"]["area_id"]: f["properties"]["tip"] for f in feats}


def _table(at: AppTest) -> pd.DataFrame:
    return _area_table(at).reset_index(drop=True)


def _name(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as c:
        row = c.execute("SELECT name FROM areas WHERE area_id = ?", [PLR]).fetchone()
    assert row is not None
    return str(row[0])


def _number(text: str) -> int:
    return int(text.replace(".", "").replace("\u2212", "-"))


def _row(at: AppTest, name: str) -> Any:
    return _table(at).set_index("Gebiet").loc[name]


def test_back_at_a_setting_the_page_shows_its_first_figures(demo_env: Path) -> None:
    name = _name(demo_env)
    at = _app()
    first_table, first_tips = _table(at), _tips(at)
    assert _row(at, name)["Bedarf (Plätze)"] == "39"  # 86 × 0,4584
    assert "Bedarf: 39 Plätze" in first_tips[PLR]
    quota = at.select_slider(key="ba.quote.kita_u3")
    default = quota.value
    quota.set_value(50.0).run()
    assert _row(at, name)["Bedarf (Plätze)"] == "43"  # 86 × 0,5
    assert "Bedarf: 43 Plätze" in _tips(at)[PLR]
    at.radio(key="ba.modus").set_value("anzahl").run()
    assert "Fehlbedarf im Gebiet" not in at.dataframe[0].value.columns
    at.radio(key="ba.modus").set_value("plaetze").run()
    assert _row(at, name)["Bedarf (Plätze)"] == "43"
    at.selectbox(key="ba.ebene").set_value("Bezirk").run()
    assert len(_table(at)) == 12
    by_area = _table(at)["Gebiet"].tolist()  # ordered by the gap in the area
    at.radio(key="ba.ansicht").set_value("einzug").run()
    by_catchment = _table(at)
    assert by_catchment["Gebiet"].tolist() != by_area  # ordered by the gap with catchment
    gaps = [-_number(v) + _number(w) for v, w in zip(
        by_catchment["Fehlbedarf mit Einzugsbereich"], by_catchment["Überschuss mit Einzugsbereich"],
        strict=True)]  # fmt: skip
    assert gaps == sorted(gaps)
    at.radio(key="ba.karten").set_value("eine").run()
    single = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert len(single["layers"][0]["data"]["features"]) == 12
    at.radio(key="ba.ansicht").set_value("gebiet").run()
    at.radio(key="ba.karten").set_value("zwei").run()
    assert _table(at)["Gebiet"].tolist() == by_area
    at.selectbox(key="ba.ebene").set_value("Planungsraum").run()
    at.select_slider(key="ba.quote.kita_u3").set_value(default).run()
    pd.testing.assert_frame_equal(_table(at), first_table)
    assert _tips(at) == first_tips
    assert _metrics(at)["Bedarf (Plätze)"] == "44.926"


def test_a_what_if_of_one_visitor_stays_out_of_another_visitors_page(demo_env: Path) -> None:
    name = _name(demo_env)
    planner = _app()
    untouched = _table(planner)
    planner.selectbox(key="ba.ort").set_value(PLR).run()
    planner.number_input(key="ba.plaetze").set_value(100).run()
    planner.button(key="ba.hinzu").click().run()
    assert _row(planner, name)["Überschuss im Gebiet"] == "3"  # 11,96 + 30,68 − 39,42
    visitor = _app()  # a second session on the same default view, while the plan exists
    pd.testing.assert_frame_equal(_table(visitor), untouched)
    assert _row(visitor, name)["Fehlbedarf im Gebiet"] == "27"
    assert "Änderung Angebot durch Szenario" not in _table(visitor).columns
    planner.button(key="ba.reset").click().run()
    pd.testing.assert_frame_equal(_table(planner), untouched)
