"""Sums up the area hierarchy: population and summable indicators of every coarser level.

Rates are never averaged: population and counts are summed from the finest level upwards,
and a ``ratio`` indicator is its summed numerator / summed denominator × scale. (Derived
indicators are computed afterwards, on every level: :mod:`data_layer.build.derived_indicators`.)
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd

from data_layer.build.store import insert_population, insert_values

_POP_KEY = ["period", "sex", "age_from", "age_to"]


def ancestors(areas: pd.DataFrame) -> pd.DataFrame:
    """Pairs (area_id, ancestor_id) including the area itself."""
    parent = dict(zip(areas["area_id"], areas["parent_id"], strict=True))
    rows = []
    for area in areas["area_id"]:
        cur: Any = area
        while cur is not None and not (isinstance(cur, float) and np.isnan(cur)):
            rows.append((area, cur))
            cur = parent.get(cur)
    return pd.DataFrame(rows, columns=["area_id", "ancestor_id"])


def combined_flags(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Per group: "estimated" if any member is estimated, else "derived" (vectorised)."""
    est = (
        (frame["flag"] == "estimated")
        .groupby([frame[k] for k in keys], dropna=False, sort=False)
        .any()
    )
    return np.where(est.to_numpy(), "estimated", "derived")


def aggregate_population(pop: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Rows for every coarser level, summed from the children, where none is given."""
    info = areas.set_index("area_id")[["parent_id", "level_rank", "system_code"]]
    pop = pop.assign(age_to=pop["age_to"].astype("float64"))
    pop = pop.join(info, on="area_id")
    out = [pop]
    max_rank = int(info["level_rank"].max())
    for rank in range(max_rank, 0, -1):
        current = pd.concat(out, ignore_index=True)
        child = current[(current["level_rank"] == rank) & current["parent_id"].notna()]
        if child.empty:
            continue
        grouped = child.groupby(["parent_id", *_POP_KEY], dropna=False, sort=False)
        agg = grouped["count"].sum(min_count=1).reset_index()
        agg["flag"] = combined_flags(child, ["parent_id", *_POP_KEY])
        agg = agg.rename(columns={"parent_id": "area_id"})
        have = current.loc[current["level_rank"] == rank - 1, ["area_id", *_POP_KEY]].assign(
            _have=True
        )
        agg = agg.merge(have, on=["area_id", *_POP_KEY], how="left")
        agg = agg[agg["_have"].isna()].drop(columns="_have")
        out.append(agg.join(info, on="area_id"))
    result = pd.concat(out[1:], ignore_index=True) if len(out) > 1 else pop.iloc[0:0]
    return result[["area_id", "period", "sex", "age_from", "age_to", "count", "flag"]]


def aggregate_values(
    vals: pd.DataFrame, areas: pd.DataFrame, catalogue: pd.DataFrame
) -> pd.DataFrame:
    """Upward sums for indicators whose aggregation is ``sum`` or ``ratio``."""
    agg_kind = catalogue.set_index("indicator_id")[["aggregation", "scale"]]
    vals = vals.join(agg_kind, on="indicator_id")
    vals = vals[vals["aggregation"].isin(["sum", "ratio"])]
    if vals.empty:
        return vals
    info = areas.set_index("area_id")[["parent_id", "level_rank"]]
    vals = vals.join(info, on="area_id")
    out = [vals]
    key = ["indicator_id", "period"]
    for rank in range(int(info["level_rank"].max()), 0, -1):
        current = pd.concat(out, ignore_index=True)
        child = current[(current["level_rank"] == rank) & current["parent_id"].notna()]
        if child.empty:
            continue
        child = child.assign(
            numerator=child["numerator"].fillna(child["value"].where(child["aggregation"] == "sum"))
        )
        g = child.groupby(["parent_id", *key], sort=False, dropna=False)
        agg = g[["numerator", "denominator"]].sum(min_count=1).reset_index()
        agg["flag"] = combined_flags(child, ["parent_id", *key])
        agg = agg.rename(columns={"parent_id": "area_id"}).join(agg_kind, on="indicator_id")
        agg["value"] = np.where(
            agg["aggregation"] == "sum",
            agg["numerator"],
            agg["numerator"] / agg["denominator"].replace(0, np.nan) * agg["scale"],
        )
        have = current.loc[current["level_rank"] == rank - 1, ["area_id", *key]].assign(_have=True)
        agg = agg.merge(have, on=["area_id", *key], how="left")
        agg = agg[agg["_have"].isna()].drop(columns="_have")
        out.append(agg.join(info, on="area_id"))
    if len(out) == 1:
        return vals.iloc[0:0]
    res = pd.concat(out[1:], ignore_index=True)
    res["flag_reason"] = "aus den untergeordneten Gebieten summiert"
    res.loc[res["value"].isna(), "flag"] = "missing"
    return res


def write_aggregates(conn: duckdb.DuckDBPyConnection) -> None:
    """Sum population and summable indicators up every hierarchy."""
    areas = conn.execute("SELECT area_id, parent_id, level_rank, system_code FROM areas").df()
    pop = conn.execute(
        "SELECT area_id, period, sex, age_from, age_to, count, flag FROM population"
    ).df()
    if not pop.empty:
        up = aggregate_population(pop, areas)
        up["age_to"] = up["age_to"].where(np.isfinite(up["age_to"])).astype("Int64")
        insert_population(conn, up)
    vals = conn.execute(
        "SELECT indicator_id, area_id, period, value, numerator, denominator, flag FROM indicator_values"
    ).df()
    cat = conn.execute("SELECT indicator_id, aggregation, scale FROM indicators").df()
    if not vals.empty:
        up_v = aggregate_values(vals, areas, cat)
        if not up_v.empty:
            insert_values(conn, up_v)
