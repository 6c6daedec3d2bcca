"""Goals, targets, measures and the values they are measured with (bound parameters only).

Public mode is enforced here: only goals with ``public`` and status ``beschlossen`` and public
measures are returned, whatever store the app runs on; draft goals (workspace file) are neither
read nor written in public mode (:func:`save_draft` raises :class:`PublicModeError`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from data_layer.errors import DataError, ImportValidationError, PublicModeError
from data_layer.goal_spec import Goal, parse_goals
from data_layer.paths import DATA_DIR
from data_layer.read.common import _df
from data_layer.read.db import Conn, is_public_mode

#: the draft goals of the internal app (never the store); ``PLANUNGSATLAS_ZIELE_ENTWURF`` overrides
DEFAULT_DRAFT_FILE = DATA_DIR / "workspace" / "ziele_entwurf.yaml"
DRAFT_FILE_NAME = "ziele_entwurf.yaml"


def has_goals(conn: Conn) -> bool:
    """True when the store has the goal tables (stores built before them do not)."""
    rows = _df(conn, "SELECT table_name FROM duckdb_tables() WHERE table_name = 'goals'")
    return not rows.empty


def goals(conn: Conn) -> pd.DataFrame:
    """Stored goals (public mode: published ones only)."""
    if not has_goals(conn):
        return pd.DataFrame(columns=["goal_id", "title"])
    where = " WHERE public AND status = 'beschlossen'" if is_public_mode() else ""
    return _df(conn, f"SELECT * FROM goals{where} ORDER BY topic, goal_id")  # noqa: S608 - constant


def goal_targets(conn: Conn) -> pd.DataFrame:
    """Targets of the stored goals with the indicator's name, unit and decimals."""
    if not has_goals(conn):
        return pd.DataFrame(columns=["goal_id", "indicator_id"])
    public = " AND i.public" if is_public_mode() else ""
    return _df(
        conn,
        f"""SELECT t.*, i.name AS indicator_name, i.unit, i.decimals
            FROM goal_targets t JOIN indicators i USING (indicator_id)
            WHERE TRUE{public} ORDER BY goal_id, position""",  # noqa: S608 - constant
    )


def goal_areas(conn: Conn, goal_id: str) -> pd.DataFrame:
    """The areas a stored goal applies to (id, name, level, system)."""
    return _df(
        conn,
        """SELECT a.area_id, a.local_id, a.name, a.level, a.level_rank, a.system_code
           FROM goal_areas g JOIN areas a USING (area_id) WHERE g.goal_id = ?
           ORDER BY a.level_rank, a.name""",
        [goal_id],
    )


def level_areas(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Areas of a level (for draft goals that apply to a level)."""
    return _df(
        conn,
        """SELECT area_id, local_id, name, level, level_rank, system_code FROM areas
           WHERE system_code = ? AND level = ? ORDER BY name""",
        [system_code, level],
    )


def target_values(conn: Conn, indicator_id: str, area_ids: list[str]) -> pd.DataFrame:
    """Every value of one indicator in the given areas (area_id, period, period_date, value)."""
    public = " AND i.public" if is_public_mode() else ""
    return _df(
        conn,
        f"""SELECT v.area_id, v.period, v.period_date, v.value
            FROM indicator_values v JOIN indicators i USING (indicator_id)
            WHERE v.indicator_id = ? AND list_contains(?, v.area_id){public}
            ORDER BY v.area_id, v.period_date""",  # noqa: S608 - constant
        [indicator_id, area_ids],
    )


def measures(conn: Conn) -> pd.DataFrame:
    """Measures with their areas and goals as comma lists (public mode: public ones only)."""
    if not has_goals(conn):
        return pd.DataFrame(columns=["measure_id", "title", "area_ids", "goal_ids"])
    where = " WHERE m.public" if is_public_mode() else ""
    return _df(
        conn,
        f"""SELECT m.*,
               (SELECT string_agg(area_id, ',' ORDER BY area_id) FROM measure_areas a
                WHERE a.measure_id = m.measure_id) AS area_ids,
               (SELECT string_agg(goal_id, ',' ORDER BY goal_id) FROM measure_goals g
                WHERE g.measure_id = m.measure_id) AS goal_ids
            FROM measures m{where} ORDER BY m.start_date, m.measure_id""",  # noqa: S608 - constant
    )


# --------------------------------------------------------------------------- drafts


def draft_file() -> Path:
    """The workspace file of draft goals (``PLANUNGSATLAS_ZIELE_ENTWURF`` or the default)."""
    env = os.environ.get("PLANUNGSATLAS_ZIELE_ENTWURF", "").strip()
    return Path(env) if env else DEFAULT_DRAFT_FILE


def load_drafts(path: Path | None = None) -> list[Goal]:
    """Draft goals of the workspace file; none in public mode or when the file is missing."""
    if is_public_mode():
        return []
    target = path or draft_file()
    if not target.is_file():
        return []
    try:
        content = yaml.safe_load(target.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"Die Entwurfsdatei {target.name} ist nicht lesbar ({exc}).") from exc
    return parse_goals(content, DRAFT_FILE_NAME)


def save_draft(entry: dict[str, Any], path: Path | None = None) -> Goal:
    """Append a draft goal to the workspace file (checked like ``ziele.yaml``); never the store.

    Refused in public mode. The draft always has status ``entwurf`` and ``public: false``.
    """
    if is_public_mode():
        raise PublicModeError("Öffentlicher Modus: Zielentwürfe können nicht gespeichert werden.")
    target = path or draft_file()
    entry = {**entry, "status": "entwurf", "public": False}
    existing = load_drafts(target)
    raw = [] if not target.is_file() else (yaml.safe_load(target.read_text("utf-8")) or {})
    items = list(raw.get("ziele") or []) if isinstance(raw, dict) else []
    goal = parse_goals({"ziele": [*items, entry]}, DRAFT_FILE_NAME)[-1]
    if any(g.goal_id == goal.goal_id for g in existing):
        raise ImportValidationError(
            DRAFT_FILE_NAME, None, "goal_id", f"Ziel „{goal.goal_id}“ gibt es schon."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump({"ziele": [*items, entry]}, allow_unicode=True, sort_keys=False)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return goal
