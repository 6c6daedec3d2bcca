"""Numbers of the Steckbrief (profile PDF): key figures against comparison sets, first → latest.

Medians are plain medians of the areas *with* a value (NaN skipped). Changes are in the unit of
the indicator (for a share in %: percentage points) unless stated otherwise.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

KEY_FIGURE_COLUMNS: tuple[str, ...] = ("value", "peer_median", "all_median", "period")
CHANGE_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "start_period",
    "end_period",
    "start_value",
    "end_value",
    "change",
    "ref_change",
)


def medians(wide: pd.DataFrame, area_ids: Collection[str] | None = None) -> pd.Series:
    """Median per column of a wide table (areas as index) over ``area_ids`` (default: all).

    Ids without a row count as missing values, i.e. they are skipped.

    >>> wide = pd.DataFrame({"x": [1.0, 2.0, 10.0]}, index=["a", "b", "c"])
    >>> medians(wide, ["a", "b", "zz"]).to_dict(), medians(wide).to_dict()
    ({'x': 1.5}, {'x': 2.0})
    """
    rows = wide if area_ids is None else wide.reindex(list(area_ids))
    result: pd.Series = rows.median(numeric_only=True)
    return result


def key_figures(
    snapshot: pd.DataFrame, area_id: str, peers: Collection[str], indicator_ids: Sequence[str]
) -> pd.DataFrame:
    """Own value, median of the peers and of all areas, and the own period, per indicator.

    Parameters
    ----------
    snapshot : pandas.DataFrame
        Long table ``area_id``, ``indicator_id``, ``value``, ``period`` (latest value of every
        area and indicator).
    area_id : str
        The own area (counts in the median of all areas, as one of them).
    peers : collection of str
        The peer group.
    indicator_ids : sequence of str
        Rows of the result, in this order.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``indicator_id``; columns :data:`KEY_FIGURE_COLUMNS` (NaN / None where
        missing).

    Examples
    --------
    >>> snap = pd.DataFrame({"area_id": ["me", "p", "q", "x"], "indicator_id": ["alo"] * 4,
    ...     "value": [9.0, 4.0, 6.0, 1.0], "period": ["2021"] * 4})
    >>> key_figures(snap, "me", ["p", "q"], ["alo", "kita"]).to_dict("index")["alo"]
    {'value': 9.0, 'peer_median': 5.0, 'all_median': 5.0, 'period': '2021'}
    """
    ids = list(indicator_ids)
    snap = snapshot[snapshot["indicator_id"].isin(set(ids))]
    wide = snap.pivot(index="area_id", columns="indicator_id", values="value").reindex(columns=ids)
    own_periods = snap[snap["area_id"] == area_id].set_index("indicator_id")["period"]
    own = wide.loc[area_id] if area_id in wide.index else pd.Series(np.nan, index=ids)
    periods = [str(own_periods[i]) if i in own_periods.index else None for i in ids]
    return pd.DataFrame(
        {
            "value": own.astype(float).to_numpy(),
            "peer_median": medians(wide, peers).reindex(ids).to_numpy(dtype=float),
            "all_median": medians(wide).reindex(ids).to_numpy(dtype=float),
            "period": periods,
        },
        index=pd.Index(ids, name="indicator_id"),
    )


def first_last_changes(
    series: pd.DataFrame, indicator_ids: Sequence[str], area_id: str, ref_id: str
) -> pd.DataFrame:
    """First → latest value of ``area_id`` per indicator, and the change of ``ref_id``.

    Parameters
    ----------
    series : pandas.DataFrame
        Long table ``indicator_id``, ``area_id``, ``period``, ``period_date``, ``value``.
    indicator_ids : sequence of str
        Indicators in output order; those with fewer than two own values are left out.
    area_id : str
        The own area.
    ref_id : str
        A reference area (e.g. the whole city); its change over the same two periods, NaN
        unless it has values at both.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`; ``change = end_value − start_value``.

    Examples
    --------
    >>> s = pd.DataFrame({"indicator_id": ["u6"] * 5, "area_id": ["me", "me", "me", "ref", "ref"],
    ...     "period": ["2019", "2024", "2021", "2019", "2024"],
    ...     "value": [5.0, 6.5, 9.0, 4.0, 4.5]})
    >>> s["period_date"] = pd.to_datetime(s["period"] + "-12-31")
    >>> r = first_last_changes(s, ["u6"], "me", "ref").to_dict("records")[0]
    >>> r["start_period"], r["end_period"], r["change"], r["ref_change"]
    ('2019', '2024', 1.5, 0.5)
    """
    rows = []
    for ind in indicator_ids:
        s = series[(series["indicator_id"] == ind) & series["value"].notna()]
        mine = s[s["area_id"] == area_id].sort_values("period_date")
        if len(mine) < 2:
            continue
        first, last = mine.iloc[0], mine.iloc[-1]
        ends = [first["period"], last["period"]]
        other = s[(s["area_id"] == ref_id) & s["period"].isin(ends)].sort_values("period_date")
        ref = other["value"].to_numpy(dtype=float)
        start, end = float(first["value"]), float(last["value"])
        rows.append(
            {
                "indicator_id": ind,
                "start_period": str(first["period"]),
                "end_period": str(last["period"]),
                "start_value": start,
                "end_value": end,
                "change": end - start,
                "ref_change": float(ref[-1] - ref[0]) if len(ref) == 2 else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def age_band_table(bands: pd.DataFrame, area_id: str, years: Sequence[int]) -> pd.DataFrame:
    """Persons per age band of one area at the base year and ``years``, and the change in %.

    Parameters
    ----------
    bands : pandas.DataFrame
        Long table ``area_id``, ``year``, ``age_from``, ``age_to`` (NaN/None = open band),
        ``count`` (persons); several rows per band and year are summed.
    area_id : str
        The area.
    years : sequence of int
        Projection years to show (those not in ``bands`` are skipped).

    Returns
    -------
    pandas.DataFrame
        One row per band (ascending): ``age_from``, ``age_to`` (NaN for the open band), one
        column per shown year (the first is the base year = the earliest year of the area) and
        ``change_pct`` = (last shown / base − 1) × 100 (NaN for a base of 0).

    Examples
    --------
    >>> b = pd.DataFrame({"area_id": ["a"] * 4, "year": [2024, 2030, 2024, 2030],
    ...     "age_from": [0, 0, 80, 80], "age_to": [6, 6, None, None],
    ...     "count": [200.0, 150.0, 40.0, 50.0]})
    >>> age_band_table(b, "a", (2030, 2035)).to_dict("list")
    {'age_from': [0.0, 80.0], 'age_to': [6.0, nan], 2024: [200.0, 40.0], 2030: [150.0, 50.0], 'change_pct': [-25.0, 25.0]}
    """
    sel = bands[bands["area_id"] == area_id]
    base = int(sel["year"].min())
    upper = sel["age_to"].astype("Float64").fillna(-1.0)  # -1 marks the open band
    wide = (
        sel.assign(age_to=upper, age_from=sel["age_from"].astype(float))
        .pivot_table(index=["age_from", "age_to"], columns="year", values="count", aggfunc="sum")
        .sort_index()
    )
    shown = [base, *[y for y in years if y in wide.columns]]
    table = wide[shown].astype(float).reset_index()
    table.columns = pd.Index(["age_from", "age_to", *(int(y) for y in shown)], dtype=object)
    table["age_from"] = table["age_from"].astype(float)
    table["age_to"] = table["age_to"].astype(float).where(table["age_to"] >= 0)
    start, end = table[base], table[shown[-1]]
    table["change_pct"] = (end / start.where(start != 0) - 1) * 100
    return table
