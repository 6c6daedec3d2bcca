"""Cell suppression (indicators.disclosure: rules, groups, plan) on hand-worked tables."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.disclosure.groups import (
    band_groups,
    band_template,
    combine_groups,
    hierarchy_groups,
    sex_groups,
)
from indicators.disclosure.plan import (
    DisclosureSettings,
    apply_plan,
    link_groups,
    plan_suppression,
)
from indicators.disclosure.rules import primary_counts, primary_rates, revealed, suppress

INF = float("inf")


def _cells(values: dict[str, float], threshold: float = 3) -> pd.DataFrame:
    cells = pd.DataFrame({"cell_id": list(values), "value": list(values.values())})
    cells["primary"] = primary_counts(cells["value"], threshold)
    return cells


def _groups(*relations: tuple[str, list[str]]) -> pd.DataFrame:
    rows = []
    for i, (total, members) in enumerate(relations):
        rows.append((i, total, True))
        rows += [(i, m, False) for m in members]
    return pd.DataFrame(rows, columns=["group_id", "cell_id", "is_total"])


@pytest.mark.parametrize(
    ("values", "threshold", "expected"),
    [
        ([0, 1, 2, 3, 10], 3, [False, True, True, False, False]),
        ([0, 1, 2, 3, 4], 5, [False, True, True, True, True]),
        ([1, 2], 0, [False, False]),
        ([0.4, 2.9, 3.0], 3, [True, True, False]),  # estimated (areal-weighted) counts too
    ],
)
def test_primary_counts(values: list[float], threshold: float, expected: list[bool]) -> None:
    assert primary_counts(pd.Series(values, dtype="float64"), threshold).tolist() == expected


def test_primary_counts_refuses_negative_threshold() -> None:
    with pytest.raises(ValueError, match="nicht negativ"):
        primary_counts(pd.Series([1.0]), -1)


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (40.0, 299.0, True),  # MSS rule: fewer than 300 residents
        (40.0, 300.0, False),
        (2.0, 5000.0, True),  # numerator 2 is revealed by the known denominator
        (0.0, 5000.0, False),  # 0 % is shown
        (None, None, False),  # published rate without parts: nothing to test
    ],
)
def test_primary_rates(num: float | None, den: float | None, expected: bool) -> None:
    res = primary_rates(
        pd.Series([num], dtype="float64"), pd.Series([den], dtype="float64"), 3, 300
    )
    assert res.tolist() == [expected]


def test_two_primaries_in_one_group_need_no_secondary() -> None:
    # 20 = 1 + 2 + 17: the two hidden cells reveal only their sum 3
    r = suppress(_cells({"P": 20, "a": 1, "b": 2, "c": 17}), _groups(("P", ["a", "b", "c"])))
    assert (sorted(r.primary), sorted(r.secondary)) == (["a", "b"], [])


def test_smallest_positive_sibling_is_chosen_not_a_zero() -> None:
    # 30 = 2 + 0 + 9 + 19: the 0 would hide nothing, so the 9 is suppressed
    r = suppress(
        _cells({"P": 30, "a": 2, "z": 0, "b": 9, "c": 19}), _groups(("P", ["a", "z", "b", "c"]))
    )
    assert sorted(r.secondary) == ["b"]


def test_suppression_spreads_through_two_dimensions() -> None:
    # Two areas A, B under total T, each split into age bands x, y (a 2×2 table with margins):
    #        x    y   sum
    #  A     1   10   11
    #  B     5    7   12
    #  T     6   17   23
    values = {"Ax": 1, "Ay": 10, "A": 11, "Bx": 5, "By": 7, "B": 12, "Tx": 6, "Ty": 17, "T": 23}
    groups = _groups(
        ("A", ["Ax", "Ay"]),
        ("B", ["Bx", "By"]),
        ("T", ["Tx", "Ty"]),
        ("Tx", ["Ax", "Bx"]),
        ("Ty", ["Ay", "By"]),
        ("T", ["A", "B"]),
    )
    cells = _cells(values)
    r = suppress(cells, groups)
    # Ax is primary; row A → Ay (10), column x → Bx (5); then row B has Bx alone → By (7);
    # column y has Ay, By hidden: fine. Four cells, the classic rectangle.
    assert sorted(r.suppressed) == ["Ax", "Ay", "Bx", "By"]
    assert revealed(cells, groups, set(r.suppressed)) == frozenset()
    assert revealed(cells, groups, {"Ax", "Ay"}) == {"Ax", "Ay"}


def test_no_primary_no_secondary() -> None:
    r = suppress(_cells({"P": 20, "a": 8, "b": 12}), _groups(("P", ["a", "b"])))
    assert (r.primary, r.secondary, r.rounds) == (frozenset(), frozenset(), 1)


def test_suppressed_total_with_visible_parts_is_protected() -> None:
    # U = T + s with s = 2: T (50) is suppressed as complement; then T = A + B would reveal
    # T from the visible parts, so the smaller part A (20) is suppressed too.
    cells = _cells({"T": 50, "A": 20, "B": 30, "U": 52, "s": 2})
    groups = _groups(("T", ["A", "B"]), ("U", ["T", "s"]))
    r = suppress(cells, groups)
    assert (sorted(r.primary), sorted(r.secondary)) == (["s"], ["A", "T"])
    assert revealed(cells, groups, set(r.suppressed)) == frozenset()


def test_implicit_cell_and_proxy() -> None:
    # all 5, women 4 published, men = 1 not published: the women's count must go
    cells = pd.DataFrame(
        {
            "cell_id": ["all", "f", "m"],
            "value": [5.0, 4.0, 1.0],
            "primary": [False, False, True],
            "published": [True, True, False],
            "proxy": [None, None, "f"],
        }
    )
    r = suppress(cells, _groups(("all", ["f", "m"])))
    assert (sorted(r.primary), sorted(r.secondary)) == ([], ["f"])


def test_input_checks() -> None:
    with pytest.raises(ValueError, match="nicht eindeutig"):
        suppress(_cells({"a": 1}).pipe(lambda c: pd.concat([c, c])), _groups(("a", [])))
    with pytest.raises(ValueError, match="unbekannte Zellen"):
        suppress(_cells({"a": 1}), _groups(("a", ["zz"])))
    with pytest.raises(ValueError, match="Spalte „primary“"):
        suppress(pd.DataFrame({"cell_id": ["a"], "value": [1.0]}), _groups(("a", [])))


def test_hierarchy_groups_only_where_the_parent_cell_exists() -> None:
    cells = pd.DataFrame(
        {
            "cell_id": [1, 2, 3, 4, 5],
            "area_id": ["P", "A", "B", "A", "B"],
            "parent_id": [None, "P", "P", "P", "P"],
            "key": [0, 0, 0, 1, 1],  # key 1 has no parent cell
        }
    )
    assert hierarchy_groups(cells).to_dict("list") == {
        "group_id": [1, 1, 1],
        "cell_id": [1, 2, 3],
        "is_total": [True, False, False],
    }


def test_band_template_nested_bands() -> None:
    bands = [(0, INF), (0, 6), (6, 65), (65, INF), (0, 1), (1, 6), (65, 80), (80, INF), (6, 15)]
    assert band_template(bands) == [(0, [1, 2, 3]), (1, [4, 5]), (3, [6, 7])]


def test_band_groups_per_key_and_open_end() -> None:
    # key 0: 0+ = 0–6 + 6–110 (110 counts as open end); key 1: 0+ and 0–6 only (no tiling)
    cells = pd.DataFrame(
        {
            "cell_id": [1, 2, 3, 4, 5],
            "key": [0, 0, 0, 1, 1],
            "age_from": [0, 0, 6, 0, 0],
            "age_to": [None, 6, 110, None, 6],
        }
    )
    g = band_groups(cells)
    assert g["cell_id"].tolist() == [1, 2, 3]
    assert g["is_total"].tolist() == [True, False, False]


def test_sex_groups_with_both_and_with_one_sex() -> None:
    cells = pd.DataFrame(
        {
            "cell_id": [1, 2, 3, 4, 5],
            "key": [0, 0, 0, 1, 1],
            "sex": ["all", "m", "f", "all", "m"],
            "value": [10.0, 4.0, 6.0, 900.0, 899.0],
        }
    )
    implicit, groups = sex_groups(cells, 100, 3)
    assert implicit[["cell_id", "key", "sex", "value", "primary", "proxy"]].to_dict("list") == {
        "cell_id": [100],
        "key": [1],
        "sex": ["f"],
        "value": [1.0],
        "primary": [True],
        "proxy": [5],
    }
    assert groups.to_dict("list") == {
        "group_id": [1, 1, 1, 4, 4, 4],
        "cell_id": [1, 3, 2, 4, 5, 100],
        "is_total": [True, False, False, True, False, False],
    }


def test_combine_groups_keeps_frames_apart() -> None:
    a = _groups(("P", ["a", "b"]))
    g = combine_groups(a, a.assign(group_id=7))
    assert g["group_id"].tolist() == [0, 0, 0, 1, 1, 1]


# --------------------------------------------------------------------------- the plan
# Parent P = A + B with 20 = 2 + 18 residents (one band, sex "all"), threshold 3.
# "kids" is a summable indicator without its own threshold but linked to the population
# cell (kids = residents); "rate" is a ratio with count threshold 3 and minimum denominator 300.


def _plan_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    ids = ["P", "A", "B"]
    pop = pd.DataFrame(
        {"area_id": ids, "period": "2024", "sex": "all", "age_from": 0, "age_to": None}
    ).assign(count=[20.0, 2.0, 18.0])
    vals = pd.DataFrame(
        {
            "indicator_id": ["kids"] * 3 + ["rate"] * 3,
            "area_id": ids * 2,
            "period": "2024",
            "value": [20.0, 2.0, 18.0, 0.5, 0.1, 16.0],
            "numerator": [None, None, None, 5.0, 1.0, 40.0],
            "denominator": [None, None, None, 1000.0, 1000.0, 250.0],
            "flag": "observed",
            "flag_reason": "",
        }
    )
    areas = pd.DataFrame({"area_id": ids, "parent_id": [None, "P", "P"]})
    catalogue = pd.DataFrame(
        {
            "indicator_id": ["kids", "rate"],
            "aggregation": ["sum", "ratio"],
            "count_threshold": [0, 3],
            "min_denominator": [0.0, 300.0],
            "derived": [False, False],
        }
    )
    return pop, vals, areas, catalogue


LINKED = DisclosureSettings(population_links={"kids": ("all", 0, None)})


def test_plan_hides_the_small_count_its_sibling_and_the_linked_indicator() -> None:
    pop, vals, areas, catalogue = _plan_tables()
    plan = plan_suppression(pop, vals, areas, catalogue, LINKED)
    # 2 is primary; 18 too, else 20 − 18 = 2
    assert plan.population.tolist() == [False, True, True]
    # kids A = residents A would reveal the 2: hidden, and kids B with it (20 − 18);
    # rate A: numerator 1 < 3; rate B: denominator 250 < 300; rate P stays
    assert plan.values.tolist() == [False, True, True, False, True, True]
    # published non-derived rates with rules lose numerator and denominator
    assert plan.strip_parts.tolist() == [False, False, False, True, True, True]
    assert plan.stats == {
        "primary_population": 1,
        "secondary_population": 1,
        "primary_values": 0,
        "secondary_values": 2,
        "rates_primary": 2,
        "rates_secondary": 0,  # rate B is already hidden (denominator 250)
        "rates_derived": 0,
        "rounds": plan.stats["rounds"],
    }


def test_plan_without_the_link_leaves_the_indicator_visible() -> None:
    pop, vals, areas, catalogue = _plan_tables()
    plan = plan_suppression(pop, vals, areas, catalogue, DisclosureSettings())
    assert plan.population.tolist() == [False, True, True]
    assert plan.values.tolist() == [False, False, False, False, True, True]


def test_apply_plan_blanks_hidden_cells_and_strips_rate_parts() -> None:
    pop, vals, areas, catalogue = _plan_tables()
    plan = plan_suppression(pop, vals, areas, catalogue, LINKED)
    new_pop, new_vals = apply_plan(pop, vals, plan, "geheim")
    assert new_pop["count"].tolist()[0] == 20.0 and new_pop["count"].isna().tolist() == [
        False,
        True,
        True,
    ]
    assert new_pop["flag"].tolist()[1:] == ["suppressed", "suppressed"]
    rate_p = new_vals.iloc[3]
    assert (
        rate_p["value"] == 0.5 and pd.isna(rate_p["numerator"]) and pd.isna(rate_p["denominator"])
    )
    assert new_vals.loc[plan.values, "flag_reason"].eq("geheim").all()
    assert pop["count"].tolist() == [20.0, 2.0, 18.0]  # inputs untouched


def test_link_groups_pair_population_cells_and_relate_indicators() -> None:
    pcells = pd.DataFrame(
        {
            "cell_id": [0, 1, 2],
            "area_id": ["P", "A", "B"],
            "period": "2024",
            "sex": "all",
            "age_from": 0,
            "age_to": None,
            "published": True,
        }
    )
    vcells = pd.DataFrame(
        {
            "cell_id": [3, 4, 5, 6, 7],
            "indicator_id": ["kids", "kids", "total", "a", "b"],
            "area_id": ["A", "B", "P", "P", "P"],
            "period": "2024",
        }
    )
    settings = DisclosureSettings(
        population_links={"kids": ("all", 0, None)},
        relations=(("total", ("a", "b")), ("total", ("a", "unknown"))),
    )
    link, relation = link_groups(pcells, vcells, settings)  # the unknown part: no frame
    assert link.to_dict("list") == {
        "group_id": [1, 2, 1, 2],
        "cell_id": [1, 2, 3, 4],
        "is_total": [True, True, False, False],
    }
    assert relation.to_dict("list") == {
        "group_id": [5, 5, 5],
        "cell_id": [5, 6, 7],
        "is_total": [True, False, False],
    }


def test_person_count_is_a_count_whatever_its_aggregation() -> None:
    """A count of persons published on one level only (``aggregation: none``): 1 and 2 are
    hidden like any small count; a share with the same values is not a count."""
    ids = ["A", "B", "C", "D"]
    vals = pd.DataFrame(
        {
            "indicator_id": ["heads"] * 4 + ["share"] * 4,
            "area_id": ids * 2,
            "period": "2024",
            "value": [1.0, 2.0, 0.0, 5.0] * 2,
            "numerator": None,
            "denominator": None,
        }
    )
    areas = pd.DataFrame({"area_id": ids, "parent_id": None})
    catalogue = pd.DataFrame(
        {
            "indicator_id": ["heads", "share"],
            "aggregation": ["none", "none"],
            "unit": ["Personen", "%"],
            "count_threshold": [3, 3],
            "min_denominator": [0.0, 0.0],
            "derived": [False, False],
        }
    )
    no_pop = pd.DataFrame(columns=["area_id", "period", "sex", "age_from", "age_to", "count"])
    plan = plan_suppression(no_pop, vals, areas, catalogue, DisclosureSettings())
    # 1 and 2 primary; 0 (nothing there) and 5 stay; no hierarchy, so no secondary cell
    assert plan.values.tolist() == [True, True, False, False] + [False] * 4
    assert plan.stats["primary_values"] == 2 and plan.stats["secondary_values"] == 0
    # a count keeps its (empty) parts; the share, a rate with rules, loses them as before
    assert plan.strip_parts.tolist() == [False] * 4 + [True] * 4
    # without the person unit the same indicator is not a count
    other = DisclosureSettings(person_units=("Einwohner",))
    assert not plan_suppression(no_pop, vals, areas, catalogue, other).values.any()
