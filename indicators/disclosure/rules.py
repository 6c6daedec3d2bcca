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
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Upper age bound from which a band counts as open-ended (as in data_layer.build.derive).
OPEN_END_AGE = 105


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


# --------------------------------------------------------------------------- group builders


def hierarchy_groups(cells: pd.DataFrame) -> pd.DataFrame:
    """Parent-children groups: for each ``key``, a parent area's cell is the total of its children.

    ``cells`` has ``cell_id``, ``area_id``, ``parent_id`` (missing at the top) and ``key``
    (one value per table cell position, e.g. a code for period, sex and age band). Groups
    need the parent's cell; group ids are the total's cell id.

    >>> cells = pd.DataFrame({"cell_id": [1, 2, 3], "area_id": ["P", "A", "B"],
    ...                       "parent_id": [None, "P", "P"], "key": 0})
    >>> hierarchy_groups(cells).to_dict("list")
    {'group_id': [1, 1, 1], 'cell_id': [1, 2, 3], 'is_total': [True, False, False]}
    """
    child = cells.loc[cells["parent_id"].notna(), ["cell_id", "parent_id", "key"]]
    totals = cells[["area_id", "key", "cell_id"]].rename(
        columns={"area_id": "parent_id", "cell_id": "group_id"}
    )
    members = child.merge(totals, on=["parent_id", "key"], how="inner")
    parts = members[["group_id", "cell_id"]].assign(is_total=False)
    heads = pd.DataFrame({"group_id": members["group_id"].unique()})
    heads = heads.assign(cell_id=heads["group_id"], is_total=True)
    out = pd.concat([heads, parts], ignore_index=True)
    return out.sort_values(["group_id", "is_total"], ascending=[True, False], kind="stable")[
        ["group_id", "cell_id", "is_total"]
    ].reset_index(drop=True)


def band_template(bands: list[tuple[float, float]]) -> list[tuple[int, list[int]]]:
    """Tiling relations among age bands ``[from, to)`` (``to`` = inf: open end).

    For every band, its maximal proper sub-bands form a group if they tile it exactly.
    Returns (index of the total band, indices of the member bands).

    >>> inf = float("inf")
    >>> band_template([(0, inf), (0, 6), (6, inf), (0, 1), (1, 6)])
    [(0, [1, 2]), (1, [3, 4])]
    >>> band_template([(0, inf), (0, 6), (65, inf)])
    []
    """
    out = []
    for t, (lo, hi) in enumerate(bands):
        inner = [
            i
            for i, (a, b) in enumerate(bands)
            if i != t and lo <= a and b <= hi and (a, b) != (lo, hi)
        ]
        maximal = [
            i
            for i in inner
            if not any(
                j != i
                and bands[j][0] <= bands[i][0]
                and bands[i][1] <= bands[j][1]
                and bands[j] != bands[i]
                for j in inner
            )
        ]
        maximal.sort(key=lambda i: bands[i])
        edges = [bands[i] for i in maximal]
        if (
            len(edges) >= 2
            and edges[0][0] == lo
            and edges[-1][1] == hi
            and all(edges[k][1] == edges[k + 1][0] for k in range(len(edges) - 1))
        ):
            out.append((t, maximal))
    return out


def band_groups(cells: pd.DataFrame) -> pd.DataFrame:
    """Age-band groups: per ``key`` (area, period, sex), a band is the total of the bands tiling it.

    ``cells`` has ``cell_id``, ``key``, ``age_from`` and ``age_to`` (missing = open end;
    from :data:`OPEN_END_AGE` on also open). The band sets are analysed once per distinct
    set, so the work grows with the number of cells, not of keys × bands². Group ids are
    (key, index of the total band) encoded as one integer.

    >>> cells = pd.DataFrame({"cell_id": [10, 11, 12], "key": 0, "age_from": [0, 0, 6],
    ...                       "age_to": [None, 6, None]})
    >>> band_groups(cells)[["cell_id", "is_total"]].to_dict("list")
    {'cell_id': [10, 11, 12], 'is_total': [True, False, False]}
    """
    hi = pd.to_numeric(cells["age_to"], errors="coerce").astype("float64")
    hi = hi.where(hi.notna() & (hi < OPEN_END_AGE), np.inf)
    frame = pd.DataFrame(
        {
            "cell_id": cells["cell_id"].to_numpy(),
            "key": cells["key"].to_numpy(),
            "lo": cells["age_from"].astype("float64").to_numpy(),
            "hi": hi.to_numpy(),
        }
    ).drop_duplicates(["key", "lo", "hi"])
    frame["band"] = frame.groupby(["lo", "hi"], sort=True).ngroup()
    frame["sig"] = _signature(frame["key"], frame["band"])
    bands = frame.drop_duplicates("band").sort_values("band")
    lo_of = dict(zip(bands["band"].tolist(), bands["lo"].tolist(), strict=True))
    hi_of = dict(zip(bands["band"].tolist(), bands["hi"].tolist(), strict=True))
    rows = []
    for sig, grp in frame.drop_duplicates(["sig", "band"]).groupby("sig", sort=False):
        codes = sorted(grp["band"].tolist())
        spans = [(float(lo_of[b]), float(hi_of[b])) for b in codes]
        for total, members in band_template(spans):
            rows.append((sig, codes[total], codes[total], True))
            rows += [(sig, codes[total], codes[m], False) for m in members]
    if not rows:
        return pd.DataFrame({"group_id": [], "cell_id": [], "is_total": []})
    tmpl = pd.DataFrame(rows, columns=["sig", "total_band", "band", "is_total"])
    out = frame.merge(tmpl, on=["sig", "band"], how="inner")
    out["group_id"] = out.groupby(["key", "total_band"], sort=True).ngroup()
    out = out.sort_values(["group_id", "is_total", "lo"], ascending=[True, False, True])
    return out[["group_id", "cell_id", "is_total"]].reset_index(drop=True)


def _signature(key: pd.Series, band: pd.Series) -> np.ndarray:
    """An integer code per key identifying its set of bands (vectorised bit sets)."""
    word, bit = np.divmod(band.to_numpy(dtype=np.int64), 62)
    bits = pd.DataFrame({"key": key.to_numpy(), "word": word, "bit": np.left_shift(1, bit)})
    wide = bits.groupby(["key", "word"])["bit"].sum().unstack(fill_value=0)
    sig = wide.groupby(list(wide.columns), sort=True).ngroup()
    return sig.reindex(key.to_numpy()).to_numpy()


def sex_groups(
    cells: pd.DataFrame, first_id: int, threshold: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Groups all = m + f per ``key``; an unpublished sex becomes an implicit cell.

    ``cells`` has integer ``cell_id``, ``key``, ``sex`` (``all``, ``m``, ``f``) and ``value``;
    other columns are copied to implicit cells. Where ``all`` and exactly one of ``m``/``f``
    exist, the other sex is implicit (value all − the given sex, ``published`` False,
    ``proxy`` the given sex, ``primary`` if 0 < value < ``threshold``) with new ids from
    ``first_id``. Returns (implicit cells, groups with the ``all`` cell id as group id).

    >>> cells = pd.DataFrame({"cell_id": [1, 2], "key": 7, "sex": ["all", "f"], "value": [5.0, 4.0]})
    >>> implicit, groups = sex_groups(cells, 100, 3)
    >>> implicit[["cell_id", "sex", "value", "primary", "proxy"]].to_dict("list")
    {'cell_id': [100], 'sex': ['m'], 'value': [1.0], 'primary': [True], 'proxy': [2]}
    >>> groups["cell_id"].tolist()
    [1, 2, 100]
    """
    wide = cells.pivot_table(index="key", columns="sex", values="cell_id", aggfunc="first")
    wide = wide.reindex(columns=["all", "m", "f"])
    wide = wide[wide["all"].notna() & (wide["m"].notna() | wide["f"].notna())]
    one = wide[wide["m"].isna() | wide["f"].isna()]
    all_ids = one["all"].to_numpy(dtype=np.int64)
    given = one["m"].fillna(one["f"]).to_numpy(dtype=np.int64)
    new_ids = np.arange(first_id, first_id + len(one), dtype=np.int64)
    by_id = cells.set_index("cell_id")
    implicit = by_id.loc[all_ids].reset_index(drop=True)
    implicit["cell_id"] = new_ids
    implicit["sex"] = np.where(one["m"].isna().to_numpy(), "m", "f")
    implicit["value"] = by_id.loc[all_ids, "value"].to_numpy(dtype="float64") - by_id.loc[
        given, "value"
    ].to_numpy(dtype="float64")
    implicit["published"] = False
    implicit["proxy"] = given
    implicit["primary"] = primary_counts(implicit["value"], threshold).to_numpy()
    parts = [pd.DataFrame({"group_id": wide["all"], "cell_id": wide["all"], "is_total": True})]
    for sex in ("f", "m"):
        have = wide[wide[sex].notna()]
        parts.append(
            pd.DataFrame({"group_id": have["all"], "cell_id": have[sex], "is_total": False})
        )
    parts.append(pd.DataFrame({"group_id": all_ids, "cell_id": new_ids, "is_total": False}))
    groups = pd.concat(parts, ignore_index=True).astype({"group_id": np.int64, "cell_id": np.int64})
    groups = groups.sort_values(["group_id", "is_total"], ascending=[True, False], kind="stable")
    return implicit, groups.reset_index(drop=True)


def combine_groups(*frames: pd.DataFrame) -> pd.DataFrame:
    """Concatenate group frames, renumbering group ids so that frames never share a group.

    >>> a = pd.DataFrame({"group_id": [5, 5], "cell_id": [1, 2], "is_total": [True, False]})
    >>> combine_groups(a, a)["group_id"].tolist()
    [0, 0, 1, 1]
    """
    parts, offset = [], 0
    for frame in frames:
        codes, uniques = pd.factorize(frame["group_id"], sort=False)
        parts.append(frame.assign(group_id=codes + offset)[["group_id", "cell_id", "is_total"]])
        offset += len(uniques)
    if not parts:
        return pd.DataFrame({"group_id": [], "cell_id": [], "is_total": []})
    return pd.concat(parts, ignore_index=True)
