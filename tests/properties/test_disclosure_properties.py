"""Properties of cell suppression on random hierarchies of counts (area tree × sex)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.disclosure.rules import primary_counts, suppress

THRESHOLD = 3


@st.composite
def trees(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random area tree (up to 3 levels) whose leaves hold m and f counts; every node
    has cells m, f and all; parents are sums. Groups: parent–children per sex, m + f = all."""
    parents: dict[int, int | None] = {0: None}
    frontier = [0]
    for _ in range(draw(st.integers(1, 2))):
        nxt = []
        for node in frontier:
            for _ in range(draw(st.integers(2, 4))):
                child = len(parents)
                parents[child] = node
                nxt.append(child)
        frontier = nxt
    small = st.integers(0, 6) | st.integers(0, 60)
    value: dict[tuple[int, str], float] = {}
    for leaf in frontier:
        value[(leaf, "m")] = float(draw(small))
        value[(leaf, "f")] = float(draw(small))
    for node in sorted(parents, reverse=True):  # children have larger ids than parents
        kids = [k for k, p in parents.items() if p == node]
        for sex in ("m", "f"):
            if kids:
                value[(node, sex)] = sum(value[(k, sex)] for k in kids)
        value[(node, "all")] = value[(node, "m")] + value[(node, "f")]
    for node in parents:
        kids = [k for k, p in parents.items() if p == node]
        if kids:
            value[(node, "all")] = sum(value[(k, "all")] for k in kids)
    cells = pd.DataFrame(
        [{"cell_id": f"{n}:{s}", "value": v} for (n, s), v in sorted(value.items())]
    )
    cells["primary"] = primary_counts(cells["value"], THRESHOLD)
    rows = []
    for node in parents:
        rows += [
            (f"s{node}", f"{node}:all", True),
            (f"s{node}", f"{node}:m", False),
            (f"s{node}", f"{node}:f", False),
        ]
        kids = [k for k, p in parents.items() if p == node]
        for sex in ("m", "f", "all") if kids else ():
            rows.append((f"h{node}{sex}", f"{node}:{sex}", True))
            rows += [(f"h{node}{sex}", f"{k}:{sex}", False) for k in kids]
    groups = pd.DataFrame(rows, columns=["group_id", "cell_id", "is_total"])
    return cells, groups


def _hidden_per_group(groups: pd.DataFrame, hidden: frozenset[object]) -> pd.Series:
    return groups["cell_id"].isin(list(hidden)).groupby(groups["group_id"]).sum()


@settings(max_examples=150, deadline=None)
@given(trees())
def test_no_suppressed_cell_recoverable_from_one_total(
    case: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    cells, groups = case
    r = suppress(cells, groups)
    assert r.unresolved_groups == frozenset()
    # every relation (total and parts) has 0 or at least 2 hidden cells
    n = _hidden_per_group(groups, r.suppressed)
    assert not (n == 1).any()


@settings(max_examples=150, deadline=None)
@given(trees())
def test_primary_cells_stay_suppressed(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    cells, groups = case
    r = suppress(cells, groups)
    primary = set(cells.loc[cells["primary"], "cell_id"])
    assert r.primary == primary
    assert primary <= r.suppressed
    assert not (r.primary & r.secondary)


@settings(max_examples=150, deadline=None)
@given(trees())
def test_secondary_only_where_a_group_needs_it(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    cells, groups = case
    r = suppress(cells, groups)
    if not r.primary:
        assert r.secondary == frozenset()
    # each secondary cell sits in a group together with another hidden cell (it protects it)
    hidden = groups["cell_id"].isin(list(r.suppressed))
    n = hidden.groupby(groups["group_id"]).transform("sum")
    for cell in r.secondary:
        assert (n[groups["cell_id"] == cell] >= 2).any()
    assert len(r.secondary) <= int((~cells["primary"]).sum())


@settings(max_examples=100, deadline=None)
@given(trees())
def test_without_small_counts_nothing_is_suppressed(
    case: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    cells, groups = case
    bumped = cells.assign(value=cells["value"].where(cells["value"] == 0, cells["value"] + 3))
    bumped["primary"] = primary_counts(bumped["value"], THRESHOLD)
    r = suppress(bumped, groups)
    assert r.suppressed == frozenset()
