"""Group builders for cell suppression: which cells of the tables add up to which total.

A group (long form ``group_id``, ``cell_id``, ``is_total``) says that its total cell equals
the sum of its member cells (see :mod:`indicators.disclosure.rules` for the model): a parent
area and its children, an age band and the bands tiling it, all = m + f.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.disclosure.rules import primary_counts

#: Upper age bound from which a band counts as open-ended (as in data_layer.build.age_bands).
OPEN_END_AGE = 105


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
        cols = ["group_id", "cell_id", "is_total"]
        cols += [c for c in ("kind", "coef") if c in frame.columns]
        parts.append(frame.assign(group_id=codes + offset)[cols])
        offset += len(uniques)
    if not parts:
        return pd.DataFrame({"group_id": [], "cell_id": [], "is_total": []})
    return pd.concat(parts, ignore_index=True)
