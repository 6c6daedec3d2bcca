"""Goal attainment against hand-worked tables, and its properties (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.goals.attainment import (
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    REACHED,
    attainment,
    combine,
)

RANK = {OFF_TRACK: 0, ON_TRACK: 1, REACHED: 2}


def _at(points, comparison=">=", target=30.0, direction=None, deadline=2025, today=2024):
    return attainment(
        points,
        comparison=comparison,
        target=target,
        direction=direction,
        deadline_year=deadline,
        today_year=today,
    )


def test_on_course_for_a_minimum_target():
    # 20 → 24 in two years: +2 per year; 6 missing → 3 years → 2023, before the deadline 2025
    a = _at([(2018, 20.0), (2020, 24.0)])
    assert (a.state, a.current, a.distance, a.slope_per_year, a.reach_year) == (
        ON_TRACK, 24.0, 6.0, 2.0, 2023,
    )  # fmt: skip
    assert a.progress_pct == pytest.approx(40.0)  # (24 − 20) / (30 − 20)


def test_too_slow_for_the_deadline_is_not_on_course():
    a = _at([(2018, 20.0), (2020, 24.0)], deadline=2022)
    assert (a.state, a.reach_year) == (OFF_TRACK, 2023)


def test_maximum_target_falling_values():
    # 16, 14, 12 over 2016–2020: −1 per year; 2 above the target 10 → 2022
    a = _at([(2016, 16.0), (2018, 14.0), (2020, 12.0)], comparison="<=", target=10.0, deadline=2030)
    assert (a.state, a.distance, a.slope_per_year, a.reach_year) == (ON_TRACK, 2.0, -1.0, 2022)
    assert a.progress_pct == pytest.approx(200 / 3)  # (12 − 16) / (10 − 16)


def test_no_progress_share_when_the_baseline_already_met_the_target():
    a = _at([(2006, 55.0), (2020, 59.5)])
    assert (a.state, a.progress_pct, a.distance) == (REACHED, None, 0.0)


def test_moving_away_has_no_reach_year():
    a = _at([(2018, 24.0), (2020, 20.0)])
    assert (a.state, a.reach_year) == (OFF_TRACK, None)


def test_met_target_and_missing_values():
    assert _at([(2018, 35.0)]).state == REACHED
    assert _at([(2018, 35.0)]).distance == 0.0
    assert _at([]).state == NO_DATA
    assert _at([(2020, float("nan"))]).state == NO_DATA


def test_single_value_says_no_trend_until_the_deadline_has_passed():
    assert _at([(2020, 20.0)], deadline=2030).state == NO_DATA
    assert _at([(2020, 20.0)], deadline=2020, today=2024).state == OFF_TRACK


def test_direction_targets():
    falling = [(2016, 16.0), (2018, 14.0)]
    assert _at(falling, None, None, "senken").state == ON_TRACK
    assert _at(falling, None, None, "steigern").state == OFF_TRACK
    assert _at([(2016, 16.0)], None, None, "senken").state == NO_DATA


def test_missing_data_is_never_green_when_combined():
    assert combine([REACHED, NO_DATA]) == NO_DATA
    assert combine([REACHED, ON_TRACK]) == ON_TRACK
    assert combine([OFF_TRACK, REACHED]) == OFF_TRACK


values = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
series = st.lists(st.tuples(st.integers(2000, 2030), values), min_size=1, max_size=8)


@settings(max_examples=300, derandomize=True)
@given(series, values, st.sampled_from([">=", "<="]), st.integers(2000, 2040))
def test_a_met_target_is_never_not_reached(points, target, comparison, deadline):
    latest = max(points)[0]
    current = [v for x, v in sorted(points) if x == latest][-1]
    met = current >= target if comparison == ">=" else current <= target
    a = _at(points, comparison, target, deadline=deadline)
    if met:
        assert a.state == REACHED and a.distance == 0.0


@settings(max_examples=300, derandomize=True)
@given(
    st.lists(values, min_size=1, max_size=6),
    values,
    st.floats(min_value=0, max_value=1e3),
    values,
    st.integers(2000, 2040),
)
def test_attainment_is_monotone_in_the_current_value(history, current, raise_by, target, deadline):
    years = list(range(2010, 2010 + len(history) + 1))
    low = _at(
        [*zip(years, history, strict=False), (years[-1], current)], target=target, deadline=deadline
    )
    high = _at(
        [*zip(years, history, strict=False), (years[-1], current + raise_by)],
        target=target,
        deadline=deadline,
    )
    assert RANK[high.state] >= RANK[low.state]
    assert high.distance is not None and low.distance is not None
    assert high.distance <= low.distance
