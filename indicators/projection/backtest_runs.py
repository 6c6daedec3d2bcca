"""Backtest of the projection against the register (no streamlit, no I/O).

From a past base (e.g. 31.12.2021) the model is run with the rates known at
that date (the TFR of the base year, area fertility factors and net
migration rates of the base period, scaled to the middle net migration
volume known at that date, :mod:`data_layer.read.projection_volume`); the result for the last observed
Stichtag is compared per area with the register: MAPE of total, 0–6 and 65+
beside two naive baselines (constant; linear trend of the base period) and the
same model without migration.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.projection.backtest import (
    constant_baseline,
    linear_trend_baseline,
    mape_table,
    summary_indicators,
)
from indicators.projection.cohort import project
from indicators.projection.inputs import FloatArray, ProjectionInputs, Scenario

METHODS_DE = {
    "model": "Kohorten-Komponenten-Modell (Wanderungssaldo nach Regel)",
    "model_profile": "dasselbe Modell, ein Wanderungs-Altersprofil für alle Gebiete",
    "model_no_migration": "dasselbe Modell ohne Wanderung",
    "constant": "Vergleich: Bevölkerung bleibt konstant",
    "trend": "Vergleich: linearer Trend des Basiszeitraums",
}
INDICATORS_DE = {
    "total": "Einwohner insgesamt",
    "age_0_6": "0 bis unter 6",
    "age_65_plus": "65 und älter",
}


@dataclass(frozen=True)
class BacktestCase:
    """One backtest: inputs at the base, register at the start of the base period and at the end."""

    label: str
    inputs: ProjectionInputs
    previous: FloatArray
    observed: FloatArray
    period_years: float
    horizon_years: int
    volume: float
    volume_basis: str = ""
    profile_inputs: ProjectionInputs | None = None


def run_backtest(case: BacktestCase, min_area_size: float = 1000.0) -> pd.DataFrame:
    """MAPE (percent) per method and indicator, for all areas and for areas ≥ ``min_area_size``.

    Returns
    -------
    pandas.DataFrame
        ``case, areas, n_areas, method, total, age_0_6, age_65_plus`` (MAPE,
        percent), ``total_projected, total_observed`` (persons), ``volume``
        (persons per year), ``volume_basis``, ``horizon_years``; ``areas`` is
        ``"alle"`` or ``"ab 1.000 Einwohner"``.
    """
    ids = case.inputs.area_ids
    end_year = case.inputs.base_year + case.horizon_years
    forecasts = {}
    runs = [("model", case.inputs, case.volume)]
    if case.profile_inputs is not None:
        runs.append(("model_profile", case.profile_inputs, case.volume))
    runs.append(("model_no_migration", case.inputs, 0.0))
    for name, inputs, volume in runs:
        forecasts[name] = _projected(inputs, end_year, volume)
    base = summary_indicators(case.inputs.base_population, ids)
    previous = summary_indicators(case.previous, ids)
    forecasts["constant"] = constant_baseline(base)
    forecasts["trend"] = linear_trend_baseline(
        previous, base, case.period_years, float(case.horizon_years)
    )
    observed = summary_indicators(case.observed, ids)
    big = base["total"] >= min_area_size
    frames = []
    for areas, include in (("alle", None), ("ab 1.000 Einwohner", big)):
        table = mape_table(observed, forecasts, include).rename_axis("method").reset_index()
        n = int(len(ids) if include is None else include.sum())
        frames.append(table.assign(case=case.label, areas=areas, n_areas=n))
    out = pd.concat(frames, ignore_index=True)
    totals = pd.DataFrame({k: v["total"].sum() for k, v in forecasts.items()}, index=[0]).T
    out["total_projected"] = out["method"].map(totals[0])
    out["total_observed"] = float(observed["total"].sum())
    out["volume"] = case.volume
    out["volume_basis"] = case.volume_basis
    out["horizon_years"] = case.horizon_years
    return out[
        [
            "case",
            "areas",
            "n_areas",
            "method",
            "total",
            "age_0_6",
            "age_65_plus",
            "total_projected",
            "total_observed",
            "volume",
            "volume_basis",
            "horizon_years",
        ]
    ]


def _projected(inputs: ProjectionInputs, end_year: int, volume: float) -> pd.DataFrame:
    result = project(inputs, Scenario(None, None, None, end_year, migration_volume=volume))
    return summary_indicators(result.population[-1], inputs.area_ids)


def volume_sweep(case: BacktestCase, step: float = 5000.0) -> pd.DataFrame:
    """Model MAPE (all areas) for net migration volumes 0, step, … up to 1,25 × the assumed one.

    Shows after the fact how much the result depends on the one number that
    had to be assumed at the base date. Columns: ``volume, total, age_0_6,
    age_65_plus`` (percent) and ``assumed`` (the row closest to ``case.volume``),
    plus the constant baseline's errors ``const_0_6, const_65_plus``.
    """
    if step <= 0:
        raise ValueError("Die Schrittweite muss positiv sein.")
    end_year = case.inputs.base_year + case.horizon_years
    ids = case.inputs.area_ids
    observed = summary_indicators(case.observed, ids)
    const = _row(
        mape_table(
            observed, {"c": constant_baseline(summary_indicators(case.inputs.base_population, ids))}
        ),
        "c",
    )
    top = max(step, 1.25 * max(case.volume, 0.0))
    grid = [i * step for i in range(int(top // step) + 1)]
    table = mape_table(observed, {v: _projected(case.inputs, end_year, v) for v in grid})
    table = table.rename_axis("volume").reset_index()
    table["assumed"] = (table["volume"] - case.volume).abs().rank(method="first") == 1
    table["const_0_6"] = const["age_0_6"]
    table["const_65_plus"] = const["age_65_plus"]
    return table


def _row(table: pd.DataFrame, label: str) -> dict[str, float]:
    """One row of a numeric table as ``column → float``."""
    values = table.loc[[label]].to_numpy(dtype=float)[0]
    return {str(col): float(v) for col, v in zip(table.columns, values, strict=True)}


def beating_range(sweep: pd.DataFrame) -> tuple[float, float] | None:
    """Smallest and largest swept volume at which the model beats "constant" on 0–6 and 65+.

    >>> t = pd.DataFrame({"volume": [0.0, 5e3, 1e4], "age_0_6": [9.0, 7.0, 8.0],
    ...     "age_65_plus": [3.0, 3.0, 3.0], "const_0_6": 8.5, "const_65_plus": 4.0})
    >>> beating_range(t)
    (5000.0, 10000.0)
    """
    ok = (sweep["age_0_6"] < sweep["const_0_6"]) & (sweep["age_65_plus"] < sweep["const_65_plus"])
    if not ok.any():
        return None
    chosen = sweep.loc[ok, "volume"]
    return float(chosen.min()), float(chosen.max())


@dataclass(frozen=True)
class Hindsight:
    """What the register showed after a backtest's base date (all compared areas together).

    ``start``: persons at the base date; ``end``: persons observed at the end;
    ``per_year``: their change per year (births and deaths included); ``volume``: the net
    migration per year that was assumed at the base date.
    """

    start: float
    end: float
    per_year: float
    volume: float


def hindsight(part: pd.DataFrame) -> Hindsight:
    """The :class:`Hindsight` of one backtest case (its rows of :func:`run_backtest`).

    >>> part = pd.DataFrame({"areas": "alle", "method": ["constant", "model"],
    ...     "total_projected": [100.0, 120.0], "total_observed": 130.0,
    ...     "horizon_years": 3, "volume": 5.0})
    >>> hindsight(part)
    Hindsight(start=100.0, end=130.0, per_year=10.0, volume=5.0)
    """
    years = float(part["horizon_years"].to_numpy(dtype=float)[0])
    rows = part.loc[part["areas"] == "alle"].set_index("method")
    start = _row(rows[["total_projected"]], "constant")["total_projected"]
    end = _row(rows[["total_observed"]], "model")["total_observed"]
    volume = float(part["volume"].to_numpy(dtype=float)[0])
    return Hindsight(start, end, (end - start) / int(years), volume)


def verdict(table: pd.DataFrame) -> list[str]:
    """German sentences: per backtest (all areas), does the model beat the constant baseline?

    Examples
    --------
    >>> t = pd.DataFrame({"case": ["A", "A"], "areas": ["alle", "alle"],
    ...     "method": ["model", "constant"], "age_0_6": [12.0, 13.0], "age_65_plus": [6.0, 5.0]})
    >>> verdict(t)
    ['A: besser als „Bevölkerung bleibt konstant“ bei 0 bis unter 6, schlechter bei 65 und älter.']
    """
    out = []
    for case, part in table.loc[table["areas"] == "alle"].groupby("case", sort=False):
        cols = ["age_0_6", "age_65_plus"]
        rows = part.set_index("method")[cols]
        model, const = _row(rows, "model"), _row(rows, "constant")
        better: list[str] = []
        worse: list[str] = []
        for col in cols:
            (better if model[col] < const[col] else worse).append(INDICATORS_DE[col])
        parts = []
        if better:
            parts.append("besser als „Bevölkerung bleibt konstant“ bei " + " und ".join(better))
        if worse:
            lead = (
                "schlechter bei " if better else "schlechter als „Bevölkerung bleibt konstant“ bei "
            )
            parts.append(lead + " und ".join(worse))
        out.append(f"{case}: " + ", ".join(parts) + ".")
    return out
