"""What other features may use of „Ziele und Maßnahmen“ (the Steckbrief's goal section)."""

from __future__ import annotations

import pandas as pd

from components import pdf
from components.formatting import MISSING, fmt_number
from features.goals import model
from features.goals.tables import SYMBOL, targets_text

__all__ = ["area_goal_section", "area_goals"]


def area_goals(area_id: str) -> pd.DataFrame:
    """The stored goals that apply to ``area_id``: state, value, target, measures in the area;
    also goals measured on other areas (e.g. per Kreis) that a measure in this area serves
    (empty when the store has neither for the area)."""
    rows = []
    measures = model.measures()
    for goal in model.stored_goals():
        areas = model.goal_areas(goal.goal_id)
        here = [
            str(t)
            for t, a, g in zip(
                measures["title"], measures["area_ids"], measures["goal_ids"], strict=True
            )
            if area_id in str(a or "").split(",") and goal.goal_id in str(g or "").split(",")
        ]
        if area_id not in set(areas["area_id"]):
            if here:  # a measure here serves a goal measured on other areas (e.g. per Kreis)
                rows.append(
                    {
                        "Ziel": goal.title,
                        "Zielgröße": targets_text(goal),
                        "Stand": f"gemessen: {goal.areas_text}",
                        "Aktueller Wert": MISSING,
                        "Maßnahmen im Gebiet": "; ".join(here),
                    }
                )
            continue
        table = model.area_attainment(goal, areas[areas["area_id"] == area_id])
        row = table.iloc[0]
        current = row.get("current")
        rows.append(
            {
                "Ziel": goal.title,
                "Zielgröße": targets_text(goal),
                "Stand": SYMBOL[str(row["state"])],
                "Aktueller Wert": MISSING if pd.isna(current) else fmt_number(float(current), 1),
                "Maßnahmen im Gebiet": "; ".join(here) or "keine",
            }
        )
    return pd.DataFrame(rows)


def area_goal_section(area_id: str) -> pdf.Section:
    """„Ziele und Maßnahmen“ of the Steckbrief: the goals for the area and their state."""
    try:
        table = area_goals(area_id)
    except Exception:  # noqa: BLE001 - the Steckbrief never fails for its goal section
        table = pd.DataFrame()
    if table.empty:
        return pdf.Section("Ziele und Maßnahmen", "Für dieses Gebiet ist kein Ziel erfasst.")
    return pdf.Section(
        "Ziele und Maßnahmen",
        "Ziele, die für dieses Gebiet gelten, ihr Stand (● erreicht, ◐ auf Kurs, ○ nicht auf "
        "Kurs, – keine Daten) und die Maßnahmen im Gebiet.",
        table,
    )
