"""Cached data and projection runs for the page Bevölkerungsprognose (and the gap page).

Expensive, static work is cached once per process: base population split into
single ages, net-migration estimate, variant runs and the backtest. Only the
user's own scenario is recomputed on a slider change (``run``, ~50–90 ms).

Shared entry point for other pages::

    from features.projection.cache import projected_age_bands
    frame = projected_age_bands(level="Bezirksregion", end_year=2035, variant="middle")
    # columns: area_id, year, age_from, age_to (<NA> = open), count (persons on 31.12.)
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
import streamlit as st

from components import cache as data
from components.formatting import fmt_date, fmt_signed
from data_layer.errors import DataError
from data_layer.keys import store_area_id
from data_layer.read import common as q
from data_layer.read import projection_inputs as pdx
from data_layer.read import projection_population as ppop
from data_layer.read import projection_volume as pvol
from data_layer.read.home import home
from data_layer.read.projection_scope import ProjectionScope, projection_scope, rates_block
from features.projection import model as pm
from features.projection.housing import parse_housing
from indicators.projection.aggregate import (
    ancestors,
    long_age_bands,
    long_totals,
    totals_by_area,
    variant_fan,
    variant_total,
)
from indicators.projection.backtest_runs import BacktestCase, run_backtest, volume_sweep
from indicators.projection.cohort import PLANNING_BANDS, ProjectionResult, project
from indicators.projection.control import base_total, projected_totals
from indicators.projection.inputs import ProjectionInputs
from indicators.projection.lifetable import N_AGES
from indicators.projection.volume import VolumeUnreachable


def _stored() -> dict[str, Any]:
    return pvol.with_volume_block(pdx.projection_parameters(data.connection()))


@st.cache_data(show_spinner=False)
def parameters() -> dict[str, Any]:
    """The projection parameters for the projected Kommune (variants with sources).

    Blocks of another Kommune are replaced by estimates (:func:`pdx.kommune_parameters`).
    """
    return pdx.kommune_parameters(data.connection(), _stored(), scope().area_system)


@st.cache_data(show_spinner=False)
def scope() -> ProjectionScope:
    """Area system, finest level and name of the projected Kommune, and its backtests.

    Without a ``scope`` block in the parameters: the store's home, no backtests.
    """
    return projection_scope(_stored(), home(data.connection()))


@st.cache_resource(show_spinner=False)
def rates() -> pdx.BaseRates:
    """Base rates of the Kommune (shared, read-only)."""
    return pdx.base_rates(data.connection(), parameters())


@st.cache_data(show_spinner=False)
def periods() -> tuple[str, str]:
    """(base Stichtag, start of the migration base period) for the projection.

    The base is the latest 31.12.; the migration base period starts at the
    earliest *observed* Stichtag of the projected areas before it (the base itself
    when there is none).
    """
    conn = data.connection()
    sc = scope()
    available = [p for p in q.population_periods(conn, sc.area_system) if p.endswith("-12-31")]
    if not available:
        raise DataError("Für die Prognose fehlen Einwohnerdaten zum 31.12.")
    base = available[-1]
    try:
        return base, ppop.migration_start(conn, sc.area_system, sc.level, base)
    except DataError:  # one Stichtag only: no migration base period
        return base, base


def one_date() -> bool:
    """Has the store one Stichtag only (no migration base period, no backtest)?"""
    base, start = periods()
    return base == start


@st.cache_resource(show_spinner=False)
def inputs(pattern: pm.MigrationPattern = "area") -> ProjectionInputs:
    """Base population and migration of all projected (finest) areas (shared, never mutated).

    ``pattern``: ``"area"`` (migration rates observed per area) or ``"profile"``
    (one age profile for all areas), see :func:`pdx.projection_inputs`.
    """
    base, start = periods()
    return pdx.projection_inputs(
        data.connection(),
        scope().area_system,
        scope().level,
        base,
        start,
        rates(),
        pdx.area_rate_settings(parameters()),
        pattern,
    )


@st.cache_data(show_spinner=False)
def estimated_inputs() -> tuple[str, ...]:
    """German notes on the inputs that are estimated for this Kommune (empty: none)."""
    base, start = periods()
    sc, b = scope(), rates_block(parameters())
    out = []
    coarse = coarse_age_bands()
    if coarse:
        out.append(
            f"Altersgruppen: population.csv enthält zum {fmt_date(base)} nur grobe Altersgruppen "
            f"({coarse}); die Einzelalter sind daraus geschätzt (Verteilung nach der Sterbetafel)."
        )
    if b.get("estimated"):
        out.append(
            f"Geburtenziffer ({b['tfr']['place']}) und Sterbetafel (Deutschlands): Für "
            f"{sc.place} sind keine eigenen hinterlegt (data/parameters/projection.yaml, base_rates)."
        )
    if not parameters()["net_migration_volume"].get("observed"):
        out.append(f"Wanderungssaldo: {volumes().basis}.")
    if pdx.sex_estimated(data.connection(), sc.area_system, sc.level, base):
        out.append(
            "Aufteilung nach Geschlecht: population.csv enthält keine Frauen je Gebiet "
            "(sex = f); angesetzt ist der Frauenanteil der Sterbetafel je Alter."
        )
    if base == start:
        out.append(
            "Nur ein Stichtag: kein Wanderungsmuster und keine Rückrechnung möglich; für beides "
            "braucht population.csv einen früheren Stichtag."
        )
    return tuple(out)


#: Widest closed age band (years) that still counts as fine: wider bands are "coarse".
FINE_BAND_YEARS = 10


@st.cache_data(show_spinner=False)
def coarse_age_bands() -> str:
    """The base Stichtag's age bands in German when they are coarse ("" when fine).

    Coarse: a band is missing (filled from the total) or a closed band spans more than
    :data:`FINE_BAND_YEARS` years, e.g. only under 18, 65 and older and the total.
    """
    base, _ = periods()
    sc = scope()
    pairs = ppop.band_table(data.connection(), sc.area_system, sc.level, base)
    bands, gap = ppop.partition_with_gap(pairs[["age_from", "age_to"]].drop_duplicates())
    widest = max((hi - lo for lo, hi in bands if hi < N_AGES), default=0)
    if gap is None and widest <= FINE_BAND_YEARS:
        return ""
    words = [f"{lo} bis unter {hi}" if hi < N_AGES else f"{lo} und älter" for lo, hi in bands]
    text = ", ".join(words)
    return text + (f"; {gap[0]} bis unter {gap[1]} aus der Gesamtzahl berechnet" if gap else "")


@st.cache_data(show_spinner=False)
def volumes() -> pvol.VolumeAssumption:
    """Net migration of the Kommune per year for the variants, known at the base date."""
    base, start = periods()
    sc = scope()
    return pvol.volume_assumption(
        data.connection(), parameters(), sc.area_system, sc.level, base, start, rates()
    )


def preset(name: pm.Variant, end_year: int, pattern: pm.MigrationPattern = "area") -> pm.Settings:
    """Settings of the stored variant ``name`` (low/middle/high) with a migration pattern."""
    settings = pm.variant_settings(parameters(), name, end_year, volumes().as_dict())
    return dataclasses.replace(settings, migration_pattern=pattern)


@st.cache_data(show_spinner=False)
def tree() -> pd.DataFrame:
    """Area hierarchy of the projection's area system, down to the projected level."""
    t = ppop.area_tree(data.connection(), scope().area_system)
    ranks = t.loc[t["level"] == scope().level, "level_rank"]
    if ranks.empty:
        raise DataError(
            f"Die Prognoseannahmen nennen die Ebene „{scope().level}“, die es im Gebietssystem "
            f"„{scope().area_system}“ nicht gibt (data/parameters/projection.yaml, scope.level)."
        )
    kept: pd.DataFrame = t.loc[t["level_rank"] <= ranks.iloc[0]].reset_index(drop=True)
    return kept


@st.cache_data(show_spinner=False)
def owners(level: str) -> pd.Series:
    """Projected (finest) area → area of ``level``."""
    return ancestors(tree(), level)


@st.cache_resource(show_spinner=False)
def _local_to_area() -> dict[str, str]:
    """Local key → store area id of the projected areas (those that may get housing; shared,
    never mutate)."""
    t, sc = tree(), scope()
    return {
        str(k): store_area_id(sc.area_system, str(k))
        for k in t.loc[t["level"] == sc.level, "local_id"]
    }


def min_area_size() -> float:
    return float(parameters()["defaults"]["min_area_size"]["value"])


@st.cache_resource(show_spinner=False, max_entries=12)
def run(
    settings: pm.Settings, control_mode: pm.ControlMode = "aus", target: float = 0.0
) -> ProjectionResult:
    """Projection of all finest areas for the settings (shared result, never mutate)."""
    inp = inputs(settings.migration_pattern)
    middle: tuple[float, ...] = ()
    if control_mode == "mittel":
        middle = projected_totals(
            run(preset("middle", settings.end_year, settings.migration_pattern))
        )
    years = list(range(inp.base_year + 1, settings.end_year + 1))
    control = pm.control_totals(control_mode, base_total(inp), years, middle, target)
    housing = parse_housing(settings.housing, _local_to_area())
    try:
        return project(inp, pm.scenario(settings, housing, control, min_area_size()))
    except VolumeUnreachable as err:
        raise DataError(
            f"{err} Ein Wanderungssaldo von {fmt_signed(settings.migration_volume, 0)} Personen "
            "je Jahr passt nicht zum Wanderungsmuster des Basiszeitraums. Bitte wählen Sie unter "
            "„Annahmen Ihres Szenarios“ einen anderen Wanderungssaldo (etwa 0 oder eine Variante)."
        ) from err


@st.cache_data(show_spinner=False, max_entries=8)
def variant_totals(
    end_year: int, level: str, pattern: pm.MigrationPattern = "area"
) -> pd.DataFrame:
    """Persons per variant, year and area of ``level`` (long: year, area_id, persons, variant).

    ``pattern``: the migration pattern of the variant runs (as the user's scenario).
    """
    frames = []
    for name in pm.VARIANTS:
        result = run(preset(name, end_year, pattern))
        frames.append(long_totals(totals_by_area(result, owners(level))).assign(variant=name))
    return pd.concat(frames, ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=64)
def variant_fan_of(
    end_year: int, level: str, pattern: pm.MigrationPattern, area_id: str | None
) -> pd.DataFrame:
    """Persons per year (rows) and variant (columns) of one area of ``level`` (None: all
    areas): the band of the trend chart. A few dozen numbers per rerun instead of the long
    table of every area (``variant_totals``: ≈ 34 000 rows for 542 areas)."""
    return variant_fan(variant_totals(end_year, level, pattern), area_id)


@st.cache_data(show_spinner=False, max_entries=16)
def middle_total(end_year: int, level: str, pattern: pm.MigrationPattern) -> float:
    """Persons of all areas in ``end_year`` under the middle variant."""
    return variant_total(variant_totals(end_year, level, pattern), "middle", end_year)


@st.cache_data(show_spinner=False, max_entries=16)
def projected_age_bands(
    level: str = "",
    end_year: int = 2040,
    variant: str = "middle",
    bands: tuple[tuple[int, int | None], ...] = PLANNING_BANDS,
    settings: pm.Settings | None = None,
) -> pd.DataFrame:
    """Projected persons per area of ``level``, year and age band (shared with the gap page).

    Parameters
    ----------
    level
        Level of the projected area system (any of :func:`scope`'s system, coarse to
        fine); ``""`` = the finest level of :func:`scope`.
    end_year
        Last projected year (≤ 2045); rows cover the base year (31.12.2024) to ``end_year``.
    variant
        ``low``/``middle``/``high`` (14. kBV assumptions); ignored when ``settings`` is given.
    bands
        ``(from, to under)`` pairs, ``None`` = open (default: planning age groups).
    settings
        The user's own scenario (:class:`features.projection.model.Settings`).

    Returns
    -------
    pandas.DataFrame
        ``area_id, year, age_from, age_to, count`` (persons on 31.12.; ``age_to`` <NA> = open).
    """
    known = next((v for v in pm.VARIANTS if v == variant), None)
    if known is None:
        raise DataError(f"Unbekannte Prognosevariante „{variant}“.")
    chosen = settings or preset(known, end_year)
    return long_age_bands(run(chosen), owners(level or scope().level), bands)


@st.cache_resource(show_spinner=False)
def backtest_cases() -> tuple[BacktestCase, ...]:
    """The backtests that the store allows (shared, never mutated).

    The backtests are listed in the parameters (``scope.backtests``); one whose
    Stichtage the store lacks is left out. Each uses only data up to its base date: the TFR and German
    age profile of fertility of the base year, the migration base period from
    the earliest observed Stichtag before the base (:func:`ppop.migration_start`)
    and the middle net migration volume known then (:func:`pvol.volume_assumption`).
    """
    conn = data.connection()
    params = parameters()
    level = scope().level
    out = []
    for test in scope().backtests:
        label, system, base, end = test.label, test.area_system, test.base, test.end
        available = q.population_periods(conn, system)
        if not {base, end} <= set(available):
            continue
        start = ppop.migration_start(conn, system, level, base)
        try:
            r = pdx.base_rates(conn, params, int(base[:4]))
        except DataError:  # store built before the yearly TFR existed
            r = rates()
        area_rates = pdx.area_rate_settings(params)
        inp = pdx.projection_inputs(conn, system, level, base, start, r, area_rates)
        vol = pvol.volume_assumption(conn, params, system, level, base, start)
        out.append(
            BacktestCase(
                label,
                inp,
                pdx.observed_single_age(conn, system, level, start, r, inp.area_ids),
                pdx.observed_single_age(conn, system, level, end, r, inp.area_ids),
                ppop.years_between(start, base),
                int(round(ppop.years_between(base, end))),
                vol.middle,
                vol.basis,
                pdx.projection_inputs(conn, system, level, base, start, r, area_rates, "profile"),
            )
        )
    return tuple(out)


@st.cache_data(show_spinner=False)
def backtest() -> pd.DataFrame:
    """MAPE tables of all backtests (:func:`backtest_cases`), computed once."""
    frames = [run_backtest(case, min_area_size()) for case in backtest_cases()]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


@st.cache_data(show_spinner=False)
def backtest_sweeps() -> dict[str, pd.DataFrame]:
    """Per backtest (label): the model's errors for other net migration volumes."""
    return {case.label: volume_sweep(case) for case in backtest_cases()}


def warm() -> None:
    """Fill the caches of the page's opening view (process start-up): parameters, scope,
    rates, inputs, volumes and the area tree."""
    parameters()
    scope()
    periods()
    rates()
    inputs()
    volumes()
    tree()
