"""The format of goals (``ziele.yaml``) and measures (``massnahmen.yaml``), for build and app.

Parsing and field checks only (no database): the build checks references (indicators, areas,
levels, goal ids) against the store it writes (:mod:`data_layer.build.goals`); the app parses
the draft file of the workspace with the same rules (:mod:`data_layer.read.goals`).
Every message is German and names file, line and field (``docs/datenpaket.md``, „Ziele und
Maßnahmen“).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from data_layer.errors import ImportValidationError

GOALS_FILE = "ziele.yaml"
MEASURES_FILE = "massnahmen.yaml"

#: every key a goal may hold; another key is refused as a typo
GOAL_KEYS = (
    "goal_id",
    "title",
    "topic",
    "owner",
    "targets",
    "deadline",
    "areas",
    "status",
    "public",
    "source",
    "description",
    "baseline_period",
)
GOAL_REQUIRED: tuple[str, ...] = ("goal_id", "title", "topic", "owner", "targets", "deadline")
GOAL_REQUIRED += ("areas", "status", "public", "source")
TARGET_KEYS = ("indicator_id", "target", "comparison", "direction")
SOURCE_KEYS = ("title", "publisher", "url", "date")
MEASURE_KEYS = (
    "measure_id",
    "title",
    "areas",
    "start",
    "end",
    "responsible",
    "responsible_type",
    "goals",
    "lon",
    "lat",
    "description",
    "source",
    "public",
)
MEASURE_REQUIRED: tuple[str, ...] = (
    "measure_id",
    "title",
    "areas",
    "start",
    "responsible",
    "responsible_type",
)
MEASURE_REQUIRED += ("goals", "public")
AREA_KEYS = ("level", "area_system")
#: status of a goal: a draft or a decision of the council / committee
STATUSES = ("entwurf", "beschlossen")
#: comparison of a numeric target (``≥``/``≤`` are read as ``>=``/``<=``)
COMPARISONS = (">=", "<=")
#: a goal without a numeric target names the direction the indicator should move
DIRECTIONS = ("steigern", "senken")
RESPONSIBLE_TYPES = ("Amt", "Träger")
ALL_AREAS = "alle"
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERIOD = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


def line_of(mapping: object, key: object = None) -> int | None:
    """Line of ``key`` in a mapping read with line numbers (the build's YAML reader keeps them
    as ``key_lines``/``line``); None for a plain mapping (e.g. the app's draft file)."""
    lines = getattr(mapping, "key_lines", None)
    if lines is None:
        return None
    if key is not None and key in lines:
        return int(lines[key])
    line = getattr(mapping, "line", None)
    return int(line) if line is not None else None


@dataclass(frozen=True)
class Target:
    """One indicator of a goal: a numeric target (``comparison`` + ``target``) or a direction."""

    indicator_id: str
    comparison: str | None = None
    target: float | None = None
    direction: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class AreaSpec:
    """Where a goal or measure applies: ``alle`` (every area of the package), a ``level``
    (optionally of another ``area_system``) or a list of area ids (local or ``system:id``)."""

    kind: str  # "alle" | "ebene" | "liste"
    level: str | None = None
    area_system: str | None = None
    ids: tuple[str, ...] = ()
    line: int | None = None

    def as_text(self) -> str:
        """Short German text, e.g. ``alle Gebiete``, ``Ebene Bezirk``, ``3 Gebiete``."""
        if self.kind == ALL_AREAS:
            return "alle Gebiete"
        if self.kind == "ebene":
            return f"Ebene {self.level}"
        return f"{len(self.ids)} Gebiet" + ("e" if len(self.ids) != 1 else "")


@dataclass(frozen=True)
class Goal:
    goal_id: str
    title: str
    topic: str
    owner: str
    targets: tuple[Target, ...]
    deadline: str  # ISO date
    areas: AreaSpec
    status: str
    public: bool
    source_title: str
    source_publisher: str
    source_url: str
    source_date: str
    description: str = ""
    baseline_period: str | None = None
    line: int | None = None
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Measure:
    measure_id: str
    title: str
    areas: AreaSpec
    start: str
    end: str | None
    responsible: str
    responsible_type: str
    goals: tuple[str, ...]
    public: bool
    lon: float | None = None
    lat: float | None = None
    description: str = ""
    source: str = ""
    line: int | None = None
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)


def _fail(file: str, where: object, key: str | None, message: str, label: str = "") -> None:
    raise ImportValidationError(file, line_of(where, key), (label + key) if key else None, message)


def _text(
    entry: dict[str, Any], key: str, file: str, label: str = "", *, max_len: int = 300
) -> str:
    value = entry.get(key)
    if value is None or isinstance(value, bool | dict | list):
        _fail(file, entry, key, "erwartet einen Text.", label)
    text = str(value).strip()
    if not text:
        _fail(file, entry, key, "Pflichtangabe fehlt.", label)
    if len(text) > max_len:
        _fail(file, entry, key, f"Text zu lang (höchstens {max_len} Zeichen).", label)
    return text


def _ident(entry: dict[str, Any], key: str, file: str, label: str = "") -> str:
    text = _text(entry, key, file, label)
    if not _ID.match(text):
        _fail(
            file,
            entry,
            key,
            f"„{text}“ ist keine gültige Kennung (Buchstaben, Ziffern, _ . -; höchstens 60 Zeichen).",
            label,
        )
    return text


def iso_date(value: object) -> str | None:
    """An ISO date text from a YAML date or a ``JJJJ-MM-TT`` text, else None.

    >>> iso_date(dt.date(2030, 12, 31)), iso_date("2030-02-30"), iso_date("31.12.2030")
    ('2030-12-31', None, None)
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _date(entry: dict[str, Any], key: str, file: str, label: str = "") -> str:
    value = entry.get(key)
    iso = iso_date(value)
    if iso is None:
        _fail(file, entry, key, f"„{value}“ ist kein Datum (erwartet JJJJ-MM-TT).", label)
    assert iso is not None
    return iso


def _bool(entry: dict[str, Any], key: str, file: str, label: str = "") -> bool:
    value = entry.get(key)
    if not isinstance(value, bool):
        _fail(file, entry, key, f"„{value}“ – erwartet true oder false.", label)
    return bool(value)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        out = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        return None
    return out if math.isfinite(out) else None


def _keys(entry: object, allowed: tuple[str, ...], file: str, label: str, where: object) -> None:
    if not isinstance(entry, dict):
        raise ImportValidationError(
            file, line_of(where), label.rstrip(".") or None, "erwartet Schlüssel: Wert-Paare."
        )
    for key in entry:
        if key not in allowed:
            _fail(
                file,
                entry,
                str(key),
                f"unbekannter Schlüssel (erlaubt: {', '.join(allowed)}).",
                label,
            )


def _required(entry: dict[str, Any], keys: tuple[str, ...], file: str, label: str) -> None:
    for key in keys:
        if entry.get(key) is None or entry.get(key) == "":
            raise ImportValidationError(file, line_of(entry), label + key, "Pflichtangabe fehlt.")


def parse_areas(value: object, file: str, where: dict[str, Any], label: str) -> AreaSpec:
    """``alle``, ``{level: …, area_system: …}`` or a list of area ids."""
    line = line_of(where, "areas")
    if isinstance(value, str) and value.strip().lower() == ALL_AREAS:
        return AreaSpec(ALL_AREAS, line=line)
    if isinstance(value, dict):
        _keys(value, AREA_KEYS, file, label + "areas.", where)
        level = _text(value, "level", file, label + "areas.")
        system = value.get("area_system")
        return AreaSpec(
            "ebene", level=level, area_system=str(system) if system else None, line=line
        )
    if isinstance(value, list) and value:
        ids = tuple(str(v).strip() for v in value)
        if any(
            not i or len(i) > 80 or isinstance(v, bool | dict | list)
            for i, v in zip(ids, value, strict=True)
        ):
            raise ImportValidationError(
                file, line, label + "areas", "jede Gebietskennung muss ein kurzer Text sein."
            )
        return AreaSpec("liste", ids=tuple(dict.fromkeys(ids)), line=line)
    raise ImportValidationError(
        file,
        line,
        label + "areas",
        "erwartet „alle“, eine Ebene ({level: …}) oder eine Liste von Gebietskennungen.",
    )


def _target(entry: object, file: str, label: str, where: object) -> Target:
    _keys(entry, TARGET_KEYS, file, label, where)
    assert isinstance(entry, dict)
    indicator = _ident(entry, "indicator_id", file, label)
    direction = entry.get("direction")
    has_target = entry.get("target") is not None
    if has_target == (direction is not None):
        _fail(
            file,
            entry,
            "target" if has_target else "indicator_id",
            "genau eines angeben: „target“ mit „comparison“ oder „direction“.",
            label,
        )
    if direction is not None:
        if direction not in DIRECTIONS:
            _fail(
                file,
                entry,
                "direction",
                f"„{direction}“ (erlaubt: {', '.join(DIRECTIONS)}).",
                label,
            )
        if entry.get("comparison") is not None:
            _fail(file, entry, "comparison", "nur zusammen mit „target“.", label)
        return Target(indicator, direction=str(direction), line=line_of(entry))
    value = _number(entry.get("target"))
    if value is None:
        _fail(file, entry, "target", f"„{entry.get('target')}“ ist keine Zahl.", label)
    comparison = str(entry.get("comparison") or "").replace("≥", ">=").replace("≤", "<=").strip()
    if comparison not in COMPARISONS:
        _fail(
            file,
            entry,
            "comparison",
            f"„{entry.get('comparison')}“ (erlaubt: >=, <=, ≥, ≤).",
            label,
        )
    return Target(indicator, comparison=comparison, target=value, line=line_of(entry))


def parse_goal(entry: object, file: str, index: int, where: object = None) -> Goal:
    """One goal mapping → :class:`Goal` (field checks; references are checked by the build)."""
    label = f"ziele[{index}]."
    _keys(entry, GOAL_KEYS, file, label, where)
    assert isinstance(entry, dict)
    _required(entry, GOAL_REQUIRED, file, label)
    targets_raw = entry.get("targets")
    if not isinstance(targets_raw, list) or not targets_raw:
        _fail(file, entry, "targets", "erwartet eine Liste mit mindestens einem Indikator.", label)
    assert isinstance(targets_raw, list)
    targets = tuple(
        _target(t, file, f"{label}targets[{i}].", entry) for i, t in enumerate(targets_raw, 1)
    )
    status = _text(entry, "status", file, label)
    if status not in STATUSES:
        _fail(file, entry, "status", f"„{status}“ (erlaubt: {', '.join(STATUSES)}).", label)
    source = entry.get("source")
    _keys(source, SOURCE_KEYS, file, label + "source.", entry)
    assert isinstance(source, dict)
    _required(source, ("title", "publisher", "url", "date"), file, label + "source.")
    url = _text(source, "url", file, label + "source.", max_len=500)
    if not url.startswith(("https://", "http://")):
        _fail(
            file,
            source,
            "url",
            "erwartet eine Adresse, die mit https:// beginnt.",
            label + "source.",
        )
    baseline = entry.get("baseline_period")
    if baseline is not None:
        baseline = iso_date(baseline) or str(baseline).strip()
        if not _PERIOD.match(baseline):
            _fail(file, entry, "baseline_period", "erwartet JJJJ oder JJJJ-MM-TT.", label)
    return Goal(
        goal_id=_ident(entry, "goal_id", file, label),
        title=_text(entry, "title", file, label),
        topic=_text(entry, "topic", file, label),
        owner=_text(entry, "owner", file, label),
        targets=targets,
        deadline=_date(entry, "deadline", file, label),
        areas=parse_areas(entry.get("areas"), file, entry, label),
        status=status,
        public=_bool(entry, "public", file, label),
        source_title=_text(source, "title", file, label + "source."),
        source_publisher=_text(source, "publisher", file, label + "source."),
        source_url=url,
        source_date=_date(source, "date", file, label + "source."),
        description=str(entry.get("description") or "").strip(),
        baseline_period=baseline,
        line=line_of(entry),
        key_lines={str(k): v for k, v in getattr(entry, "key_lines", {}).items()},
    )


def parse_measure(entry: object, file: str, index: int, where: object = None) -> Measure:
    """One measure mapping → :class:`Measure`."""
    label = f"massnahmen[{index}]."
    _keys(entry, MEASURE_KEYS, file, label, where)
    assert isinstance(entry, dict)
    _required(entry, MEASURE_REQUIRED, file, label)
    kind = _text(entry, "responsible_type", file, label)
    if kind not in RESPONSIBLE_TYPES:
        _fail(file, entry, "responsible_type", f"„{kind}“ (erlaubt: Amt, Träger).", label)
    start = _date(entry, "start", file, label)
    end = _date(entry, "end", file, label) if entry.get("end") is not None else None
    if end is not None and end < start:
        _fail(file, entry, "end", f"Ende {end} liegt vor dem Beginn {start}.", label)
    goals = entry.get("goals")
    if not isinstance(goals, list) or not goals:
        _fail(file, entry, "goals", "erwartet eine Liste von Ziel-Kennungen (goal_id).", label)
    assert isinstance(goals, list)
    lon, lat = entry.get("lon"), entry.get("lat")
    x = _number(lon) if lon is not None else None
    y = _number(lat) if lat is not None else None
    if (lon is None) != (lat is None):
        _fail(file, entry, "lat" if lat is None else "lon", "„lon“ und „lat“ nur zusammen.", label)
    if lon is not None and (x is None or not -180 <= x <= 180):
        _fail(file, entry, "lon", f"„{lon}“ ist keine Länge (−180 bis 180).", label)
    if lat is not None and (y is None or not -90 <= y <= 90):
        _fail(file, entry, "lat", f"„{lat}“ ist keine Breite (−90 bis 90).", label)
    return Measure(
        measure_id=_ident(entry, "measure_id", file, label),
        title=_text(entry, "title", file, label),
        areas=parse_areas(entry.get("areas"), file, entry, label),
        start=start,
        end=end,
        responsible=_text(entry, "responsible", file, label),
        responsible_type=kind,
        goals=tuple(str(g).strip() for g in goals),
        public=_bool(entry, "public", file, label),
        lon=x,
        lat=y,
        description=str(entry.get("description") or "").strip(),
        source=str(entry.get("source") or "").strip(),
        line=line_of(entry),
        key_lines={str(k): v for k, v in getattr(entry, "key_lines", {}).items()},
    )


def parse_list(content: object, file: str, top: str) -> list[Any]:
    """The list under the top key (``ziele`` or ``massnahmen``) of a parsed file."""
    if content is None:
        return []
    if not isinstance(content, dict) or top not in content:
        raise ImportValidationError(
            file, line_of(content), top, f"erwartet „{top}:“ mit einer Liste."
        )
    for key in content:
        if key != top:
            _fail(file, content, str(key), f"unbekannter Schlüssel (erlaubt: {top}).")
    items = content[top]
    if items is None:
        return []
    if not isinstance(items, list):
        _fail(file, content, top, "erwartet eine Liste.")
    return list(items)


def parse_goals(content: object, file: str = GOALS_FILE) -> list[Goal]:
    """All goals of a parsed ``ziele.yaml``; a repeated ``goal_id`` is refused."""
    goals = [
        parse_goal(e, file, i, content) for i, e in enumerate(parse_list(content, file, "ziele"), 1)
    ]
    seen: dict[str, Goal] = {}
    for goal in goals:
        if goal.goal_id in seen:
            raise ImportValidationError(
                file,
                goal.key_lines.get("goal_id", goal.line),
                "goal_id",
                f"Ziel „{goal.goal_id}“ kommt doppelt vor (auch Zeile {seen[goal.goal_id].line}).",
            )
        seen[goal.goal_id] = goal
    return goals


def parse_measures(content: object, file: str = MEASURES_FILE) -> list[Measure]:
    """All measures of a parsed ``massnahmen.yaml``; a repeated ``measure_id`` is refused."""
    items = parse_list(content, file, "massnahmen")
    measures = [parse_measure(e, file, i, content) for i, e in enumerate(items, 1)]
    seen: dict[str, Measure] = {}
    for m in measures:
        if m.measure_id in seen:
            raise ImportValidationError(
                file,
                m.key_lines.get("measure_id", m.line),
                "measure_id",
                f"Maßnahme „{m.measure_id}“ kommt doppelt vor (auch Zeile {seen[m.measure_id].line}).",
            )
        seen[m.measure_id] = m
    return measures
