"""Development over time among peers: the peer band per period and who gains or loses ground.

Quartiles, percentile ranks and the Bewertung are defined in :mod:`indicators.peers.stats`
(Hyndman–Fan type-7 quartiles; a change is judged like a value).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

import numpy as np
import pandas as pd

from indicators.frame_memo import remember
from indicators.peers.stats import (
    NO_DATA,
    POLARITIES,
    POSITION_COLUMNS,
    _check_long,
    _LongArrays,
    _position,
)

ChangeKind = Literal["percent", "absolute"]


def peer_band_series(values_over_time: pd.DataFrame, peers: Collection[str]) -> pd.DataFrame:
    """Return the peer band per period: median, Q1, Q3 and number of peers with a value.

    Parameters
    ----------
    values_over_time : pandas.DataFrame
        Long table ``area_id``, ``period`` (str), ``value`` for one indicator.
    peers : collection of str
        Area ids forming the band (exactly these; pass the own area only if
        it should count).

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``median``, ``q1``, ``q3`` (indicator units,
        type-7 quartiles) and ``n``; one row per period present in the input
        (sorted); NaN with ``n = 0`` where no peer has a value.

    Examples
    --------
    >>> v = pd.DataFrame({"area_id": ["a", "b", "c", "a", "b"],
    ...     "period": ["2020", "2020", "2020", "2021", "2021"], "value": [1.0, 2.0, 4.0, 3.0, None]})
    >>> peer_band_series(v, ["a", "b", "c"]).to_numpy().tolist()
    [['2020', 2.0, 1.5, 3.0, 3], ['2021', 3.0, 3.0, 3.0, 1]]
    """
    _check_long(values_over_time, ["area_id", "period"])
    periods = sorted(values_over_time["period"].astype(str).unique().tolist())
    codes, uniques = remember(
        values_over_time, "area codes", lambda: pd.factorize(values_over_time["area_id"])
    )
    wanted = set(peers)
    hit = np.fromiter((u in wanted for u in uniques.tolist()), dtype=bool, count=len(uniques))
    sel = values_over_time[np.append(hit, False)[codes]]  # code -1 (missing id) → False
    nums = pd.to_numeric(sel["value"], errors="coerce")
    ok = sel.loc[nums.notna(), ["period"]].assign(value=nums[nums.notna()].astype(float))
    ok["period"] = ok["period"].astype(str)
    grouped = ok.groupby("period")["value"]
    band = pd.DataFrame(
        {
            "median": grouped.median(),
            "q1": grouped.quantile(0.25),
            "q3": grouped.quantile(0.75),
            "n": grouped.size(),
        }
    ).reindex(periods)
    band["n"] = band["n"].fillna(0).astype(int)
    return band.rename_axis("period").reset_index()


def change_over_period(
    values: pd.DataFrame, start: str, end: str, kind: ChangeKind = "percent"
) -> pd.DataFrame:
    """Return each area's change of one indicator between two periods.

    Parameters
    ----------
    values : pandas.DataFrame
        Long table ``area_id``, ``period`` (str), ``value``.
    start, end : str
        Periods as stored (``"2015"``, ``"2024-06-30"``).
    kind : {"percent", "absolute"}
        ``"absolute"``: ``end − start`` in indicator units (for a rate in %
        this is percentage points). ``"percent"``: ``(end − start) / start
        × 100`` in %, only defined for ``start > 0`` (else NaN).

    Returns
    -------
    pandas.DataFrame
        Columns ``area_id``, ``start_value``, ``end_value``, ``change`` for
        every area present in either period (NaN where a value is missing).

    Examples
    --------
    >>> v = pd.DataFrame({"area_id": ["a", "a", "b", "b", "c"],
    ...     "period": ["2015", "2020", "2015", "2020", "2020"], "value": [200.0, 150.0, 0.0, 5.0, 1.0]})
    >>> change_over_period(v, "2015", "2020")["change"].tolist()
    [-25.0, nan, nan]
    >>> change_over_period(v, "2015", "2020", "absolute")["change"].tolist()
    [-50.0, 5.0, nan]
    """
    if kind not in ("percent", "absolute"):
        raise ValueError("kind muss 'percent' oder 'absolute' sein.")
    if start == end:
        raise ValueError("Anfangs- und Endzeitraum müssen verschieden sein.")
    _check_long(values, ["area_id", "period"])
    periods = values["period"].astype(str)
    nums = pd.to_numeric(values["value"], errors="coerce")
    first = pd.Series(
        nums[periods == start].to_numpy(), index=values.loc[periods == start, "area_id"]
    )
    last = pd.Series(nums[periods == end].to_numpy(), index=values.loc[periods == end, "area_id"])
    ids = pd.Index(values.loc[periods.isin([start, end]), "area_id"].unique(), name="area_id")
    s = first.reindex(ids).astype(float).to_numpy()
    e = last.reindex(ids).astype(float).to_numpy()
    if kind == "absolute":
        change = e - s
    else:
        positive = np.where(s > 0, s, np.nan)
        change = (e - s) / positive * 100.0
    return pd.DataFrame({"area_id": ids, "start_value": s, "end_value": e, "change": change})


def change_position(
    values: pd.DataFrame,
    area_id: str,
    peers: Collection[str],
    start: str,
    end: str,
    polarity: str,
    kind: ChangeKind = "percent",
) -> pd.Series:
    """Does the Kommune gain or lose ground? Position of its change among the peers' changes.

    The change of every area (:func:`change_over_period`) is compared like a
    value in :func:`position`: with ``polarity="higher_better"`` a change
    above the peers' Q3 is "besser als Vergleichsgruppe" (the Kommune gains
    ground), below Q1 "schlechter …" (it loses ground).

    Returns
    -------
    pandas.Series
        Index :data:`POSITION_COLUMNS` (``indicator_id`` = ``"change"``);
        ``value`` is the own change (in % or indicator units, see ``kind``).

    Examples
    --------
    >>> v = pd.DataFrame({"area_id": ["me", "me", "p", "p", "q", "q"],
    ...     "period": ["2015", "2020"] * 3, "value": [10.0, 8.0, 10.0, 10.0, 10.0, 11.0]})
    >>> r = change_position(v, "me", ["p", "q"], "2015", "2020", "higher_worse")
    >>> r[["value", "peer_median", "bewertung"]].to_dict()
    {'value': -20.0, 'peer_median': 5.0, 'bewertung': 'besser als Vergleichsgruppe'}
    """
    if polarity not in POLARITIES:
        raise ValueError(f"Unbekannte Polarität: {polarity!r}")
    return position_of_changes(
        change_over_period(values, start, end, kind), area_id, peers, polarity
    )


def position_of_changes(
    changes: pd.DataFrame, area_id: str, peers: Collection[str], polarity: str
) -> pd.Series:
    """:func:`change_position` on a result of :func:`change_over_period` (one row per area)."""
    if polarity not in POLARITIES:
        raise ValueError(f"Unbekannte Polarität: {polarity!r}")
    long = pd.DataFrame(
        {"area_id": changes["area_id"], "indicator_id": "change", "value": changes["change"]}
    )
    table = _position(_LongArrays.of(long), None, area_id, peers, {"change": polarity})
    if table.empty:
        empty = {c: np.nan for c in POSITION_COLUMNS} | {"n_peers": 0, "n_all": 0}
        return pd.Series(empty | {"indicator_id": "change", "bewertung": NO_DATA}, dtype=object)
    return table.iloc[0]
