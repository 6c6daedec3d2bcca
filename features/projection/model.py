"""Glue between the projection engine and the page (no streamlit, no I/O).

The user's scenario (:class:`Settings`), the stored variants with their German names,
the engine's :class:`Scenario` for both, and the download table with German headers.
All arithmetic lives in :mod:`indicators.projection` (sums to areas and selections:
:mod:`~indicators.projection.aggregate`, :mod:`~indicators.projection.selection`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import pandas as pd

from data_layer.keys import local_id
from indicators.projection.aggregate import long_age_bands
from indicators.projection.cohort import ProjectionResult
from indicators.projection.control import straight_line_totals
from indicators.projection.inputs import HousingProject, Scenario
from indicators.projection.volume import round_to_step

#: The stored variants (14. kBV assumptions, migration volume by rule).
Variant = Literal["low", "middle", "high"]
VARIANTS: tuple[Variant, ...] = get_args(Variant)
VARIANT_DE: dict[str, str] = {"low": "niedrig", "middle": "mittel", "high": "hoch"}
#: How migration is spread over areas and ages (:data:`data_layer.read.projection_inputs.MIGRATION_PATTERNS`).
MigrationPattern = Literal["area", "profile"]
#: Control total: none, the middle variant's total, a straight line to the user's target.
ControlMode = Literal["aus", "mittel", "ziel"]
CONTROL_MODES: tuple[ControlMode, ...] = get_args(ControlMode)


@dataclass(frozen=True)
class Settings:
    """The user's scenario as chosen on the page (all plain, hashable values).

    ``target_year`` None: TFR and e0 apply from the first projected year;
    otherwise they move linearly from the base values and are reached then.
    ``migration_volume``: net migrants of the Kommune per year (persons), the level
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
    migration_pattern: MigrationPattern = "area"


def variant_settings(
    params: Mapping[str, Any], variant: Variant, end_year: int, volumes: Mapping[str, float]
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
    volume = round_to_step(float(volumes[str(v["migration_volume"])]), step)
    return Settings(
        float(v["tfr"]),
        float(v["e0_m"]),
        float(v["e0_f"]),
        volume,
        int(v["target_year"]),
        end_year,
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
    mode: ControlMode,
    base_total: float,
    years: Sequence[int],
    middle: Sequence[float],
    target: float,
) -> tuple[float, ...] | None:
    """Yearly control totals: ``aus`` none, ``mittel`` the middle variant's totals of the
    Kommune, ``ziel`` a straight line from the base total to ``target`` in the last year.

    >>> control_totals("ziel", 100.0, [2025, 2026], [], 110.0)
    (105.0, 110.0)
    """
    if mode == "mittel":
        return tuple(float(v) for v in middle)
    if mode == "ziel":
        return straight_line_totals(base_total, len(years), target)
    return None


def export_frame(result: ProjectionResult, owner: pd.Series, names: pd.Series) -> pd.DataFrame:
    """Download table: area, key, year, planning age band, persons (German headers)."""
    frame = long_age_bands(result, owner)
    return pd.DataFrame(
        {
            "Gebiet": frame["area_id"].map(names).to_numpy(),
            "Kennung": frame["area_id"].map(local_id).to_numpy(),
            "Jahr": frame["year"].to_numpy(),
            "Alter von": frame["age_from"].to_numpy(),
            "Alter bis unter": frame["age_to"].astype("string").fillna("offen").to_numpy(),
            "Personen": frame["count"].round(1).to_numpy(),
        }
    )
