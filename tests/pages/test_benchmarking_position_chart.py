"""Kommunen vergleichen (#15 point 2): the position chart reads against zero and its legend
shows every marker drawn (own value: one entry per assessment, same colour and symbol)."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from tests.pages.conftest import open_page

PAGE = "features/benchmarking/page.py"


def _position_spec(params: dict[str, str]) -> dict:
    at = open_page(PAGE, params)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if s["layout"]["title"]["text"].startswith("Wo steht"))


def test_every_row_starts_at_zero_and_markers_match_the_legend(demo_env: Path) -> None:
    # Lingen (Ems) among Gemeinden, all Themenfelder: rows with shares, densities and counts
    spec = _position_spec({"ebene": "Gemeinde", "ags": "03454032", "bereich": "alle"})
    axes = [k for k in spec["layout"] if k.startswith("xaxis")]
    assert len(axes) >= 3
    for axis in axes:
        low, high = spec["layout"][axis]["range"]
        assert low == 0.0, (axis, low)  # all values of these rows are >= 0
        assert high > 0
    own = [t for t in spec["data"] if t.get("legendgroup", "").startswith("own-")]
    assert own
    by_group: dict[str, set[tuple[str, str]]] = {}
    for t in own:
        by_group.setdefault(t["legendgroup"], set()).add(
            (t["marker"]["color"], t["marker"]["symbol"])
        )
    # one look per legend entry, and each entry shown exactly once with the assessment's name
    assert all(len(looks) == 1 for looks in by_group.values()), by_group
    for group in by_group:
        shown = [t for t in own if t["legendgroup"] == group and t["showlegend"]]
        assert len(shown) == 1
        assert shown[0]["name"].endswith(group.removeprefix("own-"))
    # two assessments never share a look (Lingen: "höher" and "niedriger" both occur)
    looks = [next(iter(v)) for v in by_group.values()]
    assert len(set(looks)) == len(looks) >= 3, by_group
    # built without plotly's validation: a validated copy must be the same chart
    assert json.loads(go.Figure(spec).to_json()) == json.loads(pio.to_json(spec, validate=False))


def test_an_indicator_with_one_period_is_a_table_not_one_dot(demo_env: Path) -> None:
    at = open_page(
        PAGE,
        {"ebene": "Gemeinde", "ags": "03454032", "bereich": "alle",
         "indikator": "zensus_owner_share", "teil": "entwicklung"},
    )  # fmt: skip
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert not any("Eigentümerquote" in t for t in titles), titles
    notes = [i.value for i in at.info if "nur einen Zeitpunkt" in i.value]
    assert notes == [
        "Für „Eigentümerquote (%)“ gibt es nur einen Zeitpunkt (15.05.2022) – keine Zeitreihe und keine "
        "Entwicklung darstellbar; die Werte stehen in der Tabelle oben."
    ]
    assert any("Eigener Wert" in d.value.columns for d in at.dataframe)
