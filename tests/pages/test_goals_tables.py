"""„Ziele und Maßnahmen“: the two „Weg zum Ziel“ columns are German notes, never None/empty."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from features.goals.tables import area_table, shown
from indicators.goals.attainment import attainment

NAN = math.nan


def _row(area: str, points: list[tuple[float, float]], deadline: float = 2030) -> dict:
    res = attainment(
        points, comparison=">=", target=35.0, direction=None, deadline_year=deadline,
        today_year=2026.0,
    )  # fmt: skip
    return {
        "area_id": area, "name": area, "level": "Kreis", "state": res.state,
        "period": None if not points else str(int(points[-1][0])), "current": res.current,
        "target": res.target, "distance": res.distance, "progress": res.progress_pct,
        "slope": res.slope_per_year, "reach": res.reach_year, "reason": res.reason,
    }  # fmt: skip


def test_notes_for_every_state_hand_worked() -> None:
    frame = pd.DataFrame(
        [
            _row("met", [(2018, 30.0), (2020, 40.0)]),  # 40 ≥ 35
            # 20 → 30 in 2 years: +5/year, 5 missing → 2021 ≤ 2030; 10 of 15 points = 67 %
            _row("pace", [(2018, 20.0), (2020, 30.0)]),
            # +1/year, 5 missing → 2025 > deadline 2022 (passed): off track, reached 2025
            _row("late", [(2018, 28.0), (2020, 30.0)], deadline=2022),
            _row("away", [(2018, 30.0), (2020, 25.0)]),  # falling: never at this pace
            _row("once", [(2020, 25.0)]),  # one value, deadline ahead: no trend
            _row("none", []),  # no value at all
        ]
    )
    table = area_table(frame).set_index("Gebiet")
    assert table["Ziel erreicht etwa"].to_dict() == {
        "met": "erreicht",
        "pace": "2021",
        "late": "2025 (nach der Frist)",
        "away": "nicht absehbar",
        "once": "kein Trend",
        "none": "keine Daten",
    }
    assert table["Weg zum Ziel"].to_dict() == {
        "met": "erreicht",
        "pace": "67 % geschafft",
        "late": "29 % geschafft",  # 2 of 7 points
        "away": "weiter weg als zu Beginn (−100 %)",  # 5 points backwards of 5 needed from 30
        "once": "kein Verlauf (ein Zeitpunkt)",
        "none": "keine Daten",
    }
    assert table["Stichtag"]["none"] == "–"
    # numbers stay numbers (sortable); the shown table writes missing numbers as „–“
    assert table["Abstand"].to_dict()["pace"] == 5.0
    html = shown(area_table(frame)).to_html()  # type: ignore[attr-defined]
    assert "None" not in html and "nan" not in html
    assert "5,00" in html


@settings(max_examples=200, derandomize=True)
@given(
    st.lists(st.tuples(st.integers(2000, 2030), st.floats(0, 100, allow_nan=False)), max_size=6),
    st.floats(0, 100, allow_nan=False),
    st.sampled_from([">=", "<="]),
    st.integers(2000, 2040),
)
def test_notes_are_always_german_text(points, target, comparison, deadline) -> None:
    res = attainment(
        points, comparison=comparison, target=target, direction=None, deadline_year=deadline,
        today_year=2026.0,
    )  # fmt: skip
    row = {
        "area_id": "x", "name": "x", "level": "L", "state": res.state, "period": None,
        "current": res.current, "target": res.target, "distance": res.distance,
        "progress": res.progress_pct, "slope": res.slope_per_year, "reach": res.reach_year,
        "reason": res.reason,
    }  # fmt: skip
    shown_row = area_table(pd.DataFrame([row])).iloc[0]
    for column in ("Weg zum Ziel", "Ziel erreicht etwa"):
        note = shown_row[column]
        assert isinstance(note, str) and note and "None" not in note and "nan" not in note
        # „erreicht“ exactly when the target is met
        assert (note == "erreicht") == (res.state == "erreicht")


def test_report_map_outlines_the_gaps_and_names_them_in_the_legend() -> None:
    import io

    import geopandas as gpd
    import numpy as np
    from PIL import Image
    from shapely.geometry import box

    from features.goals.report import map_png

    frame = gpd.GeoDataFrame(
        {"geometry": [box(13.0, 52.0, 13.1, 52.1), box(13.2, 52.0, 13.3, 52.1)]},
        index=["a", "b"],
        crs="EPSG:4326",
    )
    states = {"a": "nicht auf Kurs", "b": "nicht auf Kurs"}
    long_title = "Ein sehr langer Zieltitel, der nicht in eine Zeile passt, " * 3

    def black(png: bytes) -> int:
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))[:, :1100]
        return int((pixels.sum(axis=2) == 0).sum())

    plain = map_png(frame, states, long_title)
    outlined = map_png(frame, states, long_title, gaps={"a"})
    # the outline of one square adds black pixels inside the map part (legend excluded)
    assert black(outlined) > black(plain) + 1000
    image = Image.open(io.BytesIO(outlined))
    assert image.size == (1600, 900)
