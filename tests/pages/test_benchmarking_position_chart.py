"""Kommunen vergleichen (#15 point 2): the position chart reads against zero and its legend
shows every marker drawn (own value: one entry per assessment, same colour and symbol)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from tests.pages.conftest import open_page

PAGE = "features/benchmarking/page.py"


def _position_spec(params: dict[str, str]) -> tuple[dict, pd.DataFrame]:
    at = open_page(PAGE, params)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    spec = next(s for s in specs if s["layout"]["title"]["text"].startswith("Wo steht"))
    table = next(df.value for df in at.dataframe if "Bewertung" in df.value.columns)
    return spec, table


def _number(text: str) -> float:
    return float(text.replace("≈", "").strip().replace(".", "").replace(",", ".").replace("−", "-"))


def _trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def test_every_row_starts_at_zero_and_markers_match_the_legend(demo_env: Path) -> None:
    # Lingen (Ems) among Gemeinden, all Themenfelder: rows with shares, densities and counts
    spec, table = _position_spec({"ebene": "Gemeinde", "ags": "03454032", "bereich": "alle"})
    titles = _trace(spec, "Indikator")
    rows = len(titles["text"])
    assert rows == len(table) >= 3
    ticks = _trace(spec, "Skalenwerte")
    scales: dict[int, list[tuple[float, float]]] = {}  # row → (position, value) of its ticks
    for x, y, text in zip(ticks["x"], ticks["y"], ticks["text"], strict=True):
        scales.setdefault(round(y), []).append((x, _number(text)))
    assert sorted(scales) == list(range(rows))  # every row has its own labelled scale
    for row, scale in scales.items():
        assert min(scale) == (0.0, 0.0), (row, scale)  # all values of these rows are >= 0
        assert len(scale) >= 3
    # each own marker sits where its row's scale puts the value of the table
    own = [t for t in spec["data"] if t.get("legendgroup", "").startswith("own-")]
    assert own
    checked = 0
    for t in own:
        for x, y in zip(t["x"], t["y"], strict=True):
            (x0, v0), (x1, v1) = scales[y][:2]
            value = v0 + (x - x0) * (v1 - v0) / (x1 - x0)
            title = titles["text"][y]
            shown = table[[title.startswith(f"{i}") for i in table["Indikator"]]]
            expected = _number(str(shown["Wert"].iloc[0]))
            assert abs(value - expected) <= max(abs(expected) * 0.01, 0.1), (title, value)
            checked += 1
    assert checked == sum(table["Wert"] != "–")
    by_group: dict[str, set[tuple[str, str]]] = {}
    for t in own:
        by_group.setdefault(t["legendgroup"], set()).add(
            (t["marker"]["color"], t["marker"]["symbol"])
        )
    # one look per legend entry, and each entry shown exactly once with the assessment's name
    assert all(len(looks) == 1 for looks in by_group.values()), by_group
    for group in by_group:
        shown = [t for t in own if t["legendgroup"] == group and t.get("showlegend", True)]
        assert len(shown) == 1
        assert shown[0]["name"].endswith(group.removeprefix("own-"))
    # two assessments never share a look (Lingen: "höher" and "niedriger" both occur)
    looks = [next(iter(v)) for v in by_group.values()]
    assert len(set(looks)) == len(looks) >= 3, by_group
    # one pair of axes for every row: the browser lays out one plot, not one per indicator
    assert [k for k in spec["layout"] if k.startswith(("xaxis", "yaxis"))] == ["xaxis", "yaxis"]
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


def test_the_chart_exports_the_comparison_table_not_its_scaled_positions(
    demo_env: Path, export_spy: dict
) -> None:
    at = open_page(PAGE, {"ebene": "Kreis", "ags": "11000"})
    _, table = export_spy["bench.fig_overview"]
    assert table is not None  # a table of 0–1 positions would be meaningless
    assert {"Indikator", "Wert", "Median Vergleichsgruppe", "Quelle"} <= set(table.columns), (
        table.columns
    )
    berlin = table.set_index("Indikator").loc["Arbeitslosenquote", "Wert"]
    assert abs(float(berlin) - 9.81) < 0.01  # INKAR q_alo Berlin 2021
    # the table is below the chart on the page, not repeated in an expander
    assert not [e for e in at.expander if e.label == "Tabelle zur Grafik"]
