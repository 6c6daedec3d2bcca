"""Projection inputs read from the store (no raw files): rates, base population, migration.

Everything the cohort-component projection needs comes from four store tables:
``parameters`` (name ``projection``: Berlin TFR and e0, life-table period, ASFR
year, sex ratio at birth, the variants), ``life_tables`` (Destatis 12621-0001),
``fertility_rates`` (Destatis 12612-0008) and ``population`` (register counts by
age band). Every query binds its values; identifiers never come from callers.

Base population method (also shown in the app's method note): the finest
gap-free set of age bands stored for the Stichtag is split into single years
of age on the stationary population of the scaled life table and into sexes
with the area's female total (:func:`indicators.projection.age_split.split_population`).
Area rates (:mod:`indicators.projection.rates`): a fertility factor per area
from the child–woman ratio at the base date, and age-specific net migration
rates from the residual of the observed change between two Stichtage
(:func:`indicators.projection.migration.band_residuals`), shrunk towards the
Bezirk and Berlin. The migration base period is the longest one with
*observed* register data of the area system (:func:`data_layer.read.projection_population.migration_start`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from data_layer.errors import DataError
from data_layer.read.common import _df
from data_layer.read.db import Conn
from data_layer.read.home import home
from data_layer.read.projection_population import (
    area_tree,
    band_matrix,
    years_between,
)
from data_layer.read.projection_scope import rates_block
from indicators.projection.age_split import split_bands, split_population, stationary_reference
from indicators.projection.inputs import FloatArray, ProjectionInputs
from indicators.projection.lifetable import (
    N_AGES,
    life_expectancy,
    qx_multiplier_for_e0,
    scale_qx,
)
from indicators.projection.migration import band_residuals
from indicators.projection.rates import (
    area_fertility_factor,
    rates_by_age,
    shrunk_band_rates,
    uniform_band_rates,
)

PARAMETER_NAME = "projection"


@dataclass(frozen=True)
class BaseRates:
    """Fertility and mortality of the base period.

    Attributes
    ----------
    asfr
        Births per woman and year by mother's age (length 101); German shape of
        ``asfr_year`` scaled to ``tfr`` (children per woman).
    qx
        Death probabilities ``(2, 101)`` (male, female) of the German life table
        ``life_table_period`` scaled to the Berlin life expectancy ``e0`` (years).
    sex_ratio_at_birth
        Male per female live births.
    """

    asfr: FloatArray
    qx: FloatArray
    sex_ratio_at_birth: float
    tfr: float
    e0: tuple[float, float]
    asfr_year: int
    life_table_period: str


def projection_parameters(conn: Conn) -> dict[str, Any]:
    """The stored parameter set ``projection`` (data/parameters/projection.yaml) as a dict."""
    df = _df(conn, "SELECT content FROM parameters WHERE name = ?", [PARAMETER_NAME])
    if df.empty:
        raise DataError("Die Prognoseannahmen (Parameter „projection“) fehlen in der Datenbasis.")
    content = json.loads(str(df.iloc[0, 0]))
    if not isinstance(content, dict) or "variants" not in content:
        raise DataError("Die Prognoseannahmen in der Datenbasis sind unvollständig.")
    return content


def life_table_qx(conn: Conn, period: str) -> FloatArray:
    """Death probabilities ``(2, 101)`` (male, female) of one life-table period."""
    df = _df(
        conn,
        "SELECT sex, age, qx FROM life_tables WHERE period = ? AND sex IN ('m', 'f') ORDER BY age",
        [period],
    )
    out = np.zeros((2, N_AGES))
    for i, sex in enumerate(("m", "f")):
        part = df.loc[df["sex"] == sex]
        if sorted(part["age"].tolist()) != list(range(N_AGES)):
            raise DataError(f"Sterbetafel {period} ist in der Datenbasis nicht vollständig.")
        out[i, part["age"].to_numpy(dtype=int)] = part["qx"].to_numpy(dtype=float)
    return out


def asfr_profile(conn: Conn, year: int) -> FloatArray:
    """Births per woman by mother's age (length 101) for one year (German rates)."""
    df = _df(conn, "SELECT age, asfr FROM fertility_rates WHERE year = ? ORDER BY age", [year])
    if df.empty:
        raise DataError(f"Geburtenziffern für {year} fehlen in der Datenbasis.")
    out = np.zeros(N_AGES)
    out[df["age"].to_numpy(dtype=int)] = df["asfr"].to_numpy(dtype=float)
    return out


def base_rates(conn: Conn, params: dict[str, Any], year: int | None = None) -> BaseRates:
    """The Kommune's base rates as described in the ``base_rates`` block of the parameters.

    With ``year`` (backtests from 31.12. of that year) fertility is the Kommune's
    TFR of that year (``tfr_by_year``) on the German age profile of that
    year; mortality stays the stored life table (German e0 2016/18 and 2022/24
    differ by less than 0.1 years, see data/raw/demography/SOURCES.md).
    """
    block = rates_block(params)
    period = str(block["life_table"]["period"])
    e0 = (float(block["e0"]["male"]), float(block["e0"]["female"]))
    q = life_table_qx(conn, period)
    q = scale_qx(q, qx_multiplier_for_e0(q, np.array(e0)))
    tfr = float(block["tfr"]["value"])
    if year is None:
        year = int(block["asfr_shape"]["year"])
    else:
        values = block.get("tfr_by_year", {}).get("values", {})
        by_year = {int(k): float(v) for k, v in values.items()}
        if year not in by_year:
            raise DataError(f"Für {year} ist keine Geburtenziffer der Kommune hinterlegt.")
        tfr = by_year[year]
    asfr = asfr_profile(conn, year)
    asfr = asfr * (tfr / asfr.sum())
    srb = float(params["defaults"]["sex_ratio_at_birth"]["value"])
    return BaseRates(asfr, q, srb, tfr, e0, year, period)


def single_age_population(
    conn: Conn, system_code: str, level: str, period: str, rates: BaseRates
) -> tuple[tuple[str, ...], FloatArray]:
    """Persons ``(A, 2, 101)`` by sex and single age (documented split, see module)."""
    ids, bands, counts, female = band_matrix(conn, system_code, level, period)
    ref, share = stationary_reference(rates.qx, rates.sex_ratio_at_birth)
    missing = np.isnan(female)
    if missing.any():  # no female total: the life table's share of women (estimated)
        estimate = split_bands(counts, bands, ref) @ share
        female = np.where(missing, estimate, female)
    return ids, split_population(counts, bands, female, ref, share)


def sex_estimated(conn: Conn, system_code: str, level: str, period: str) -> bool:
    """Does any area lack its female total on ``period`` (so the split by sex is estimated)?"""
    return bool(np.isnan(band_matrix(conn, system_code, level, period)[3]).any())


#: The assumptions of ``area_rates.migration`` in data/parameters/projection.yaml, used
#: only with a store built before that block existed.
FALLBACK_AREA_RATES = (5000.0, 0.25)


#: Migration patterns: observed per area (shrunk) or one model age profile for all areas.
MIGRATION_PATTERNS = ("area", "profile")


def area_rate_settings(params: dict[str, Any]) -> tuple[float, float]:
    """(shrinkage constant k in person-years, rate cap per year) from the parameters."""
    block = params.get("area_rates", {}).get("migration")
    if block is None:
        return FALLBACK_AREA_RATES
    return float(block["shrinkage_k"]["value"]), float(block["rate_cap"]["value"])


def bezirk_of(conn: Conn, system_code: str, ids: tuple[str, ...]) -> list[str]:
    """The group every area in ``ids`` is shrunk towards: its ancestor on the second coarsest
    level (a Bezirk of a city, a Gemeinde's Kreis), or the top area when the area itself is on
    that level (or there is none)."""
    tree = area_tree(conn, system_code)
    rank = dict(zip(tree["area_id"], tree["level_rank"], strict=True))
    parent = {a: p for a, p in zip(tree["area_id"], tree["parent_id"], strict=True) if pd.notna(p)}
    out = []
    for area in ids:
        node = area
        while (node == area or int(rank[node]) > 1) and node in parent:
            node = str(parent[node])
        out.append(node)
    return out


def projection_inputs(
    conn: Conn,
    system_code: str,
    level: str,
    base_period: str,
    migration_start: str,
    rates: BaseRates,
    area_rates: tuple[float, float] = (5000.0, 0.25),
    pattern: str = "area",
) -> ProjectionInputs:
    """Inputs for all areas present on ``base_period`` (31.12.).

    ``migration_start == base_period`` (a store with one Stichtag): no migration rates.

    Fertility factor per area from the base population; net migration rates
    per area and band from the residual of the observed change from
    ``migration_start`` to ``base_period`` on the coarser of the two band sets
    (areas missing at the start count as empty), shrunk with
    ``area_rates = (k, cap)`` (see :func:`area_rate_settings`).
    ``pattern`` (:data:`MIGRATION_PATTERNS`): ``"area"`` = these rates per area,
    ``"profile"`` = one age profile for all areas, the pooled rates
    (:func:`~indicators.projection.rates.uniform_band_rates`).
    """
    if pattern not in MIGRATION_PATTERNS:
        raise DataError(f"Unbekanntes Wanderungsmuster „{pattern}“.")
    ids, base = single_age_population(conn, system_code, level, base_period, rates)

    def inputs(fert: FloatArray, migration: FloatArray | None = None) -> ProjectionInputs:
        return ProjectionInputs(
            ids,
            dt.date.fromisoformat(base_period).year,
            base,
            rates.asfr,
            rates.qx,
            np.zeros_like(base),
            rates.sex_ratio_at_birth,
            fertility_factor=fert,
            migration_rate=migration,
        )

    if migration_start == base_period:  # one Stichtag only: no migration pattern to observe
        return inputs(area_fertility_factor(base))
    coarse, net, persons, fert = _residuals(
        conn, system_code, level, base_period, migration_start, rates, ids, base
    )
    years = years_between(migration_start, base_period)
    if pattern == "profile":
        band_rates = uniform_band_rates(net, persons, area_rates[1])
    else:
        band_rates = shrunk_band_rates(
            net, persons, years, bezirk_of(conn, system_code, ids), *area_rates
        )
    return inputs(fert, rates_by_age(band_rates, coarse))


def _residuals(
    conn: Conn,
    system_code: str,
    level: str,
    base_period: str,
    migration_start: str,
    rates: BaseRates,
    ids: tuple[str, ...],
    base: FloatArray,
) -> tuple[tuple[tuple[int, int], ...], FloatArray, FloatArray, FloatArray]:
    """(bands, net migrants per year, persons, fertility factor) of the base period."""
    start_ids, start = single_age_population(conn, system_code, level, migration_start, rates)
    start = _reindex(start_ids, start, ids)
    end_ids, bands, _, _ = band_matrix(conn, system_code, level, base_period)
    if end_ids != ids:
        raise DataError("Gebiete der Basisbevölkerung sind uneinheitlich.")
    _, start_bands, _, _ = band_matrix(conn, system_code, level, migration_start)
    coarse = start_bands if len(start_bands) <= len(bands) else bands
    observed = np.stack([base[:, :, lo:hi].sum(axis=(1, 2)) for lo, hi in coarse], axis=1)
    fert = area_fertility_factor(base)
    years = years_between(migration_start, base_period)
    net, persons = band_residuals(
        start, observed, coarse, years, rates.asfr, rates.qx, rates.sex_ratio_at_birth, fert
    )
    return coarse, net, persons, fert


def register_volume(
    conn: Conn,
    system_code: str,
    level: str,
    base_period: str,
    migration_start: str,
    rates: BaseRates,
) -> float:
    """Net migrants per year of all areas implied by the register (an estimate).

    The observed change of every area and age group from ``migration_start`` to
    ``base_period`` minus the births and deaths the model computes for that time
    (:func:`~indicators.projection.migration.band_residuals`), summed over all areas.
    """
    ids, base = single_age_population(conn, system_code, level, base_period, rates)
    _, net, _, _ = _residuals(
        conn, system_code, level, base_period, migration_start, rates, ids, base
    )
    return float(net.sum())


def _reindex(ids: tuple[str, ...], pop: FloatArray, target: tuple[str, ...]) -> FloatArray:
    index = {a: i for i, a in enumerate(ids)}
    out = np.zeros((len(target),) + pop.shape[1:])
    for j, area in enumerate(target):
        if area in index:
            out[j] = pop[index[area]]
    return out


def observed_single_age(
    conn: Conn, system_code: str, level: str, period: str, rates: BaseRates, ids: tuple[str, ...]
) -> FloatArray:
    """Register population of ``period`` on the areas ``ids`` (absent areas → 0), ``(A, 2, 101)``."""
    obs_ids, obs = single_age_population(conn, system_code, level, period, rates)
    return _reindex(obs_ids, obs, ids)


def _foreign(block: Any, system_code: str) -> bool:
    """Does a parameter block name another Kommune's area system (``area_system``)?"""
    return isinstance(block, dict) and block.get("area_system") not in (None, system_code)


def _own_rates(conn: Conn, params: dict[str, Any], system_code: str) -> dict[str, Any]:
    """Rates for a Kommune without its own: TFR of its Land (else Germany), German life table.

    The Land comes from the Kommune's official key (``home.kommune_ags``); its TFR from the
    stored ``land_tfr`` block; without either, Germany's TFR is the sum of the stored German
    fertility rates of ``asfr_shape.year``. Life expectancy is that of the German life table
    itself (multiplier 1). Both are marked ``geschätzt``.
    """
    block = rates_block(params)
    period = str(block["life_table"]["period"])
    e0 = life_expectancy(life_table_qx(conn, period))
    asfr_year = int(block["asfr_shape"]["year"])
    lands = params.get("land_tfr", {})
    ags = home(conn).kommune_ags or ""
    land = lands.get("names", {}).get(ags[:2]) if len(ags) >= 2 else None
    if land is not None and ags[:2] in lands.get("values", {}):
        tfr_value = float(lands["values"][ags[:2]])
        tfr = {"value": tfr_value, "year": lands["year"], "source": lands.get("source", {})}
        where = f"des Landes {land}"
    else:
        tfr_value = round(float(asfr_profile(conn, asfr_year).sum()), 2)
        tfr = {"value": tfr_value, "year": asfr_year, "source": block["asfr_shape"]["source"]}
        where = "Deutschlands"
    tfr["status"] = f"geschätzt: Geburtenziffer {where} (keine eigene hinterlegt)"
    tfr["place"] = where
    return {
        "area_system": system_code,
        "estimated": True,
        "asfr_shape": block["asfr_shape"],
        "life_table": block["life_table"],
        "tfr": tfr,
        "e0": {
            "period": period,
            "male": round(float(e0[0]), 2),
            "female": round(float(e0[1]), 2),
            "status": "geschätzt: Sterbetafel Deutschlands (keine eigene Lebenserwartung hinterlegt)",
            "place": "Deutschlands",
            "source": block["life_table"]["source"],
        },
    }


def kommune_parameters(conn: Conn, params: dict[str, Any], system_code: str) -> dict[str, Any]:
    """``params`` for the projected Kommune (area system ``system_code``).

    Blocks that name another Kommune's area system (``base_rates.area_system``,
    ``net_migration_volume.area_system``; the demo's values in a copied parameter file) are
    not used: the rates become those of the Land or Germany (:func:`_own_rates`), the
    variants keep their distance to the base TFR, and the net migration volume is estimated
    from the register (:func:`data_layer.read.projection_volume.volume_assumption`).
    Blocks without ``area_system`` belong to the projected Kommune.
    """
    out = dict(params)
    old = params.get("base_rates", params.get("base_rates_berlin"))
    if _foreign(old, system_code):
        rates = _own_rates(conn, params, system_code)
        shift = float(rates["tfr"]["value"]) - float(rates_block(params)["tfr"]["value"])
        out["base_rates"] = rates
        out.pop("base_rates_berlin", None)
        out["variants"] = {
            k: {**v, "tfr": round(float(v["tfr"]) + shift, 2)}
            for k, v in params["variants"].items()
        }
    volume = params.get("net_migration_volume")
    if _foreign(volume, system_code):
        assert isinstance(volume, dict)
        out["net_migration_volume"] = {
            "area_system": system_code,
            "estimated": True,
            "unit": volume.get("unit", "Personen je Jahr"),
            "rule": volume["rule"],
        }
    return out
