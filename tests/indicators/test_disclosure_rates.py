"""Route "rate × published denominator": hand-worked tables for the planner and the attacker."""

from __future__ import annotations

import pandas as pd

from indicators.disclosure.plan import DisclosureSettings, audit_plan, plan_suppression

AREAS = pd.DataFrame({"area_id": ["K", "A", "B", "C"], "parent_id": [None, "K", "K", "K"]})
NO_POP = pd.DataFrame(columns=["area_id", "period", "sex", "age_from", "age_to", "count"])


def _share_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A Zensus-like share (foreigners % of residents) on a Kreis K and Gemeinden A, B, C.

    Residents (published as a count indicator): A 12, B 400, C 600, K 1 012.
    Foreigners: A 2, B 20, C 60, K 82 -> shares 16.666..., 5, 10, 8.1027...
    The attacker knows every denominator, so a published share is its numerator.
    """
    res = {"K": 1012.0, "A": 12.0, "B": 400.0, "C": 600.0}
    num = {"K": 82.0, "A": 2.0, "B": 20.0, "C": 60.0}
    rows = [("residents", a, res[a], None, None) for a in res]
    rows += [("share", a, 100 * num[a] / res[a], num[a], res[a]) for a in res]
    vals = pd.DataFrame(
        rows, columns=["indicator_id", "area_id", "value", "numerator", "denominator"]
    ).assign(period="2022", flag="observed", flag_reason="")
    catalogue = pd.DataFrame(
        {
            "indicator_id": ["residents", "share"],
            "aggregation": ["sum", "ratio"],
            "unit": ["Personen", "%"],
            "count_threshold": [3, 3],
            "min_denominator": [0.0, 0.0],
            "derived": [False, False],
            "scale": [1.0, 100.0],
        }
    )
    return vals, catalogue


def test_share_of_a_small_count_and_its_sibling_are_hidden() -> None:
    vals, catalogue = _share_tables()
    plan = plan_suppression(NO_POP, vals, AREAS, catalogue, DisclosureSettings())
    hidden = vals.loc[plan.values, ["indicator_id", "area_id"]].values.tolist()
    # share A (2 foreigners) is primary; without more, K: 8.1027 % × 1 012 = 82, B: 5 % × 400
    # = 20, C: 10 % × 600 = 60, and 82 − 20 − 60 = 2. The smallest visible sibling numerator
    # (B, 20) is hidden too, so K, B, C only give A + B = 22.
    assert hidden == [["share", "A"], ["share", "B"]]
    assert plan.stats["rates_primary"] == 1 and plan.stats["rates_secondary"] == 1
    report = audit_plan(plan, DisclosureSettings())
    assert report.exact == () and report.too_narrow == ()
    # A in [0, 22] (A + B = 22, both >= 0)
    assert report.narrowest == (report.narrowest[0], 0.0, 22.0)  # type: ignore[index]
    assert "Quote × Nenner (Zähler der Quoten, Gebietshierarchie)" in report.routes


def test_attacker_recovers_the_count_when_only_the_small_share_is_hidden() -> None:
    # the planner's pattern minus its secondary cell: the attack must find the 2 exactly
    vals, catalogue = _share_tables()
    settings = DisclosureSettings()
    plan = plan_suppression(NO_POP, vals, AREAS, catalogue, settings)
    cells = plan.cells.copy()
    # cells 0-3: residents K, A, B, C; 4-7: share numerators K, A, B, C
    b_share = cells["cell_id"].eq(6)
    assert b_share.sum() == 1 and cells.loc[b_share, "hidden"].all()
    cells.loc[b_share, "hidden"] = False
    leaky = type(plan)(
        plan.population, plan.values, plan.strip_parts, plan.stats, cells, plan.groups
    )
    report = audit_plan(leaky, settings)
    assert len(report.exact) == 1
    assert report.narrowest is not None and report.narrowest[1:] == (2.0, 2.0)


def _derived_tables(count: float = 2.0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One area A: 500 residents (published), ``count`` foreigners, share derived (0.4 % for 2)."""
    pop = pd.DataFrame(
        {"area_id": ["A"], "period": "2024", "sex": "all", "age_from": 0, "age_to": None}
    ).assign(count=[500.0])
    vals = pd.DataFrame(
        {
            "indicator_id": ["foreigners", "share_foreigners"],
            "area_id": "A",
            "period": "2024",
            "value": [count, 100 * count / 500],
            "numerator": [None, count],
            "denominator": [None, 500.0],
            "flag": "observed",
            "flag_reason": "",
        }
    )
    catalogue = pd.DataFrame(
        {
            "indicator_id": ["foreigners", "share_foreigners"],
            "aggregation": ["sum", "ratio"],
            "unit": ["Personen", "%"],
            "count_threshold": [3, 0],
            "min_denominator": [0.0, 300.0],
            "derived": [False, True],
            "scale": [1.0, 100.0],
        }
    )
    return pop, vals, catalogue


LINKS = DisclosureSettings(
    rate_links={"share_foreigners": (("indicator", "foreigners"), ("population", "all", 0, None))}
)


def test_derived_share_on_a_hidden_count_is_hidden() -> None:
    pop, vals, catalogue = _derived_tables()
    areas = pd.DataFrame({"area_id": ["A"], "parent_id": [None]})
    plan = plan_suppression(pop, vals, areas, catalogue, LINKS)
    # the count 2 is primary; 0.4 % × 500 ÷ 100 = 2 would reveal it: the share goes too,
    # the residents (500) stay
    assert plan.values.tolist() == [True, True]
    assert plan.population.tolist() == [False]
    assert plan.stats["rates_derived"] == 1
    assert audit_plan(plan, LINKS).exact == ()


def test_published_derived_share_is_a_route_for_the_attacker() -> None:
    # 5 foreigners (not secret): the share 1 % stays, and the relation
    # 100 × foreigners − 1 × residents = 0 is what the attacker uses. Hide the count by hand
    # (a planner bug) and the attack recovers 1 × 500 ÷ 100 = 5 exactly.
    pop, vals, catalogue = _derived_tables(5.0)
    areas = pd.DataFrame({"area_id": ["A"], "parent_id": [None]})
    plan = plan_suppression(pop, vals, areas, catalogue, LINKS)
    assert not plan.values.any()
    cells = plan.cells.copy()
    count_cell = cells["value"].eq(5.0)
    assert count_cell.sum() == 1
    cells.loc[count_cell, ["hidden", "primary"]] = True
    leaky = type(plan)(
        plan.population, plan.values, plan.strip_parts, plan.stats, cells, plan.groups
    )
    report = audit_plan(leaky, LINKS)
    assert report.narrowest is not None and report.narrowest[1:] == (5.0, 5.0)
    assert len(report.exact) == 1
    assert "Quote × Nenner (abgeleitete Quoten)" in report.routes
