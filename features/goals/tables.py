"""The tables of „Ziele und Maßnahmen“ (Ampel overview, attainment per area); no widgets."""

from __future__ import annotations

import math

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


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def reach_note(state: str, reach: object, reason: object = "") -> str:
    """„Ziel erreicht etwa“ in words: the year at the current pace, else a German note.

    >>> reach_note(REACHED, None), reach_note(ON_TRACK, 2027.0), reach_note(OFF_TRACK, None)
    ('erreicht', '2027', 'nicht absehbar')
    >>> reach_note(OFF_TRACK, 2041), reach_note(NO_DATA, None, "nur ein Zeitpunkt: kein Trend")
    ('2041 (nach der Frist)', 'kein Trend')
    """
    if state == REACHED:
        return "erreicht"
    if not _missing(reach):
        year = str(int(float(reach)))  # type: ignore[arg-type]
        return year if state == ON_TRACK else f"{year} (nach der Frist)"
    if state == NO_DATA:
        return "kein Trend" if "Trend" in str(reason or "") else "keine Daten"
    return "nicht absehbar"


def progress_note(state: str, progress: object, current: object) -> str:
    """„Weg zum Ziel“ in words: share of the way from the first value covered (negative: the
    area moved away from the target), else a German note.

    >>> progress_note(ON_TRACK, 62.4, 30.0), progress_note(REACHED, None, 40.0)
    ('62 % geschafft', 'erreicht')
    >>> progress_note(OFF_TRACK, None, 20.0), progress_note(NO_DATA, None, None)
    ('Ausgangswert war schon am Ziel', 'keine Daten')
    >>> progress_note(NO_DATA, 0.0, 31.0), progress_note(OFF_TRACK, -0.2, 29.0)
    ('kein Verlauf (ein Zeitpunkt)', '0 % geschafft')
    >>> progress_note(OFF_TRACK, -132.0, 20.0)
    'weiter weg als zu Beginn (−132 %)'
    """
    if state == REACHED:
        return "erreicht"
    if _missing(current):
        return "keine Daten"
    if state == NO_DATA:
        return "kein Verlauf (ein Zeitpunkt)"
    if _missing(progress):
        return "Ausgangswert war schon am Ziel"
    share = round(float(progress)) + 0  # type: ignore[arg-type]  # + 0: no "−0 %"
    if share < 0:  # moved away from the target since the first value
        return f"weiter weg als zu Beginn ({share} %)".replace("-", "−")
    return f"{share} % geschafft"


def area_table(table: pd.DataFrame) -> pd.DataFrame:
    """Sortable attainment table (numbers stay numbers so that sorting works; the two
    „Weg zum Ziel“ columns are German notes, never an empty or „None“ cell)."""
    notes = table.astype(object).where(table.notna(), None)
    return pd.DataFrame(
        {
            "Gebiet": table["name"],
            "Ebene": table["level"],
            "Stand": table["state"].map(SYMBOL),
            "Stichtag": table["period"].map(fmt_date),
            "Aktueller Wert": pd.to_numeric(table["current"], errors="coerce").round(2),
            "Zielwert": pd.to_numeric(table["target"], errors="coerce").round(2),
            "Abstand": pd.to_numeric(table["distance"], errors="coerce").round(2),
            "Weg zum Ziel": [
                progress_note(s, p, c)
                for s, p, c in zip(notes["state"], notes["progress"], notes["current"], strict=True)
            ],
            "Trend je Jahr": pd.to_numeric(table["slope"], errors="coerce").round(2),
            "Ziel erreicht etwa": [
                reach_note(s, y, r)
                for s, y, r in zip(notes["state"], notes["reach"], notes["reason"], strict=True)
            ],
            "Hinweis": table["reason"].fillna(""),
        }
    )


def shown(frame: pd.DataFrame) -> object:
    """The table for ``st.dataframe``: missing numbers as „–“, German decimal comma; sorting
    still uses the numbers underneath."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    return frame.style.format(na_rep=MISSING, decimal=",", precision=2, subset=pd.Index(numeric))
