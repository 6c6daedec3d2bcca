"""An attacker on a published table set: exact recovery and interval bounds of secret cells.

Pure numpy/scipy. The attacker knows every published (not suppressed) cell and every linear
relation among the cells (a parent area is the sum of its children, all = m + f, an age band
the sum of the bands tiling it, a count indicator equal to a population cell, an estimate a
weighted sum of its inputs). Each relation is ``sum(coef * x) = 0`` over cell values ``x``.
For every *primary* (sensitive) cell that is not published the attacker

* tries **exact recovery by linear algebra**: the cell is determined when its unit vector
  lies in the row space of the relations restricted to the unknown cells (the row of the
  null-space basis for that cell is zero);
* computes the **feasible interval by linear programming** (``scipy.optimize.linprog``):
  minimum and maximum of the cell subject to the relations and ``0 <= x`` (counts).

The problem is solved per independent component (unknown cells linked by a relation), so a
large table set is many small problems. A cell whose interval is narrower than the
protection range (``disclosure.yaml`` ``protection_range``, like τ-ARGUS's protection levels)
counts as disclosed, as does an exactly recovered cell.

>>> cells = pd.DataFrame({"cell_id": ["p", "a", "b", "c"], "value": [20.0, 2, 7, 11],
...                       "known": [True, False, False, True], "primary": [False, True, False, False]})
>>> groups = pd.DataFrame({"group_id": "g", "cell_id": ["p", "a", "b", "c"],
...                        "is_total": [True, False, False, False]})
>>> r = attack(cells, groups, protection_range=3)
>>> r.exact, r.too_narrow, r.narrowest
((), (), ('a', 0.0, 9.0))
"""

from __future__ import annotations

import time
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import linalg, sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

#: Tolerance for "determined" (null-space row norm) and for interval widths.
_TOL = 1e-7


@dataclass(frozen=True)
class AttackReport:
    """What the attacker achieved on the secret (primary, unpublished) cells."""

    cells: int  # primary cells attacked
    unknown: int  # all unknown cells in the system
    relations: int  # relations with at least one unknown cell
    components: int  # independent blocks solved
    routes: tuple[str, ...]  # relation kinds tried (e.g. hierarchy, sex, band, link, rate)
    exact: tuple[Hashable, ...]  # primary cells recovered exactly
    too_narrow: tuple[Hashable, ...]  # primary cells with an interval below the range
    narrowest: tuple[Hashable, float, float] | None  # (cell, lower, upper)
    seconds: float

    @property
    def disclosed(self) -> tuple[Hashable, ...]:
        """Cells the build must not publish this way."""
        return self.exact + self.too_narrow

    def lines(self) -> list[str]:
        """German report lines (printed by the public build)."""
        out = [
            f"Angriffsprüfung: {self.cells} geheime Zellen, {self.unknown} unbekannte Zellen, "
            f"{self.relations} Beziehungen in {self.components} Blöcken "
            f"(Wege: {', '.join(self.routes) or 'keine'}), {self.seconds:.1f} s",
            f"  exakt errechnet: {len(self.exact)}; Intervall enger als Schutzbereich: "
            f"{len(self.too_narrow)}",
        ]
        if self.narrowest is not None:
            cell, lo, hi = self.narrowest
            out.append(f"  engstes Intervall: Zelle {cell} in [{lo:g}, {hi:g}]")
        return out


def _relations(cells: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Long form (row, cell index, coef): total −1, members +1 unless ``coef`` is given."""
    ids = pd.Index(cells["cell_id"])
    c = ids.get_indexer(groups["cell_id"])
    if (c < 0).any():
        raise ValueError("Beziehungen: verweisen auf unbekannte Zellen.")
    coef = np.full(len(groups), np.nan)
    if "coef" in groups.columns:
        coef = groups["coef"].astype("float64").to_numpy()
    if "is_total" in groups.columns:
        default = np.where(groups["is_total"].to_numpy(dtype=bool), -1.0, 1.0)
        coef = np.where(np.isnan(coef), default, coef)
    row, _ = pd.factorize(groups["group_id"], sort=False)
    kind = groups["kind"].astype(str).to_numpy() if "kind" in groups.columns else None
    out = pd.DataFrame({"row": row, "cell": c, "coef": coef})
    if kind is not None:
        out["kind"] = kind
    return out


def attack(cells: pd.DataFrame, groups: pd.DataFrame, protection_range: float) -> AttackReport:
    """Attack the published cells through the relations (see module docstring).

    Parameters
    ----------
    cells : DataFrame
        ``cell_id`` (unique), ``value`` (true value; used only where ``known``), ``known``
        (bool: the attacker sees the value), ``primary`` (bool: secret cell).
    groups : DataFrame
        Long form ``group_id``, ``cell_id`` and either ``is_total`` (total = sum of members)
        or ``coef`` (``sum(coef * x) = 0``); optional ``kind`` (name of the route).
    protection_range : float
        Minimal width of a secret cell's feasible interval.
    """
    start = time.perf_counter()
    value = cells["value"].astype("float64").to_numpy()
    known = cells["known"].to_numpy(dtype=bool) & ~np.isnan(value)
    primary = cells["primary"].to_numpy(dtype=bool) & ~known
    rel = _relations(cells, groups)
    routes = tuple(sorted(set(rel["kind"]))) if "kind" in rel.columns else ()
    unknown_member = ~known[rel["cell"].to_numpy()]
    n_unknown_in_row = np.bincount(rel["row"].to_numpy(), weights=unknown_member)
    rel = rel[n_unknown_in_row[rel["row"].to_numpy()] > 0]
    unk = np.flatnonzero(~known)
    col_of = np.full(len(cells), -1, dtype=np.int64)
    col_of[unk] = np.arange(len(unk))
    rows, _ = pd.factorize(rel["row"], sort=True)
    n_rows = int(rows.max()) + 1 if len(rows) else 0
    cell = rel["cell"].to_numpy()
    coef = rel["coef"].to_numpy()
    is_unk = ~known[cell]
    # b = −sum over known members of coef * value
    b = -np.bincount(rows[~is_unk], weights=coef[~is_unk] * value[cell[~is_unk]], minlength=n_rows)
    a = sparse.csr_matrix(
        (coef[is_unk], (rows[is_unk], col_of[cell[is_unk]])), shape=(n_rows, len(unk))
    )
    # components over unknown cells: cells sharing a relation are linked
    adj = (a.T != 0).astype(np.int8) @ (a != 0).astype(np.int8)
    n_comp, label = connected_components(adj, directed=False)
    coo = a.tocoo()
    first = np.unique(coo.row, return_index=True)[1]
    row_label = label[coo.col[first]] if n_rows else np.empty(0, dtype=np.int64)
    exact: list[Hashable] = []
    narrow: list[Hashable] = []
    best: tuple[Hashable, float, float] | None = None
    ids = cells["cell_id"].to_numpy()
    prim_cols = col_of[np.flatnonzero(primary)]
    targets = np.zeros(len(unk), dtype=bool)
    targets[prim_cols] = True
    for comp in np.unique(label[prim_cols]) if len(prim_cols) else []:
        cols = np.flatnonzero(label == comp)
        sub_rows = np.flatnonzero(row_label == comp)
        if sub_rows.size == 0:  # no relation: only the bound x >= 0
            for j in cols[targets[cols]]:
                best = _narrower(best, ids[unk[j]], 0.0, np.inf)
            continue
        a_sub = a[sub_rows][:, cols].toarray()
        b_sub = b[sub_rows]
        null = linalg.null_space(a_sub, rcond=_TOL)
        determined = np.linalg.norm(null, axis=1) < _TOL if null.size else np.ones(len(cols), bool)
        for k in np.flatnonzero(targets[cols]):
            cid = ids[unk[cols[k]]]
            if determined[k]:
                exact.append(cid)
                best = _narrower(best, cid, value[unk[cols[k]]], value[unk[cols[k]]])
                continue
            lo, hi = _bounds(a_sub, b_sub, int(k))
            if hi - lo < protection_range - _TOL:
                narrow.append(cid)
            best = _narrower(best, cid, lo, hi)
    return AttackReport(
        cells=int(primary.sum()),
        unknown=len(unk),
        relations=n_rows,
        components=int(len(np.unique(label[prim_cols]))) if len(prim_cols) else 0,
        routes=routes,
        exact=tuple(exact),
        too_narrow=tuple(narrow),
        narrowest=best,
        seconds=time.perf_counter() - start,
    )


def _bounds(a: np.ndarray, b: np.ndarray, k: int) -> tuple[float, float]:
    """Minimum and maximum of unknown ``k`` subject to ``a x = b``, ``x >= 0``."""
    c = np.zeros(a.shape[1])
    c[k] = 1.0
    out = []
    for sign in (1.0, -1.0):
        res = linprog(sign * c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        if res.status == 3:  # unbounded
            out.append(np.inf if sign < 0 else 0.0)
        elif res.status != 0:
            raise ValueError(f"Angriffsprüfung: lineares Programm ohne Lösung ({res.message}).")
        else:
            out.append(sign * float(res.fun))
    return out[0], out[1]


def _narrower(
    best: tuple[Hashable, float, float] | None, cid: Hashable, lo: float, hi: float
) -> tuple[Hashable, float, float]:
    if best is None or hi - lo < best[2] - best[1]:
        return (cid, float(lo), float(hi))
    return best


def attack_boxes(
    cells: pd.DataFrame, groups: pd.DataFrame, protection_range: float, depth: int = 2
) -> AttackReport:
    """Attack perturbed (cell-key) tables: every cell is known only within a box.

    ``cells`` has ``cell_id``, ``value`` (true value, for the report), ``lo``/``hi`` (what
    the attacker knows: the published value and the perturbation table give the originals
    possible; ``lo == hi`` for a cell published unchanged, ``hi = inf`` for one not
    published), ``primary`` (targets) and optional ``integer`` (a count of whole persons).
    The relations hold for the true values. For every target a linear programme over its
    neighbourhood (the relations it is in, and, up to ``depth``, the relations of their
    cells) gives its feasible interval; the other relations only narrow it further through
    their cells' boxes, which are used as they are (a local attack, like the checks of
    τ-ARGUS on a table's neighbourhood). A target is *exactly recovered* when the interval is
    a point or, for whole persons, contains only one integer.

    >>> cells = pd.DataFrame({"cell_id": ["P", "a", "b", "c"], "value": [3.0, 1, 1, 1],
    ...     "lo": [1.0, 1, 1, 1], "hi": [3.0, 3, 3, 3], "primary": [False, True, True, True]})
    >>> groups = pd.DataFrame({"group_id": "g", "cell_id": ["P", "a", "b", "c"],
    ...                        "is_total": [True, False, False, False]})
    >>> attack_boxes(cells, groups, 3).exact  # P = a + b + c >= 3 and P <= 3: all 1
    ('a', 'b', 'c')
    """
    start = time.perf_counter()
    lo = cells["lo"].astype("float64").to_numpy()
    hi = cells["hi"].astype("float64").to_numpy()
    integer = (
        cells["integer"].to_numpy(dtype=bool)
        if "integer" in cells.columns
        else np.ones(len(cells), dtype=bool)
    )
    value = cells["value"].astype("float64").to_numpy()
    rel = _relations(cells, groups)
    routes = tuple(sorted(set(rel["kind"]))) if "kind" in rel.columns else ()
    rows, _ = pd.factorize(rel["row"], sort=True)
    n_rows = int(rows.max()) + 1 if len(rows) else 0
    a = sparse.csr_matrix(
        (rel["coef"].to_numpy(), (rows, rel["cell"].to_numpy())), shape=(n_rows, len(cells))
    )
    at = a.T.tocsr()
    ids = cells["cell_id"].to_numpy()
    targets = np.flatnonzero(cells["primary"].to_numpy(dtype=bool))
    exact: list[Hashable] = []
    narrow: list[Hashable] = []
    best: tuple[Hashable, float, float] | None = None
    lps = 0
    for t in targets:
        t_lo, t_hi = lo[t], hi[t]
        sub_rows = at[t].indices
        if sub_rows.size:
            cols = np.unique(a[sub_rows].indices)
            for _ in range(depth - 1):
                sub_rows = np.unique(at[cols].indices)
                cols = np.unique(a[sub_rows].indices)
            k = int(np.searchsorted(cols, t))
            a_sub = a[sub_rows][:, cols]
            bounds = [
                (float(x), None if np.isinf(y) else float(y))
                for x, y in zip(lo[cols], hi[cols], strict=True)
            ]
            t_lo, t_hi = _box_bounds(a_sub, bounds, k)
            lps += 1
        if t_hi - t_lo < _TOL or (
            integer[t] and np.floor(t_hi + _TOL) - np.ceil(t_lo - _TOL) < 0.5
        ):
            exact.append(ids[t])
            best = _narrower(best, ids[t], value[t], value[t])
            continue
        if t_hi - t_lo < protection_range - _TOL:
            narrow.append(ids[t])
        best = _narrower(best, ids[t], t_lo, t_hi)
    return AttackReport(
        cells=len(targets),
        unknown=int((hi - lo > _TOL).sum()),
        relations=n_rows,
        components=lps,
        routes=routes,
        exact=tuple(exact),
        too_narrow=tuple(narrow),
        narrowest=best,
        seconds=time.perf_counter() - start,
    )


def _box_bounds(
    a: sparse.csr_matrix, bounds: list[tuple[float, float | None]], k: int
) -> tuple[float, float]:
    """Minimum and maximum of variable ``k`` subject to ``a x = 0`` and the boxes."""
    c = np.zeros(a.shape[1])
    c[k] = 1.0
    out = []
    for sign in (1.0, -1.0):
        res = linprog(sign * c, A_eq=a, b_eq=np.zeros(a.shape[0]), bounds=bounds, method="highs")
        if res.status == 3:
            out.append(np.inf if sign < 0 else 0.0)
        elif res.status != 0:
            raise ValueError(f"Angriffsprüfung: lineares Programm ohne Lösung ({res.message}).")
        else:
            out.append(sign * float(res.fun))
    return out[0], out[1]
