"""Estimates moved between area systems: no secret of their own, but they inherit their inputs'.

Hand-worked system A: parent P = a1 + a2 = 2 + 50 = 52 (a1 = 2 is a small count); a lone area
b = 50. System B is estimated with crosswalk weights: x = 0.5·a1 = 1, z = 0.02·b = 1.
"""

from __future__ import annotations

import pandas as pd

from indicators.disclosure.plan import DisclosureSettings, audit_plan, plan_suppression

NO_VALUES = pd.DataFrame(
    columns=["indicator_id", "area_id", "period", "value", "numerator", "denominator"]
)
CATALOGUE = pd.DataFrame(
    columns=["indicator_id", "aggregation", "count_threshold", "min_denominator", "derived"]
)


def _pop(rows: dict[str, tuple[float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": list(rows),
            "period": "2015",
            "sex": "all",
            "age_from": 0,
            "age_to": None,
            "count": [v for v, _ in rows.values()],
            "flag": [f for _, f in rows.values()],
        }
    )


AREAS = pd.DataFrame(
    {
        "area_id": ["P", "a1", "a2", "b", "x", "y", "z"],
        "parent_id": [None, "P", "P", None, None, None, None],
    }
)


def _plan(rows: dict[str, tuple[float, str]], crosswalk: pd.DataFrame):  # type: ignore[no-untyped-def]
    pop = _pop(rows)
    plan = plan_suppression(pop, NO_VALUES, AREAS, CATALOGUE, DisclosureSettings(), crosswalk)
    return dict(zip(pop["area_id"], plan.population, strict=True)), plan


def test_estimate_of_public_inputs_is_shown_and_estimate_of_a_secret_is_hidden() -> None:
    rows = {
        "P": (52.0, "observed"),
        "a1": (2.0, "observed"),
        "a2": (50.0, "observed"),
        "b": (50.0, "observed"),
        "x": (1.0, "estimated"),
        "z": (1.0, "estimated"),
    }
    cw = pd.DataFrame({"from_area": ["a1", "b"], "to_area": ["x", "z"], "weight": [0.5, 0.02]})
    hidden, plan = _plan(rows, cw)
    # a1 primary, a2 secondary (52 − 50); x = 0.5·a1 would give a1 = 2: hidden;
    # z = 0.02·50 is computable from public figures: shown although it is "1 person"
    assert hidden == {"P": False, "a1": True, "a2": True, "b": False, "x": True, "z": False}
    report = audit_plan(plan, DisclosureSettings())
    assert report.exact == () and report.too_narrow == ()
    assert report.narrowest is not None and report.narrowest[1:] == (0.0, 52.0)


def test_audit_finds_what_single_subtractions_miss() -> None:
    # y = 0.5·a1 + a2 = 51 and P = a1 + a2 = 52: two unknowns in each relation, so no single
    # subtraction reveals a1, but together 0.5·a1 = 1, a1 = 2 exactly
    rows = {
        "P": (52.0, "observed"),
        "a1": (2.0, "observed"),
        "a2": (50.0, "observed"),
        "y": (51.0, "estimated"),
    }
    cw = pd.DataFrame({"from_area": ["a1", "a2"], "to_area": ["y", "y"], "weight": [0.5, 1.0]})
    hidden, plan = _plan(rows, cw)
    assert hidden == {"P": False, "a1": True, "a2": True, "y": False}
    report = audit_plan(plan, DisclosureSettings())
    assert len(report.exact) == 1
    assert report.narrowest is not None and report.narrowest[1:] == (2.0, 2.0)
    assert "Gebietssysteme (Umschlüsselung)" in report.routes
