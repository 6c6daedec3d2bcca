"""The tables of „Ziele und Maßnahmen“ (Ampel overview, attainment per area); no widgets."""

from __future__ import annotations

import pandas as pd

from components import cache as data
from components.formatting import MISSING, fmt_date, fmt_int, fmt_number
from features.goals import model
from indicators.goals.attainment import NO_DATA, OFF_TRACK, ON_TRACK, REACHED

#: symbol + text: the Ampel never speaks by colour alone
SYMBOL = {
    REACHED: "● erreicht",
    ON_TRACK: "◐ auf Kurs",
    OFF_TRACK: "○ nicht auf Kurs",
    NO_DATA: "– keine Daten",
}


def targets_text(goal: model.GoalRow) -> str:
    parts = []
    for indicator_id, comparison, target, direction in goal.targets:
        meta = data.indicator(indicator_id) or {"short_name": indicator_id, "decimals": 1}
        name = str(meta.get("short_name") or indicator_id)
        if target is not None:
            sign = "≥" if comparison == ">=" else "≤"
            parts.append(f"{name} {sign} {fmt_number(target, int(meta.get('decimals') or 1))}")
        else:
            parts.append(f"{name} {direction}")
    return "; ".join(parts)


def overview(goals: list[model.GoalRow], tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The Ampel table a committee reads in a minute."""
    rows = []
    for g in goals:
        t = tables[g.goal_id]
        counts = t["state"].value_counts() if not t.empty else pd.Series(dtype=int)
        rows.append(
            {
                "Ampel": SYMBOL[model.goal_state(t)],
                "Ziel": g.title + (" (Entwurf)" if g.draft else ""),
                "Zielgröße": targets_text(g),
                "Frist": fmt_date(g.deadline),
                "Verantwortlich": g.owner,
                "Gebiete": fmt_int(len(t)),
                **{
                    s: fmt_int(int(counts.get(s, 0)))
                    for s in (REACHED, ON_TRACK, OFF_TRACK, NO_DATA)
                },
            }
        )
    return pd.DataFrame(rows)


def area_table(table: pd.DataFrame) -> pd.DataFrame:
    """Sortable attainment table (numbers stay numbers so that sorting works)."""
    return pd.DataFrame(
        {
            "Gebiet": table["name"],
            "Ebene": table["level"],
            "Stand": table["state"].map(SYMBOL),
            "Stichtag": table["period"].fillna(MISSING),
            "Aktueller Wert": pd.to_numeric(table["current"], errors="coerce").round(2),
            "Zielwert": pd.to_numeric(table["target"], errors="coerce").round(2),
            "Abstand": pd.to_numeric(table["distance"], errors="coerce").round(2),
            "Weg zum Ziel (%)": pd.to_numeric(table["progress"], errors="coerce").round(0),
            "Trend je Jahr": pd.to_numeric(table["slope"], errors="coerce").round(2),
            "Ziel erreicht etwa": pd.to_numeric(table["reach"], errors="coerce").map(
                lambda y: MISSING if pd.isna(y) else str(int(y))
            ),
            "Hinweis": table["reason"].fillna(""),
        }
    )
