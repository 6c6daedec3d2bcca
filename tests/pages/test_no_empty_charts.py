"""No empty or misleading chart: a single Stichtag is a note and a table, not one dot on an axis."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.pages.conftest import open_page

AREA = "lor2021:10300734"  # Biesdorf Süd


def test_a_series_with_one_stichtag_is_a_note_not_a_chart(demo_env: Path) -> None:
    at = open_page(
        "features/areas/page.py",
        {"bereich": "profil", "ebene": "Planungsraum", "gebiet": AREA,
         "themenfeld": "Jugendhilfe", "reihe": "youth_places_per_100_6_18"},
    )  # fmt: skip
    notes = [i.value for i in at.info]
    assert any("nur einen Stichtag" in n and "keine Zeitreihe" in n for n in notes), notes
    titles = [c.proto.spec for c in at.get("plotly_chart")]
    assert not any("Zeitreihe:" in t for t in titles)


def test_series_dates_are_german_on_the_axis() -> None:
    from features.areas.series import _figure

    ser = pd.DataFrame(
        {"area_id": ["a", "a"], "period_date": pd.to_datetime(["2020-12-31", "2022-12-31"]),
         "value": [1.0, 2.0]}
    )  # fmt: skip
    meta = {"unit": "%", "name": "Test", "source": "Amt", "data_date": "31.12.2022"}
    fig = _figure(ser, ("a",), {"a": "A"}, meta)
    assert fig.layout.xaxis.tickformat == "%d.%m.%Y"
    assert "Stand: 31.12.2022" in fig.layout.annotations[-1].text
