"""Glue between the projection engine and the page (no streamlit, no I/O).

Builds scenarios from the stored variants and the user's settings, aggregates
the per-Planungsraum result to coarser levels and shapes tables for the views.
All arithmetic of the method itself lives in ``indicators/projection*.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators.projection.cohort import PLANNING_BANDS, ProjectionResult, band_label
from indicators.projection.inputs import HousingProject, Scenario

VARIANTS = ("low", "middle", "high")
VARIANT_DE = {"low": "niedrig", "middle": "mittel", "high": "hoch"}
CONTROL_MODES = ("aus", "mittel", "ziel")
MAX_HOUSING = 8
_HOUSING_ITEM = re.compile(r"^(\d{1,12}):(20\d\d):(\d{1,5}):(\d(?:\.\d{1,2})?)$")


@dataclass(frozen=True)
class Settings:
    """The user's scenario as chosen on the page (all plain, hashable values).

    ``target_year`` None: TFR and e0 apply from the first projected year;
    otherwise they move linearly from the base values and are reached then.
    ``migration_volume``: net migrants of Berlin per year (persons), the level
    to which the area × age migration rates are scaled. ``migration_pattern``
    (:data:`data_layer.read.projection_inputs.MIGRATION_PATTERNS`): ``"area"`` = rates
    observed per area, ``"profile"`` = one age profile for all areas.
    """

    tfr: float
    e0_m: float
    e0_f: float
    migration_volume: float
    target_year: int | None
    end_year: int
    housing: str = ""
    migration_pattern: str = "area"


def variant_settings(
    params: Mapping[str, Any], variant: str, end_year: int, volumes: Mapping[str, float]
) -> Settings:
    """Settings of one stored variant: TFR/e0 of the 14. kBV, the migration volume of ``volumes``.

    ``volumes`` are the low/middle/high net migration (persons per year) of
    :func:`data_layer.read.projection_volume.volume_assumption`; they are rounded to
    ``net_migration_volume.rule.rounding`` persons (slider steps).

    >>> p = {"variants": {"middle": {"tfr": 1.17, "e0_m": 84.4, "e0_f": 88.1,
    ...      "migration_volume": "middle", "target_year": 2060}},
    ...      "net_migration_volume": {"rule": {"rounding": 100}}}
    >>> variant_settings(p, "middle", 2040, {"middle": 25169.0}).migration_volume
    25200.0
    """
    v = params["variants"][variant]
    step = float(params["net_migration_volume"]["rule"]["rounding"])
    volume = round(float(volumes[str(v["migration_volume"])]) / step) * step
    return Settings(
        float(v["tfr"]),
        float(v["e0_m"]),
        float(v["e0_f"]),
        volume,
        int(v["target_year"]),
        end_year,
    )


def parse_housing(text: str, local_to_area: Mapping[str, str]) -> tuple[HousingProject, ...]:
    """``"01100101:2027:200:2.0;…"`` (PLR key, year, dwellings, persons per dwelling) → projects.

    Unknown areas and malformed items are skipped; at most :data:`MAX_HOUSING`.

    >>> parse_housing("01:2027:200:2.0;x;02:2030:10:1.5", {"01": "lor:01"})
    (HousingProject(area_id='lor:01', year=2027, dwellings=200.0, occupancy=2.0),)
    """
    out: list[HousingProject] = []
    for item in text.split(";")[: MAX_HOUSING * 2]:
        m = _HOUSING_ITEM.match(item.strip())
        if m and m.group(1) in local_to_area and len(out) < MAX_HOUSING:
            out.append(
                HousingProject(
                    local_to_area[m.group(1)], int(m.group(2)), float(m.group(3)), float(m.group(4))
                )
            )
    return tuple(out)


def housing_item_ok(item: str) -> bool:
    """Is one ``"PLR:year:dwellings:occupancy"`` item well formed (area not checked)?

    >>> housing_item_ok("01100101:2027:200:2.0"), housing_item_ok("gibt_es_nicht")
    (True, False)
    """
    return _HOUSING_ITEM.match(item.strip()) is not None


def format_housing(projects: Sequence[tuple[str, int, int, float]]) -> str:
    """Inverse of :func:`parse_housing` on (local id, year, dwellings, occupancy) tuples."""
    return ";".join(
        f"{loc}:{y}:{int(d)}:{o:.2f}".rstrip("0").rstrip(".") for loc, y, d, o in projects
    )


def scenario(
    settings: Settings,
    housing: tuple[HousingProject, ...] = (),
    control_totals: tuple[float, ...] | None = None,
    min_area_size: float = 1000.0,
) -> Scenario:
    """The engine's :class:`Scenario` for the settings."""
    return Scenario(
        tfr=settings.tfr,
        e0_m=settings.e0_m,
        e0_f=settings.e0_f,
        end_year=settings.end_year,
        migration_volume=settings.migration_volume,
        target_year=settings.target_year,
        housing=housing,
        control_totals=control_totals,
        min_area_size=min_area_size,
    )


def control_totals(
    mode: str, base_total: float, years: Sequence[int], middle: Sequence[float], target: float
) -> tuple[float, ...] | None:
    """Yearly control totals: ``aus`` none, ``mittel`` the middle variant's Berlin totals,
    ``ziel`` a straight line from the base total to ``target`` in the last year.

    >>> control_totals("ziel", 100.0, [2025, 2026], [], 110.0)
    (105.0, 110.0)
    """
    if mode == "mittel":
        return tuple(float(v) for v in middle)
    if mode == "ziel":
        n = len(years)
        return tuple(base_total + (target - base_total) * (i + 1) / n for i in range(n))
    return None


def ancestors(tree: pd.DataFrame, level: str) -> pd.Series:
    """Map every area of the finest level to its ancestor on ``level`` (itself if finest)."""
    finest = tree.loc[tree["level_rank"] == tree["level_rank"].max(), "area_id"]
    parent = tree.set_index("area_id")["parent_id"]
    lvl = tree.set_index("area_id")["level"]
    current = pd.Series(finest.to_numpy(), index=finest.to_numpy())
    for _ in range(int(tree["level_rank"].max()) + 1):
        done = current.map(lvl) == level
        if done.all():
            return current
        current = current.where(done, current.map(parent))
    return current.where(current.map(lvl) == level)


def totals_by_area(result: ProjectionResult, owner: pd.Series) -> pd.DataFrame:
    """Persons per year (rows) and aggregated area (columns)."""
    totals = result.population.sum(axis=(2, 3))
    frame = pd.DataFrame(totals, index=list(result.years), columns=list(result.area_ids))
    return frame.T.groupby(owner.reindex(list(result.area_ids)).to_numpy()).sum().T


def selection_mask(result: ProjectionResult, owner: pd.Series, area: str | None) -> np.ndarray:
    """Boolean mask over the Planungsräume that belong to ``area`` (all for None)."""
    if area is None:
        return np.ones(len(result.area_ids), dtype=bool)
    return np.asarray(owner.reindex(list(result.area_ids)).to_numpy() == area)


def bands_frame(
    result: ProjectionResult,
    mask: np.ndarray,
    bands: Sequence[tuple[int, int | None]] = PLANNING_BANDS,
) -> pd.DataFrame:
    """Persons per year and planning age band for the selected Planungsräume (wide)."""
    by_age = result.population[:, mask].sum(axis=(1, 2))
    data = {
        band_label(lo, hi): by_age[:, lo : 101 if hi is None else hi].sum(axis=1)
        for lo, hi in bands
    }
    return pd.DataFrame(data, index=pd.Index(result.years, name="year"))


def pyramid_frame(result: ProjectionResult, mask: np.ndarray, years: Sequence[int]) -> pd.DataFrame:
    """Persons by year, sex (``m``/``w``) and single age for the selection (long)."""
    rows = []
    for year in years:
        pop = result.population[result.years.index(year), mask].sum(axis=0)
        for s, sex in enumerate(("männlich", "weiblich")):
            rows.append(
                pd.DataFrame({"year": year, "sex": sex, "age": np.arange(101), "persons": pop[s]})
            )
    return pd.concat(rows, ignore_index=True)


def balance_frame(result: ProjectionResult, mask: np.ndarray) -> pd.DataFrame:
    """Balancing equation per projected year for the selection, with the residual."""
    totals = result.population[:, mask].sum(axis=(1, 2, 3))
    frame = pd.DataFrame(
        {
            "year": result.years[1:],
            "start": totals[:-1],
            "births": result.births[:, mask].sum(axis=(1, 2)),
            "deaths": result.deaths[:, mask].sum(axis=(1, 2)),
            "migration": result.migration[:, mask].sum(axis=(1, 2, 3)),
            "end": totals[1:],
        }
    )
    gap = frame["start"] + frame["births"] - frame["deaths"] + frame["migration"] - frame["end"]
    return frame.assign(gap=gap)


def max_balance_gap(result: ProjectionResult) -> float:
    """Largest |start + births − deaths + migration − end| over all areas and years (persons)."""
    totals = result.population.sum(axis=(2, 3))
    gap = (
        totals[:-1]
        + result.births.sum(axis=2)
        - result.deaths.sum(axis=2)
        + result.migration.sum(axis=(2, 3))
        - totals[1:]
    )
    return float(np.abs(gap).max()) if gap.size else 0.0


def change_frame(
    totals: pd.DataFrame, base_year: int, end_year: int, min_size: float
) -> pd.DataFrame:
    """Per aggregated area: base, end, change in persons and percent, uncertainty flag."""
    base, end = totals.loc[base_year], totals.loc[end_year]
    pct = (end - base) / base.where(base > 0) * 100.0
    return (
        pd.DataFrame(
            {
                "base": base,
                "end": end,
                "change": end - base,
                "change_pct": pct,
                "uncertain": base < min_size,
            }
        )
        .rename_axis("area_id")
        .reset_index()
    )


def long_age_bands(
    result: ProjectionResult,
    owner: pd.Series,
    bands: Sequence[tuple[int, int | None]] = PLANNING_BANDS,
) -> pd.DataFrame:
    """``area_id, year, age_from, age_to, count`` aggregated to the owners (``age_to`` <NA> = open)."""
    by_age = result.population.sum(axis=2)
    groups = owner.reindex(list(result.area_ids)).to_numpy()
    frames = []
    for lo, hi in bands:
        values = by_age[..., lo : 101 if hi is None else hi].sum(axis=-1)
        wide = (
            pd.DataFrame(values.T, index=groups, columns=list(result.years)).groupby(level=0).sum()
        )
        long = wide.stack().rename("count").rename_axis(["area_id", "year"]).reset_index()
        frames.append(long.assign(age_from=lo, age_to=hi))
    out = pd.concat(frames, ignore_index=True)
    out["age_to"] = out["age_to"].astype("Int64")
    out["year"] = out["year"].astype(int)
    return out[["area_id", "year", "age_from", "age_to", "count"]]


def export_frame(result: ProjectionResult, owner: pd.Series, names: pd.Series) -> pd.DataFrame:
    """Download table: area, key, year, planning age band, persons (German headers)."""
    frame = long_age_bands(result, owner)
    return pd.DataFrame(
        {
            "Gebiet": frame["area_id"].map(names).to_numpy(),
            "Kennung": frame["area_id"].str.split(":").str[-1].to_numpy(),
            "Jahr": frame["year"].to_numpy(),
            "Alter von": frame["age_from"].to_numpy(),
            "Alter bis unter": frame["age_to"].astype("string").fillna("offen").to_numpy(),
            "Personen": frame["count"].round(1).to_numpy(),
        }
    )
