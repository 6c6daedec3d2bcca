"""Attainment of one goal target in one area: pure functions, no I/O.

For a numeric target (``>=`` or ``<=``) and a value series (year, value):

* **current** value = the latest value; **distance** = what is still missing in indicator
  units (0 once the target is met);
* **progress** = share of the way from the baseline (first value) to the target, in %
  (None when the baseline already met the target);
* **slope** = least-squares slope per year over all available values (None with fewer than
  two distinct years);
* **reach year** = the year the target is reached at the current pace (None when met,
  moving away, or no trend);
* **state** (Ampel): ``erreicht`` (target met), ``auf Kurs`` (reach year not after the
  deadline year), ``nicht auf Kurs`` (otherwise; also when the deadline has passed), ``keine
  Daten`` (no value in the area, or only one value and the deadline still ahead). A missing
  value is never green.

A direction target (``steigern``/``senken``) has no target value: ``auf Kurs`` when the trend
points the right way, ``nicht auf Kurs`` when it points the other way or is flat, ``keine
Daten`` without a trend.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

REACHED = "erreicht"
ON_TRACK = "auf Kurs"
OFF_TRACK = "nicht auf Kurs"
NO_DATA = "keine Daten"
#: order for combining several targets of a goal: the worst wins, and missing data beats green
STATES_WORST_FIRST = (OFF_TRACK, NO_DATA, ON_TRACK, REACHED)


@dataclass(frozen=True)
class Attainment:
    state: str
    current: float | None = None
    current_year: float | None = None
    target: float | None = None
    distance: float | None = None
    progress_pct: float | None = None
    slope_per_year: float | None = None
    reach_year: int | None = None
    reason: str = ""


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of value over year; None with fewer than two distinct years.

    >>> slope([(2010, 1.0), (2012, 5.0)]), slope([(2010, 1.0)])
    (2.0, None)
    """
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return sxy / sxx


def met(value: float, comparison: str, target: float) -> bool:
    """Is ``target`` met by ``value``? (``>=`` or ``<=``)"""
    return value >= target if comparison == ">=" else value <= target


def attainment(
    points: Sequence[tuple[float, float]],
    *,
    comparison: str | None,
    target: float | None,
    direction: str | None,
    deadline_year: float,
    today_year: float,
    baseline: float | None = None,
) -> Attainment:
    """The attainment of one target from the (year, value) series of one area.

    ``points`` with NaN values are ignored; ``baseline`` defaults to the first value.
    """
    pts = sorted((float(x), float(y)) for x, y in points if y is not None and not math.isnan(y))
    if not pts:
        return Attainment(NO_DATA, target=target, reason="kein Wert für dieses Gebiet")
    year, current = pts[-1]
    trend = slope(pts)
    if comparison is None or target is None:
        sign = 1.0 if direction == "steigern" else -1.0
        if trend is None:
            return Attainment(NO_DATA, current, year, reason="nur ein Zeitpunkt: kein Trend")
        state = ON_TRACK if trend * sign > 0 else OFF_TRACK
        return Attainment(state, current, year, slope_per_year=trend)
    base = pts[0][1] if baseline is None else baseline
    sign = 1.0 if comparison == ">=" else -1.0
    distance = max(0.0, (target - current) * sign)
    # no way to go when the baseline already met the target
    progress = (
        None
        if target == base or met(base, comparison, target)
        else 100.0 * (current - base) / (target - base)
    )
    common = {
        "current": current,
        "current_year": year,
        "target": target,
        "distance": distance,
        "progress_pct": progress,
        "slope_per_year": trend,
    }
    if met(current, comparison, target):
        return Attainment(REACHED, **common)  # type: ignore[arg-type]
    reach: int | None = None
    if trend is not None and trend * sign > 0:
        reach = math.ceil(year + distance / abs(trend) - 1e-9)
    if reach is not None and reach <= deadline_year:
        return Attainment(ON_TRACK, reach_year=reach, **common)  # type: ignore[arg-type]
    if trend is None and today_year <= deadline_year:
        return Attainment(NO_DATA, reason="nur ein Zeitpunkt: kein Trend", **common)  # type: ignore[arg-type]
    return Attainment(OFF_TRACK, reach_year=reach, **common)  # type: ignore[arg-type]


def combine(states: Sequence[str]) -> str:
    """One state for several targets of a goal: the worst; missing data is never green.

    >>> combine([REACHED, NO_DATA]), combine([OFF_TRACK, NO_DATA]), combine([])
    ('keine Daten', 'nicht auf Kurs', 'keine Daten')
    """
    if not states:
        return NO_DATA
    return min(states, key=STATES_WORST_FIRST.index)


def overall(states: Sequence[str]) -> str:
    """The Ampel of a goal over its areas: the most frequent state (ties: the worse one).

    >>> overall([REACHED, REACHED, OFF_TRACK]), overall([REACHED, OFF_TRACK])
    ('erreicht', 'nicht auf Kurs')
    """
    if not states:
        return NO_DATA
    counts = {s: states.count(s) for s in STATES_WORST_FIRST}
    return max(STATES_WORST_FIRST, key=lambda s: (counts[s], -STATES_WORST_FIRST.index(s)))
