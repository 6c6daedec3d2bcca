"""The goals of the page (stored and drafts) and their attainment per area (no widgets)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.cache import connection
from components.formatting import fmt_date
from data_layer.goal_spec import Goal
from data_layer.read import goals as read
from indicators.goals.attainment import NO_DATA, attainment, combine, overall


@dataclass(frozen=True)
class GoalRow:
    """One goal as the page shows it (stored or draft)."""

    goal_id: str
    title: str
    topic: str
    owner: str
    deadline: str
    status: str
    areas_text: str
    source: str
    targets: tuple[tuple[str, str | None, float | None, str | None], ...]
    draft: bool = False


@st.cache_data(show_spinner=False)
def stored_goals() -> tuple[GoalRow, ...]:
    conn = connection()
    frame = read.goals(conn)
    targets = read.goal_targets(conn)
    out = []
    for g in frame.to_dict("records"):
        t = targets[targets["goal_id"] == g["goal_id"]]
        out.append(
            GoalRow(
                str(g["goal_id"]),
                str(g["title"]),
                str(g["topic"]),
                str(g["owner"]),
                str(g["deadline"])[:10],
                str(g["status"]),
                str(g["areas_text"]),
                f"{g['source_publisher']}: {g['source_title']} ({fmt_date(g['source_date'])}), "
                f"{g['source_url']}",
                tuple(
                    (
                        str(r["indicator_id"]),
                        None if r["comparison"] is None else str(r["comparison"]),
                        None if r["target"] is None else float(r["target"]),
                        None if r["direction"] is None else str(r["direction"]),
                    )
                    for r in t.astype(object).where(t.notna(), None).to_dict("records")
                ),
            )
        )
    return tuple(out)


def _draft_row(g: Goal) -> GoalRow:
    return GoalRow(
        g.goal_id,
        g.title,
        g.topic,
        g.owner,
        g.deadline,
        "entwurf",
        g.areas.as_text(),
        f"{g.source_publisher}: {g.source_title} ({fmt_date(g.source_date)}), {g.source_url}",
        tuple((t.indicator_id, t.comparison, t.target, t.direction) for t in g.targets),
        draft=True,
    )


def draft_goals() -> tuple[tuple[GoalRow, Goal], ...]:
    """Draft goals of the workspace file (none in public mode)."""
    return tuple((_draft_row(g), g) for g in read.load_drafts())


@st.cache_data(show_spinner=False)
def goal_areas(goal_id: str) -> pd.DataFrame:
    return read.goal_areas(connection(), goal_id)


def draft_areas(goal: Goal, system_code: str) -> pd.DataFrame:
    """The areas of a draft goal: a level of ``system_code`` (the form offers only levels)."""
    if goal.areas.kind == "ebene" and goal.areas.level:
        return read.level_areas(
            connection(), goal.areas.area_system or system_code, goal.areas.level
        )
    return pd.DataFrame(columns=["area_id", "local_id", "name", "level"])


@st.cache_data(show_spinner=False)
def values(indicator_id: str, area_ids: tuple[str, ...]) -> pd.DataFrame:
    return read.target_values(connection(), indicator_id, list(area_ids))


@st.cache_data(show_spinner=False)
def measures() -> pd.DataFrame:
    return read.measures(connection())


def _year(date: str | dt.date) -> float:
    d = pd.Timestamp(date)
    return d.year + (d.day_of_year - 1) / 365.25


def area_attainment(goal: GoalRow, areas: pd.DataFrame) -> pd.DataFrame:
    """One row per area: state (over all targets), current value, target, distance, trend …"""
    today = _year(dt.date.today())
    deadline = pd.Timestamp(goal.deadline).year
    rows = {a: {"area_id": a, "states": []} for a in areas["area_id"]}
    first = True
    for indicator_id, comparison, target, direction in goal.targets:
        vals = values(indicator_id, tuple(areas["area_id"]))
        by_area = {a: g for a, g in vals.groupby("area_id")}
        for area_id in areas["area_id"]:
            g = by_area.get(area_id)
            points = (
                [(_year(d), float(v)) for d, v in zip(g["period_date"], g["value"], strict=True)]
                if g is not None
                else []
            )
            res = attainment(
                points,
                comparison=comparison,
                target=target,
                direction=direction,
                deadline_year=deadline,
                today_year=today,
            )
            rows[area_id]["states"].append(res.state)
            if first:
                rows[area_id].update(
                    current=res.current,
                    period=None if g is None or g.empty else str(g["period"].iloc[-1]),
                    target=res.target,
                    distance=res.distance,
                    progress=res.progress_pct,
                    slope=res.slope_per_year,
                    reach=res.reach_year,
                    reason=res.reason,
                )
        first = False
    frame = pd.DataFrame(list(rows.values()))
    if frame.empty:
        return frame
    frame["state"] = [combine(s) for s in frame.pop("states")]
    return areas[["area_id", "name", "level"]].merge(frame, on="area_id", how="left")


def goal_state(table: pd.DataFrame) -> str:
    """The Ampel of a goal over its areas (most frequent state)."""
    return overall(list(table["state"])) if not table.empty else NO_DATA
