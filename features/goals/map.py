"""The interactive attainment map of one goal: areas filled by their state (Ampel), areas that
are not on course and that no measure reaches outlined in black, measures with a location as
points. Boundaries only, no basemap, nothing from the internet (``components.maps``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pydeck as pdk
import streamlit as st

from components import focus as focus_part
from components.formatting import fmt_date, fmt_int, fmt_number
from components.maps import deck as maps
from features.goals.report import FILL
from indicators.goals.attainment import NO_DATA, OFF_TRACK

#: measure points: black with a white rim, readable on every state colour
MEASURE_RGB = (0, 0, 0)


def level_of(areas: pd.DataFrame) -> tuple[str, str] | None:
    """(system, level) the goal's map is drawn on: its most frequent pair (None without areas)."""
    if areas.empty or "system_code" not in areas.columns:
        return None
    pair = (areas["system_code"].astype(str) + "\t" + areas["level"].astype(str)).mode()
    system, level = str(pair.iloc[0]).split("\t", 1)
    return system, level


def gap_ids(table: pd.DataFrame, reached: Iterable[str]) -> set[str]:
    """Areas not on course that no measure of the goal reaches (high need, no measure).

    >>> t = pd.DataFrame({"area_id": ["a", "b", "c"], "state": ["nicht auf Kurs"] * 2 + ["erreicht"]})
    >>> sorted(gap_ids(t, ["b"]))
    ['a']
    """
    if table.empty:
        return set()
    hit = set(reached)
    off = table[table["state"] == OFF_TRACK]
    return {str(a) for a in off["area_id"] if str(a) not in hit}


def styled_states(table: pd.DataFrame, gaps: set[str], n_measures: dict[str, int]) -> pd.DataFrame:
    """One row per area: fill by state, black outline for a gap, a plain-text tooltip."""
    tips = []
    for row in table.to_dict("records"):
        state = str(row.get("state") or NO_DATA)
        current = row.get("current")
        value = "kein Wert" if current is None or pd.isna(current) else fmt_number(current, 1)
        period = row.get("period")
        n = n_measures.get(str(row["area_id"]), 0)
        tips.append(
            f"{row.get('name')}\nStand: {state}\nWert: {value}"
            + (f" ({period})" if isinstance(period, str) and period else "")
            + f"\nMaßnahmen: {fmt_int(n)}"
            + ("\nnicht auf Kurs, keine Maßnahme" if str(row["area_id"]) in gaps else "")
        )
    return pd.DataFrame(
        {
            "area_id": table["area_id"].astype(str),
            "fill": [FILL.get(str(s), FILL[NO_DATA]) for s in table["state"]],
            "line": [
                maps.HIGHLIGHT_RGB if str(a) in gaps else maps.OUTLINE_RGB for a in table["area_id"]
            ],
            "tooltip": tips,
        }
    )


def measure_layer(measures: pd.DataFrame) -> pdk.Layer | None:
    """Measures with a location as points (tooltip: title, responsible, start)."""
    located = measures[measures["lon"].notna() & measures["lat"].notna()]
    if located.empty:
        return None
    pts = pd.DataFrame(
        {
            "p": [
                [round(float(x), 5), round(float(y), 5)]
                for x, y in zip(located["lon"], located["lat"], strict=True)
            ],
            "tip": [
                maps.plain_tip(f"{t}\n{r} ({k})\nseit {fmt_date(s)}")
                for t, r, k, s in zip(
                    located["title"],
                    located["responsible"],
                    located["responsible_type"],
                    located["start_date"],
                    strict=True,
                )
            ],
        }
    )
    return pdk.Layer(
        "ScatterplotLayer",
        data=pts,
        id="massnahmen",
        get_position="p",
        get_radius=60,
        radius_min_pixels=4,
        radius_max_pixels=10,
        get_fill_color=list(MEASURE_RGB),
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
        stroked=True,
        pickable=True,
    )


def goal_deck(
    areas: pd.DataFrame,
    table: pd.DataFrame,
    measures: pd.DataFrame,
    gaps: set[str],
    focus: focus_part.Focus | None = None,
) -> pdk.Deck | None:
    """The deck of one goal (None without areas or geometry); with a focus on the goal's area
    system only the areas inside it, framed."""
    where = level_of(areas)
    if where is None or table.empty:
        return None
    system, level = where
    n_measures: dict[str, int] = {}
    for ids in measures.get("area_ids", pd.Series(dtype=object)).fillna(""):
        for a in {x for x in str(ids).split(",") if x}:
            n_measures[a] = n_measures.get(a, 0) + 1
    styled = styled_states(table, gaps, n_measures)
    points = measure_layer(measures)
    if focus is not None and focus.system != system:
        focus = None  # the goal's areas lie in another area system (e.g. Kreise)
    return maps.choropleth_deck(
        focus_part.features_in(system, level, focus),
        styled,
        focus_part.map_view(system, level, focus),
        extra_layers=[points] if points is not None else [],
    )


def goal_map(
    areas: pd.DataFrame,
    table: pd.DataFrame,
    measures: pd.DataFrame,
    gaps: set[str],
    *,
    title: str,
    key: str,
    focus: focus_part.Focus | None = None,
) -> None:
    """Render the map with its text legend; nothing when the goal has no drawable areas."""
    deck = goal_deck(areas, table, measures, gaps, focus)
    if deck is None:
        return
    counts = table["state"].value_counts()
    n_points = int((measures["lon"].notna() & measures["lat"].notna()).sum())
    summary = ", ".join(f"{fmt_int(int(counts.get(s, 0)))} {s}" for s in FILL)
    maps.show_map(
        deck,
        key=key,
        alt=f"Karte „{title}“: Stand je Gebiet ({summary}); {fmt_int(len(gaps))} Gebiete nicht "
        f"auf Kurs ohne Maßnahme, schwarz umrandet; {fmt_int(n_points)} Maßnahmen mit Standort "
        "als Punkte. Die Tabelle oben enthält alle Werte.",
    )
    maps.legend(
        [f"{s} ({fmt_int(int(counts.get(s, 0)))})" for s in FILL],
        list(FILL.values()),
        title="Stand je Gebiet",
        unit="Gebiete",
        no_data=False,
    )
    st.caption(
        f"Schwarz umrandet: nicht auf Kurs und keine Maßnahme ({fmt_int(len(gaps))} Gebiete). "
        f"Schwarze Punkte: Maßnahmen mit Standort ({fmt_int(n_points)}). Ohne Hintergrundkarte; "
        "Doppelklick oder Aufziehen zoomt."
    )
