"""Projection on the real Berlin LOR data (542 Planungsräume).

The helper functions below read the shipped raw files (tests may do I/O) and
build :class:`ProjectionInputs`; they are also used by the backtest script
quoted in the report of this module.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data_layer.build.demography import read_asfr, read_life_table, read_sex_ratio
from indicators.projection.age_split import (
    parse_band_labels,
    split_population,
    stationary_reference,
)
from indicators.projection.cohort import project
from indicators.projection.inputs import ProjectionInputs, Scenario
from indicators.projection.lifetable import life_expectancy, qx_multiplier_for_e0, scale_qx
from indicators.projection.migration import residual_net_migration
from tests.oracles import age_groups, components_frame

ROOT = Path(__file__).resolve().parents[2] / "data" / "raw"
DEMO = ROOT / "demography"
POP = ROOT / "berlin_lor" / "population"
BAND_COLUMNS = [
    "inhabitants_age_below_6",
    "inhabitants_age_6_15",
    "inhabitants_age_15_18",
    "inhabitants_age_18_27",
    "inhabitants_age_27_45",
    "inhabitants_age_45_55",
    "inhabitants_age_55_65",
    "inhabitants_age_above_65",
]
COARSE_BANDS = ((0, 6), (6, 15), (15, 18), (18, 27), (27, 45), (45, 55), (55, 65), (65, 101))


def berlin_rates(
    period: str, e0_m: float, e0_f: float, tfr: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """(asfr, qx, sex ratio): German 2023 ASFR shape scaled to ``tfr``, qx scaled to e0."""
    lt = read_life_table(DEMO / "de_life_table_destatis_12621-0001.csv", period)
    q = np.stack([lt.loc[lt["sex"] == s, "qx"].to_numpy(dtype=float) for s in ("m", "f")])
    q = scale_qx(q, qx_multiplier_for_e0(q, np.array([e0_m, e0_f])))
    fert = read_asfr(DEMO / "de_asfr_single_age_destatis_12612-0008.csv", 2023)
    asfr = np.zeros(101)
    asfr[fert["age"].to_numpy()] = fert["asfr"].to_numpy(dtype=float)
    asfr *= tfr / asfr.sum()
    births = read_sex_ratio(DEMO / "de_live_births_destatis_12612-0001.csv", range(2015, 2025))
    srb = float(births["live_births_male"].sum() / births["live_births_female"].sum())
    return asfr, q, srb


def read_bands(stichtag: str) -> pd.DataFrame:
    """Half-year band table for one Stichtag, indexed by plr_id (sorted)."""
    frame = pd.read_csv(
        POP / "berlin_plr2021_population_2021h1-2024h2.csv",
        dtype={"plr_id": str, "bez_id": str, "period": str, "stichtag": str},
    )
    return frame.loc[frame["stichtag"] == stichtag].set_index("plr_id").sort_index()


def coarse_population(stichtag: str, q: np.ndarray, srb: float) -> tuple[pd.DataFrame, np.ndarray]:
    """(band table, persons (A, 2, 101)) for a Stichtag of the band table."""
    bands = read_bands(stichtag)
    ref, share = stationary_reference(q, srb)
    pop = split_population(
        bands[BAND_COLUMNS].to_numpy(dtype=float),
        COARSE_BANDS,
        bands["inhabitants_female"].to_numpy(dtype=float),
        ref,
        share,
    )
    return bands, pop


def ewr_base_2024(q: np.ndarray, srb: float) -> tuple[tuple[str, ...], np.ndarray]:
    """Base population 31.12.2024 from the fine-band EWR matrix (blank PLR → 0)."""
    frame = pd.read_csv(POP / "EWR_L21_202412E_Matrix.csv", sep=";", dtype={"RAUMID": str})
    frame = frame.set_index("RAUMID").sort_index().fillna(0.0)
    cols = [c for c in frame.columns if re.fullmatch(r"E_E\d\d_\d+", c)]
    ref, share = stationary_reference(q, srb)
    pop = split_population(
        frame[cols].to_numpy(dtype=float),
        parse_band_labels([c[3:] for c in cols]),
        frame["E_EW"].to_numpy(dtype=float),
        ref,
        share,
    )
    return tuple(frame.index), pop


@pytest.fixture(scope="module")
def berlin_inputs() -> ProjectionInputs:
    asfr, q, srb = berlin_rates("2022/24", 78.08, 83.17, 1.17)
    ids, base = ewr_base_2024(q, srb)
    _, start = coarse_population("2021-12-31", q, srb)
    end = read_bands("2024-12-31")
    mig = residual_net_migration(
        start,
        end[BAND_COLUMNS].to_numpy(dtype=float),
        COARSE_BANDS,
        3.0,
        asfr * 1.21 / 1.17,
        q,
        srb,
    )
    return ProjectionInputs(ids, 2024, base, asfr, q, mig, srb)


def test_base_keeps_published_totals(berlin_inputs: ProjectionInputs) -> None:
    base = berlin_inputs.base_population
    assert len(berlin_inputs.area_ids) == 542
    assert base.sum() == pytest.approx(3_897_145, abs=1e-6)
    assert base[:, 1].sum() == pytest.approx(
        pd.read_csv(POP / "EWR_L21_202412E_Matrix.csv", sep=";")["E_EW"].sum(), abs=1e-6
    )
    # E_EU1 (under 1) of Berlin equals single age 0 of the split
    assert base[:, :, 0].sum() == pytest.approx(
        pd.read_csv(POP / "EWR_L21_202412E_Matrix.csv", sep=";")["E_EU1"].sum(), abs=1e-6
    )


def test_berlin_projection_balances_and_flags_small_areas(berlin_inputs: ProjectionInputs) -> None:
    scenario = Scenario(tfr=1.55, e0_m=84.4, e0_f=88.1, end_year=2045, target_year=2060)
    result = project(berlin_inputs, scenario)
    comp = components_frame(result)
    gap = comp["population_start"] + comp["births"] - comp["deaths"] + comp["migration"]
    assert np.allclose(gap, comp["population_end"], atol=1e-6)
    assert (result.population >= 0).all()
    assert int(result.uncertain.sum()) == int(
        (berlin_inputs.base_population.sum(axis=(1, 2)) < 1000).sum()
    )
    groups = age_groups(result)
    assert set(groups["age_band"]) == {
        "0 bis unter 3",
        "3 bis unter 6",
        "6 bis unter 10",
        "10 bis unter 16",
        "16 bis unter 19",
        "65 bis unter 80",
        "80 und älter",
    }


def test_berlin_rates_hit_berlin_life_expectancy() -> None:
    _, q, srb = berlin_rates("2022/24", 78.08, 83.17, 1.17)
    assert life_expectancy(q).tolist() == pytest.approx([78.08, 83.17], abs=0.01)
    assert srb == pytest.approx(1.0538, abs=1e-4)
