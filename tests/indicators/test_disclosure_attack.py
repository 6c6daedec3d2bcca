"""The attacker: exact recovery by linear algebra, intervals by linear programming (hand-worked)."""

from __future__ import annotations

import pandas as pd

from indicators.disclosure.attack import attack


def _groups(spec: dict[str, list[tuple[str, float]]]) -> pd.DataFrame:
    rows = [
        {"group_id": g, "cell_id": c, "coef": k, "kind": g.rstrip("0123456789")}
        for g, members in spec.items()
        for c, k in members
    ]
    return pd.DataFrame(rows)


def _cells(values: dict[str, float], hidden: set[str], primary: set[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cell_id": list(values),
            "value": list(values.values()),
            "known": [c not in hidden for c in values],
            "primary": [c in primary for c in values],
        }
    )


def test_single_subtraction_recovers_the_cell() -> None:
    # total 20 = 2 + 18; only the 2 hidden: 20 - 18 = 2
    cells = _cells({"t": 20, "a": 2, "b": 18}, {"a"}, {"a"})
    groups = _groups({"hier1": [("t", -1), ("a", 1), ("b", 1)]})
    r = attack(cells, groups, protection_range=3)
    assert r.exact == ("a",)
    assert r.narrowest == ("a", 2.0, 2.0)


def test_two_hidden_in_one_sum_give_an_interval() -> None:
    # 20 = a + b + 11 with a=2, b=7 hidden: a in [0, 9]
    cells = _cells({"t": 20, "a": 2, "b": 7, "c": 11}, {"a", "b"}, {"a"})
    groups = _groups({"hier1": [("t", -1), ("a", 1), ("b", 1), ("c", 1)]})
    r = attack(cells, groups, protection_range=3)
    assert (r.exact, r.too_narrow) == ((), ())
    assert r.narrowest == ("a", 0.0, 9.0)


def test_crossing_relations_recover_what_no_single_subtraction_does() -> None:
    # 2x2 table with all four inner cells hidden but a third relation (a weighted estimate
    # e = 0.5 a + 0.5 d published) closes the system:
    # rows: a+b=10, c+d=12; cols: a+c=9, b+d=13; estimate: a+d = 2*e = 2*(1+... )
    # a=1, b=9, c=8, d=4 -> e = 2.5. Rows/cols alone leave one degree of freedom;
    # with the estimate a + d = 5 and a - d = (a+b) - (b+d) = -3 -> a = 1 exactly.
    vals = {"r1": 10, "r2": 12, "k1": 9, "k2": 13, "a": 1, "b": 9, "c": 8, "d": 4, "e": 2.5}
    cells = _cells(vals, {"a", "b", "c", "d"}, {"a"})
    base = {
        "row1": [("r1", -1), ("a", 1), ("b", 1)],
        "row2": [("r2", -1), ("c", 1), ("d", 1)],
        "col1": [("k1", -1), ("a", 1), ("c", 1)],
        "col2": [("k2", -1), ("b", 1), ("d", 1)],
    }
    r = attack(cells, _groups(base), protection_range=3)
    assert r.exact == ()
    # a in [0, 9]: b = 10 - a >= 0, c = 9 - a >= 0, d = 3 + a >= 0
    assert r.narrowest == ("a", 0.0, 9.0)
    with_estimate = {**base, "cross1": [("e", -1), ("a", 0.5), ("d", 0.5)]}
    r = attack(cells, _groups(with_estimate), protection_range=3)
    assert r.exact == ("a",)
    assert r.routes == ("col", "cross", "row")


def test_interval_narrower_than_protection_range_is_reported() -> None:
    # 4 = a + b with a=2, b=2 both hidden: a in [0, 4]; protection 5 -> too narrow
    cells = _cells({"t": 4, "a": 2, "b": 2}, {"a", "b"}, {"a", "b"})
    groups = _groups({"hier1": [("t", -1), ("a", 1), ("b", 1)]})
    assert attack(cells, groups, protection_range=3).too_narrow == ()
    r = attack(cells, groups, protection_range=5)
    assert r.too_narrow == ("a", "b")
    assert r.narrowest is not None and r.narrowest[1:] == (0.0, 4.0)
    assert r.components == 1 and r.cells == 2
