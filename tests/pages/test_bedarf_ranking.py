"""#15: "Wo ist der Fehlbedarf am größten?" never draws empty axes – at every level of the demo.

Hand-worked (Berlin, Kita unter 3, 31.12.2024, Kitas Stand 01.01.2026, default quota and
radius): every Bezirk has at least as many U3 places inside it as demand, so the ranking "im
Gebiet" at Bezirk level has no bar; it is a note naming the smallest surplus, which is the
smallest value of "Überschuss im Gebiet" in the page's own table. At the finer levels and with
the catchment at Bezirk level there are areas with a Fehlbedarf: each bar of the chart is one
area's Fehlbedarf in the table. The bars are drawn as a table with bars (``components.bar_list``):
name, a bar of proportional length and the value as text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from components.formatting import fmt_int
from tests.bar_rows import bar_lists
from tests.pages.conftest import open_page

PAGE = "features/demand_supply/page.py"
NOTE = "Kein Gebiet der Ebene „{level}“ hat Fehlbedarf"


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".")) if text not in ("", "–") else np.nan


def _table(at, column: str):  # type: ignore[no-untyped-def]
    df = next(d.value for d in at.dataframe if column in d.value.columns)
    return df.assign(**{column: df[column].map(_number)})


def _ranking_bars(at) -> list[list[float]]:  # type: ignore[no-untyped-def]
    """Values shown in each ranking, as numbers; the bar widths must follow them."""
    out = []
    for rows in bar_lists(at, "größter Fehlbedarf"):
        values = [_number(r["value"]) for r in rows]
        widths = [r["width"] for r in rows]
        assert widths == sorted(widths, reverse=True) and widths[0] == 80.0, widths
        assert all(w > 0 for w in widths), widths
        out.append(values)
    return out


@pytest.mark.parametrize(
    ("level", "view", "column"),
    [
        ("Bezirk", "gebiet", "Fehlbedarf im Gebiet"),
        ("Bezirk", "einzug", "Fehlbedarf mit Einzugsbereich"),
        ("Prognoseraum", "gebiet", "Fehlbedarf im Gebiet"),
        ("Bezirksregion", "einzug", "Fehlbedarf mit Einzugsbereich"),
        ("Planungsraum", "gebiet", "Fehlbedarf im Gebiet"),
    ],
)
def test_ranking_is_bars_or_a_note_at_every_level(
    demo_env: Path, level: str, view: str, column: str
) -> None:
    at = open_page(PAGE, {"ebene": level, "ansicht": view})
    table = _table(at, column)
    missing = table.loc[table[column] > 0, column].sort_values(ascending=False)
    bars = _ranking_bars(at)
    notes = [i.value for i in at.info if NOTE.format(level=level) in i.value]
    if missing.empty:
        assert bars == [] and len(notes) == 1, (bars, notes)
    else:
        assert len(bars) == 1 and notes == []
        shown = bars[0]
        assert 1 <= len(shown) <= 15
        assert [fmt_int(x) for x in shown] == [fmt_int(x) for x in missing.iloc[: len(shown)]]
        for row in bar_lists(at, "größter Fehlbedarf")[0]:  # each bar is its area's row
            own = table.loc[table["Gebiet"] == row["name"], column]
            assert fmt_int(_number(row["value"])) in {fmt_int(x) for x in own}, row


def test_bezirk_in_area_ranking_is_the_smallest_surplus(demo_env: Path) -> None:
    at = open_page(PAGE, {"ebene": "Bezirk", "ansicht": "gebiet"})
    table = _table(at, "Überschuss im Gebiet")
    assert (_table(at, "Fehlbedarf im Gebiet")["Fehlbedarf im Gebiet"] == 0).all()
    low = table.loc[table["Überschuss im Gebiet"].idxmin()]
    (note,) = [i.value for i in at.info if NOTE.format(level="Bezirk") in i.value]
    assert _ranking_bars(at) == []
    assert (
        f"Kleinster Überschuss: {low['Gebiet']} mit {fmt_int(low['Überschuss im Gebiet'])} Plätzen."
        in note
    )
