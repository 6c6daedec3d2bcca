"""Statistical disclosure control (Geheimhaltung) for tables of counts: pure functions.

Model
-----
A *cell* is one number of the tables: a published count (population, count indicator) or
an *implicit* count the tables determine without publishing it (men = all − women where
only women are published). Implicit cells have ``published = False`` and may name a
``proxy``: the published cell whose suppression hides them.

A *group* is one additive relation: its total cell equals the sum of its member cells
(a parent area and its children, an age band and the bands tiling it, all = m + f).

Attacker model ("one subtraction at a time"): a cell is *known* when it is published and
not suppressed; repeatedly, any group with exactly one unknown cell makes that cell known
(total − visible parts, or total − … for a part). A *protected* cell — primary (sensitive)
or suppressed — must never become known. :func:`suppress` adds secondary suppressions
until that holds (a fixed point): in every group that would reveal a protected cell it
suppresses the smallest positive visible member (zeros and the total only as last resort),
then repeats, because a new suppression can expose another group. Groups with two or more
hidden cells reveal only their sum; that is accepted, as in standard cell suppression
(no interval or linear-programming audit is made).

The groups of the store's tables are built in :mod:`indicators.disclosure.groups`; the plan for
the public copy (which rows to hide) in :mod:`indicators.disclosure.plan`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class SuppressionResult:
    """Outcome of :func:`suppress` (cell ids of the input frame)."""

    primary: frozenset[Hashable]
    secondary: frozenset[Hashable]
    unresolved_groups: frozenset[Hashable]
    rounds: int

    @property
    def suppressed(self) -> frozenset[Hashable]:
        """Every published cell to show as suppressed."""
        return self.primary | self.secondary


def primary_counts(values: pd.Series, threshold: float) -> pd.Series:
    """Counts to suppress: greater than 0 and below ``threshold`` (persons, cases).

    Zero is shown (statistical offices print "-" for "nothing there"); missing stays missing.

    >>> primary_counts(pd.Series([0.0, 1.0, 2.0, 3.0, None]), 3).tolist()
    [False, True, True, False, False]
    """
    if threshold < 0:
        raise ValueError("Die Fallzahlschwelle darf nicht negativ sein.")
    v = pd.to_numeric(values, errors="coerce")
    return ((v > 0) & (v < threshold)).fillna(False).astype(bool)


def primary_rates(
    numerator: pd.Series,
    denominator: pd.Series,
    count_threshold: pd.Series | float,
    min_denominator: pd.Series | float,
) -> pd.Series:
    """Rates to suppress: denominator below the minimum, or numerator a small count.

    A rate with a known denominator reveals its numerator, so a numerator of 1 or 2
    (below ``count_threshold``) suppresses the rate. Missing parts never trigger.

    >>> primary_rates(pd.Series([5.0, 2.0, 40.0]), pd.Series([250.0, 900.0, 900.0]), 3, 300).tolist()
    [True, True, False]
    """
    num = pd.to_numeric(numerator, errors="coerce")
    den = pd.to_numeric(denominator, errors="coerce")
    small_den = (den < min_denominator).fillna(False)
    small_num = ((num > 0) & (num < count_threshold)).fillna(False)
    return (small_den | small_num).astype(bool)


@dataclass(frozen=True)
class _Problem:
    ids: pd.Index
    value: np.ndarray
    primary: np.ndarray
    published: np.ndarray
    proxy: np.ndarray  # code of the proxy cell, -1 for none
    g: np.ndarray  # membership: group code
    c: np.ndarray  # membership: cell code
    is_total: np.ndarray
    group_ids: pd.Index


def _problem(cells: pd.DataFrame, groups: pd.DataFrame) -> _Problem:
    for col in ("cell_id", "value", "primary"):
        if col not in cells.columns:
            raise ValueError(f"Zellen: Spalte „{col}“ fehlt.")
    for col in ("group_id", "cell_id", "is_total"):
        if col not in groups.columns:
            raise ValueError(f"Gruppen: Spalte „{col}“ fehlt.")
    ids = pd.Index(cells["cell_id"])
    if not ids.is_unique:
        raise ValueError("Zellen: cell_id ist nicht eindeutig.")
    value = pd.to_numeric(cells["value"], errors="coerce").to_numpy(dtype="float64")
    published = (
        cells["published"].to_numpy(dtype=bool)
        if "published" in cells.columns
        else ~np.isnan(value)
    )
    primary = cells["primary"].to_numpy(dtype=bool)
    proxy = np.full(len(ids), -1, dtype=np.int64)
    if "proxy" in cells.columns:
        has = cells["proxy"].notna().to_numpy()
        proxy[has] = ids.get_indexer(cells["proxy"][has])
    c = ids.get_indexer(groups["cell_id"])
    if (c < 0).any():
        raise ValueError("Gruppen: verweisen auf unbekannte Zellen.")
    g_codes, g_ids = pd.factorize(groups["group_id"], sort=False)
    size = np.bincount(g_codes, minlength=len(g_ids))
    keep = size[g_codes] >= 2  # a one-cell "group" relates nothing
    return _Problem(
        ids=ids,
        value=value,
        primary=primary,
        published=published & ~np.isnan(value),
        proxy=proxy,
        g=g_codes[keep],
        c=c[keep],
        is_total=groups["is_total"].to_numpy(dtype=bool)[keep],
        group_ids=pd.Index(g_ids),
    )


def _attack(p: _Problem, suppressed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Known cells and the groups that would reveal a protected cell (first round found)."""
    known = p.published & ~suppressed
    protected = suppressed | p.primary
    n_groups = len(p.group_ids)
    while True:
        unknown = ~known[p.c]
        n_unknown = np.bincount(p.g, weights=unknown, minlength=n_groups)
        rows = np.flatnonzero(unknown & (n_unknown[p.g] == 1))
        if rows.size == 0:
            return known, np.empty(0, dtype=np.int64)
        hit = protected[p.c[rows]]
        if hit.any():
            return known, np.unique(p.g[rows[hit]])
        known[p.c[rows]] = True


def _complements(
    p: _Problem, suppressed: np.ndarray, known: np.ndarray, violated: np.ndarray
) -> np.ndarray:
    """Per violated group the published cell to suppress (smallest positive member first)."""
    in_violated = np.zeros(len(p.group_ids), dtype=bool)
    in_violated[violated] = True
    rows = np.flatnonzero(in_violated[p.g])
    cell = p.c[rows]
    eff = np.where(p.published[cell], cell, p.proxy[cell])
    safe = np.where(eff >= 0, eff, 0)
    ok = known[cell] & (eff >= 0) & p.published[safe] & ~suppressed[safe]
    rows, cell, eff = rows[ok], cell[ok], eff[ok]
    val = np.nan_to_num(p.value[cell], nan=np.inf)
    order = np.lexsort((cell, val, val <= 0, p.is_total[rows], p.g[rows]))
    g_sorted = p.g[rows][order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = g_sorted[1:] != g_sorted[:-1]
    return np.unique(eff[order][first])


def suppress(
    cells: pd.DataFrame, groups: pd.DataFrame, max_rounds: int = 10_000
) -> SuppressionResult:
    """Primary plus secondary suppression so that no protected cell can be recovered.

    Parameters
    ----------
    cells : DataFrame
        ``cell_id`` (unique), ``value`` (count), ``primary`` (bool, sensitive cell), optional
        ``published`` (bool; default: value present) and ``proxy`` (cell id hiding an
        unpublished cell).
    groups : DataFrame
        Long form: ``group_id``, ``cell_id``, ``is_total`` (bool) – one row per cell and group.
    max_rounds : int
        Safety limit for the fixed-point iteration.

    Returns
    -------
    SuppressionResult
        Primary and secondary cell ids; ``unresolved_groups`` is empty unless a group could
        not be protected (no visible cell left to suppress).

    Examples
    --------
    A parent of 20 with children 2, 7, 11: the 2 is primary, the 7 (smallest visible
    sibling) is suppressed too, so 20 − 11 = 9 reveals only the sum of the two.

    >>> cells = pd.DataFrame({"cell_id": ["p", "a", "b", "c"], "value": [20.0, 2, 7, 11]})
    >>> cells["primary"] = cells["value"].between(1, 2)
    >>> groups = pd.DataFrame({"group_id": "g", "cell_id": ["p", "a", "b", "c"],
    ...                        "is_total": [True, False, False, False]})
    >>> r = suppress(cells, groups)
    >>> sorted(r.primary), sorted(r.secondary)
    (['a'], ['b'])
    """
    p = _problem(cells, groups)
    suppressed = p.primary & p.published
    unresolved = np.empty(0, dtype=np.int64)
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        known, violated = _attack(p, suppressed)
        if violated.size == 0:
            break
        new = _complements(p, suppressed, known, violated)
        if new.size == 0:
            unresolved = violated
            break
        suppressed[new] = True
    primary = p.primary & p.published
    return SuppressionResult(
        primary=frozenset(p.ids[primary]),
        secondary=frozenset(p.ids[suppressed & ~primary]),
        unresolved_groups=frozenset(p.group_ids[unresolved]),
        rounds=rounds,
    )


def revealed(
    cells: pd.DataFrame, groups: pd.DataFrame, suppressed: set[Hashable]
) -> frozenset[Hashable]:
    """Protected cells (primary or in ``suppressed``) that one-subtraction steps recover.

    Used to audit a suppression pattern; empty means the pattern is safe under the model.

    >>> cells = pd.DataFrame({"cell_id": ["p", "a", "b"], "value": [9.0, 2, 7], "primary": [False, True, False]})
    >>> groups = pd.DataFrame({"group_id": "g", "cell_id": ["p", "a", "b"], "is_total": [True, False, False]})
    >>> sorted(revealed(cells, groups, {"a"}))
    ['a']
    >>> sorted(revealed(cells, groups, {"a", "b"}))
    []
    """
    p = _problem(cells, groups)
    hidden = np.asarray(p.ids.isin(list(suppressed)))
    known = p.published & ~hidden
    protected = hidden | p.primary
    n_groups = len(p.group_ids)
    while True:
        unknown = ~known[p.c]
        n_unknown = np.bincount(p.g, weights=unknown, minlength=n_groups)
        rows = np.flatnonzero(unknown & (n_unknown[p.g] == 1))
        if rows.size == 0:
            break
        known[p.c[rows]] = True
    return frozenset(p.ids[known & protected])
