"""Gebietsprofil (#15 point 2): a domain whose indicators have no Kommune value still gets a
profile chart (deviation from the mean of the level's areas, said so), and the title's colour
key names only the colours the bars use."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import duckdb
import numpy as np

from tests.pages.conftest import open_page

AREA = "lor2021:10300734"  # Biesdorf Süd


def _values(x: object) -> np.ndarray:
    """Numbers of a plotly JSON array (plain list or base64 typed array)."""
    if isinstance(x, dict):
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).astype(float)
    return np.array([np.nan if v is None else v for v in x], dtype=float)  # type: ignore[union-attr]


def _profile_spec(at: object) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]  # type: ignore[attr-defined]
    return next(s for s in specs if "im Vergleich zu" in s["layout"]["title"]["text"])


def test_domain_without_kommune_values_compares_with_the_mean_of_the_areas(
    demo_env: Path,
) -> None:
    at = open_page(
        "features/areas/page.py",
        {"bereich": "profil", "gebiet": AREA, "themenfeld": "Sozialmonitoring"},
    )
    spec = _profile_spec(at)
    title = spec["layout"]["title"]["text"].replace("<br>", " ")  # wrapped for the screen
    assert "Mittel aller Gebiete der Ebene" in title
    bars = _values(spec["data"][0]["x"])
    bars = bars[~np.isnan(bars)]
    assert len(bars) >= 10, "das Profil zeigt Balken statt eines leeren Diagramms"
    table = next(d.value for d in at.dataframe if "Bezug" in d.value.columns)
    row = table[table["Indikator"] == "MSS D1: Veränderung der Arbeitslosigkeit"].iloc[0]
    # hand check: unweighted mean of all Planungsräume at the latest Stichtag, from the store
    with duckdb.connect(str(demo_env), read_only=True) as con:
        mean, own = con.execute(
            "SELECT avg(value), max(value) FILTER (WHERE area_id = ?) FROM indicator_values "
            "JOIN areas USING (area_id) WHERE indicator_id = 'mss_d1_unemployed_change' "
            "AND system_code = 'lor2021' AND level = 'Planungsraum' AND period = '2020-12-31'",
            [AREA],
        ).fetchone()
    assert row["Bezug"] == f"Mittel der Gebiete: {mean:.2f}".replace(".", ",").replace("-", "−")
    assert row["Berlin"] == "–"
    assert row["Biesdorf Süd"] == f"{own:.2f}".replace(".", ",")
    captions = " ".join(str(c.value) for c in at.caption)
    assert "kein Wert für Berlin" in captions


def test_title_names_only_the_colours_drawn(demo_env: Path) -> None:
    at = open_page(
        "features/areas/page.py",
        {"bereich": "profil", "gebiet": AREA, "themenfeld": "Demografie"},
    )
    spec = _profile_spec(at)
    colours = set(spec["data"][0]["marker"]["color"])
    assert colours == {"#8C8C8C"}  # Demografie: no indicator is rated favourable/unfavourable
    title = spec["layout"]["title"]["text"].replace("<br>", " ")  # wrapped for the screen
    assert "grau = ohne Wertung" in title
    assert "orange" not in title and "blau" not in title


def test_series_ticks_sit_on_the_stichtage_with_german_dates() -> None:
    import pandas as pd

    from features.areas.series import _figure

    ser = pd.DataFrame(
        {"area_id": ["a"] * 3, "period": ["2016-12-31", "2018-12-31", "2020-12-31"],
         "period_date": pd.to_datetime(["2016-12-31", "2018-12-31", "2020-12-31"]),
         "value": [1.0, 2.0, 3.0]}
    )  # fmt: skip
    meta = {"unit": "%", "name": "Test", "source": "Amt", "data_date": "31.12.2020"}
    fig = _figure(ser, ("a",), {"a": "A"}, meta)
    assert list(fig.layout.xaxis.ticktext) == ["31.12.2016", "31.12.2018", "31.12.2020"]
    assert len(fig.layout.xaxis.tickvals) == 3
