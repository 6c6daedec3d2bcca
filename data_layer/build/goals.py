"""Goals and measures of a Datenpaket (``ziele.yaml``, ``massnahmen.yaml``) into the store.

:func:`read_goal_files` parses the files of a package folder (field checks with file, line,
field); :func:`write_goals` checks the references against the store being written (indicator
ids in the catalogue, levels and area ids of the package's area system, goal ids of measures)
and writes the tables ``goals``, ``goal_targets``, ``goal_areas``, ``measures``,
``measure_areas``, ``measure_goals``. A refused file stops the build before the store is
renamed, so the previous store stays unchanged. :func:`copy_public_goals` keeps only published
goals (``public: true`` and ``status: beschlossen``) in the public build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from data_layer.build.store import insert_frame
from data_layer.build.yaml_lines import load_yaml
from data_layer.errors import ImportValidationError
from data_layer.goal_spec import (
    GOALS_FILE,
    MEASURES_FILE,
    AreaSpec,
    Goal,
    Measure,
    parse_goals,
    parse_measures,
)


@dataclass
class GoalFiles:
    """The parsed goals and measures of one package."""

    goals: list[Goal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


def read_goal_files(folder: Path) -> GoalFiles | None:
    """``ziele.yaml`` / ``massnahmen.yaml`` of a package folder (None when neither exists)."""
    goals_path, measures_path = folder / GOALS_FILE, folder / MEASURES_FILE
    if not goals_path.is_file() and not measures_path.is_file():
        return None
    out = GoalFiles()
    if goals_path.is_file():
        out.goals = parse_goals(load_yaml(goals_path, GOALS_FILE), GOALS_FILE)
    if measures_path.is_file():
        out.measures = parse_measures(load_yaml(measures_path, MEASURES_FILE), MEASURES_FILE)
    return out


def resolve_areas(
    conn: duckdb.DuckDBPyConnection, spec: AreaSpec, system_code: str, file: str, label: str
) -> list[str]:
    """The store area ids a spec names; an unknown level or area id is refused with its line."""
    system = spec.area_system or system_code
    if spec.kind == "alle":
        rows = conn.execute(
            "SELECT area_id FROM areas WHERE system_code = ? ORDER BY area_id", [system]
        ).fetchall()
        return [r[0] for r in rows]
    if spec.kind == "ebene":
        levels = [
            r[0]
            for r in conn.execute(
                "SELECT level FROM area_levels WHERE system_code = ? ORDER BY level_rank",
                [system],
            ).fetchall()
        ]
        if not levels:
            raise ImportValidationError(
                file, spec.line, label + "areas.area_system", f"Gebietssystem „{system}“ unbekannt."
            )
        if spec.level not in levels:
            raise ImportValidationError(
                file,
                spec.line,
                label + "areas.level",
                f"Ebene „{spec.level}“ gibt es nicht (vorhanden: {', '.join(levels)}).",
            )
        rows = conn.execute(
            "SELECT area_id FROM areas WHERE system_code = ? AND level = ? ORDER BY area_id",
            [system, spec.level],
        ).fetchall()
        return [r[0] for r in rows]
    ids = [i if ":" in i else f"{system}:{i}" for i in spec.ids]
    known = {
        r[0]
        for r in conn.execute(
            "SELECT area_id FROM areas WHERE list_contains(?, area_id)", [ids]
        ).fetchall()
    }
    for raw, full in zip(spec.ids, ids, strict=True):
        if full not in known:
            raise ImportValidationError(
                file, spec.line, label + "areas", f"Gebiet „{raw}“ gibt es nicht."
            )
    return ids


def _check_indicators(conn: duckdb.DuckDBPyConnection, goals: Sequence[Goal]) -> None:
    known = {r[0] for r in conn.execute("SELECT indicator_id FROM indicators").fetchall()}
    for i, goal in enumerate(goals, 1):
        for j, target in enumerate(goal.targets, 1):
            if target.indicator_id not in known:
                raise ImportValidationError(
                    GOALS_FILE,
                    target.line,
                    f"ziele[{i}].targets[{j}].indicator_id",
                    f"Indikator „{target.indicator_id}“ steht nicht im Indikatorenkatalog.",
                )


def write_goals(conn: duckdb.DuckDBPyConnection, packages: Sequence[Any]) -> list[str]:
    """Check and write the goals and measures of every package (``package.goals``)."""
    parts: list[str] = []
    seen_goals: set[str] = set()
    for pkg in packages:
        files: GoalFiles | None = getattr(pkg, "goals", None)
        if files is None:
            continue
        _check_indicators(conn, files.goals)
        goal_rows, target_rows, area_rows = [], [], []
        for i, g in enumerate(files.goals, 1):
            if g.goal_id in seen_goals:
                raise ImportValidationError(
                    GOALS_FILE, g.line, f"ziele[{i}].goal_id", f"Ziel „{g.goal_id}“ gibt es schon."
                )
            seen_goals.add(g.goal_id)
            ids = resolve_areas(conn, g.areas, pkg.system_code, GOALS_FILE, f"ziele[{i}].")
            goal_rows.append(
                {
                    "goal_id": g.goal_id,
                    "title": g.title,
                    "topic": g.topic,
                    "owner": g.owner,
                    "deadline": pd.Timestamp(g.deadline).date(),
                    "status": g.status,
                    "public": g.public,
                    "areas_text": g.areas.as_text(),
                    "baseline_period": g.baseline_period,
                    "description": g.description,
                    "source_title": g.source_title,
                    "source_publisher": g.source_publisher,
                    "source_url": g.source_url,
                    "source_date": g.source_date,
                    "package": pkg.name,
                }
            )
            for pos, t in enumerate(g.targets, 1):
                target_rows.append(
                    {
                        "goal_id": g.goal_id,
                        "position": pos,
                        "indicator_id": t.indicator_id,
                        "comparison": t.comparison,
                        "target": t.target,
                        "direction": t.direction,
                    }
                )
            area_rows += [{"goal_id": g.goal_id, "area_id": a} for a in ids]
        measure_rows, m_area_rows, m_goal_rows = [], [], []
        for i, m in enumerate(files.measures, 1):
            label = f"massnahmen[{i}]."
            for gid in m.goals:
                if gid not in seen_goals:
                    raise ImportValidationError(
                        MEASURES_FILE,
                        m.key_lines.get("goals", m.line),
                        label + "goals",
                        f"Ziel „{gid}“ steht nicht in ziele.yaml.",
                    )
            ids = resolve_areas(conn, m.areas, pkg.system_code, MEASURES_FILE, label)
            measure_rows.append(
                {
                    "measure_id": m.measure_id,
                    "title": m.title,
                    "start_date": pd.Timestamp(m.start).date(),
                    "end_date": pd.Timestamp(m.end).date() if m.end else None,
                    "responsible": m.responsible,
                    "responsible_type": m.responsible_type,
                    "public": m.public,
                    "lon": m.lon,
                    "lat": m.lat,
                    "description": m.description,
                    "source": m.source,
                    "package": pkg.name,
                }
            )
            m_area_rows += [{"measure_id": m.measure_id, "area_id": a} for a in ids]
            m_goal_rows += [{"measure_id": m.measure_id, "goal_id": g} for g in m.goals]
        insert_frame(conn, "goals", pd.DataFrame(goal_rows))
        insert_frame(conn, "goal_targets", pd.DataFrame(target_rows))
        insert_frame(conn, "goal_areas", pd.DataFrame(area_rows))
        insert_frame(conn, "measures", pd.DataFrame(measure_rows))
        insert_frame(conn, "measure_areas", pd.DataFrame(m_area_rows))
        insert_frame(conn, "measure_goals", pd.DataFrame(m_goal_rows))
        parts.append(
            "goals:" + ",".join(sorted(str(r) for r in goal_rows + target_rows + measure_rows))
        )
    return parts


def copy_public_goals(conn: duckdb.DuckDBPyConnection, src: str = "src") -> None:
    """Public build: only goals with ``public`` and status ``beschlossen``, their targets on
    public indicators, public measures and their links (``src``: the attached internal store)."""
    if src != "src":
        raise ValueError("only the attached source 'src' is supported")
    have = {
        r[0]
        for r in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src'"
        ).fetchall()
    }
    if "goals" not in have:
        return
    conn.execute(
        "INSERT INTO main.goals SELECT * FROM src.goals WHERE public AND status = 'beschlossen'"
    )
    conn.execute(
        """INSERT INTO main.goal_targets SELECT t.* FROM src.goal_targets t
           WHERE t.goal_id IN (SELECT goal_id FROM main.goals)
             AND t.indicator_id IN (SELECT indicator_id FROM main.indicators)"""
    )
    conn.execute(
        """INSERT INTO main.goal_areas SELECT * FROM src.goal_areas
           WHERE goal_id IN (SELECT goal_id FROM main.goals)"""
    )
    conn.execute("INSERT INTO main.measures SELECT * FROM src.measures WHERE public")
    conn.execute(
        """INSERT INTO main.measure_areas SELECT * FROM src.measure_areas
           WHERE measure_id IN (SELECT measure_id FROM main.measures)"""
    )
    conn.execute(
        """INSERT INTO main.measure_goals SELECT * FROM src.measure_goals
           WHERE measure_id IN (SELECT measure_id FROM main.measures)
             AND goal_id IN (SELECT goal_id FROM main.goals)"""
    )
