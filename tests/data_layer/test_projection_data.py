"""Projection inputs read from the store (data_layer/read/projection_inputs.py), checked against published totals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from data_layer.errors import DataError
from data_layer.read import projection_inputs as pdx
from data_layer.read import projection_population as ppop
from indicators.projection.lifetable import life_expectancy

DEMO_DB = Path(__file__).resolve().parents[2] / "data" / "planungsatlas.duckdb"


@pytest.fixture(scope="module")
def demo() -> Iterator[duckdb.DuckDBPyConnection]:
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    c = duckdb.connect(str(DEMO_DB), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def rates(demo: duckdb.DuckDBPyConnection) -> pdx.BaseRates:
    return pdx.base_rates(demo, pdx.projection_parameters(demo))


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(0, 6), (6, None), (0, None)], ((0, 6), (6, 101))),
        ([(0, 1), (0, 6), (1, 6), (6, 65), (65, None)], ((0, 1), (1, 6), (6, 65), (65, 101))),
        ([(0, 50), (50, 120)], ((0, 50), (50, 101))),
    ],
)
def test_finest_partition(pairs: list[tuple[int, int | None]], expected: tuple) -> None:
    frame = pd.DataFrame(pairs, columns=["age_from", "age_to"]).astype({"age_to": "Int64"})
    assert ppop.finest_partition(frame) == expected


def test_finest_partition_rejects_gaps() -> None:
    frame = pd.DataFrame({"age_from": [0, 10], "age_to": [6, None]}).astype({"age_to": "Int64"})
    with pytest.raises(DataError, match="lückenlose"):
        ppop.finest_partition(frame)


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        ("2021-06-30", "2021-12-31", 0.5),
        ("2021-12-31", "2024-12-31", 3.0),
        ("2015-06-30", "2015-12-31", 0.5),
    ],
)
def test_years_between(start: str, end: str, years: float) -> None:
    assert ppop.years_between(start, end) == years


def test_years_between_rejects_reversed_period() -> None:
    with pytest.raises(DataError):
        ppop.years_between("2024-12-31", "2021-12-31")


def test_parameters_hold_the_three_variants(demo: duckdb.DuckDBPyConnection) -> None:
    params = pdx.projection_parameters(demo)
    variants = {
        k: (v["tfr"], v["e0_m"], v["e0_f"], v["migration_volume"])
        for k, v in params["variants"].items()
    }
    assert variants == {
        "low": (1.02, 82.5, 86.4, "low"),
        "middle": (1.17, 84.4, 88.1, "middle"),
        "high": (1.32, 86.2, 89.6, "high"),
    }


def test_base_rates_meet_berlin_tfr_and_life_expectancy(rates: pdx.BaseRates) -> None:
    assert rates.asfr.sum() == pytest.approx(1.17, abs=1e-12)
    assert life_expectancy(rates.qx).tolist() == pytest.approx([78.08, 83.17], abs=0.01)
    assert rates.sex_ratio_at_birth == 1.0538
    assert (rates.asfr_year, rates.life_table_period) == (2023, "2022/24")


def test_parameter_files_with_the_old_berlin_keys_give_the_same_rates(
    demo: duckdb.DuckDBPyConnection, rates: pdx.BaseRates
) -> None:
    params = pdx.projection_parameters(demo)
    block = dict(params["base_rates"])
    legacy = {k: v for k, v in block.items() if k not in ("tfr", "tfr_by_year", "e0")}
    legacy |= {
        "tfr_berlin": block["tfr"],
        "tfr_berlin_by_year": block["tfr_by_year"],
        "e0_berlin": block["e0"],
    }
    old = {k: v for k, v in params.items() if k != "base_rates"} | {"base_rates_berlin": legacy}
    again = pdx.base_rates(demo, old)
    assert np.array_equal(again.asfr, rates.asfr) and np.array_equal(again.qx, rates.qx)
    assert pdx.base_rates(demo, old, 2015).tfr == pdx.base_rates(demo, params, 2015).tfr == 1.46


def test_fine_band_matrix_2024_keeps_published_totals(demo: duckdb.DuckDBPyConnection) -> None:
    ids, bands, counts, female = ppop.band_matrix(demo, "lor2021", "Planungsraum", "2024-12-31")
    assert len(ids) == 542 and len(bands) == 32
    assert bands[0] == (0, 1) and bands[-1] == (95, 101)
    assert counts.sum() == 3_897_145
    assert female.sum() == 1_966_495
    assert counts[:, 0].sum() == 30_358  # under 1 year (E_EU1)


def test_coarse_band_matrix_2021(demo: duckdb.DuckDBPyConnection) -> None:
    _, bands, counts, _ = ppop.band_matrix(demo, "lor2021", "Planungsraum", "2021-12-31")
    assert bands == ((0, 6), (6, 15), (15, 18), (18, 27), (27, 45), (45, 55), (55, 65), (65, 101))
    assert counts.sum() == 3_775_480
    assert counts[:, 0].sum() == 222_650


def test_projection_inputs_2024(demo: duckdb.DuckDBPyConnection, rates: pdx.BaseRates) -> None:
    inp = pdx.projection_inputs(demo, "lor2021", "Planungsraum", "2024-12-31", "2021-06-30", rates)
    assert inp.base_year == 2024 and len(inp.area_ids) == 542
    assert inp.base_population.sum() == pytest.approx(3_897_145, abs=1e-6)
    assert inp.base_population[:, 1].sum() == pytest.approx(1_966_495, abs=1e-6)
    assert inp.base_population[:, :, 0:3].sum() == pytest.approx(98_006, abs=1e-6)
    assert inp.migration_rate is not None and inp.fertility_factor is not None
    assert not inp.net_migration.any()  # migration is rate-based
    # rates x base population: the 2021–2024 net gain (Ukraine influx), tens of thousands a year
    assert 40_000 < (inp.migration_rate * inp.base_population).sum() < 70_000
    assert np.abs(inp.migration_rate).max() <= 0.25
    # the fertility factor averages to about 1 over the women 15-44 (Berlin level)
    women = inp.base_population[:, 1, 15:45].sum(axis=1)
    assert np.average(inp.fertility_factor, weights=women) == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize(
    ("system", "base", "start"),
    [
        ("lor2021", "2024-12-31", "2021-06-30"),  # 2015-2020 on LOR 2021 are estimates
        ("lor2021", "2021-12-31", "2021-06-30"),
        ("lor2006", "2015-12-31", "2015-06-30"),
    ],
)
def test_migration_start_is_the_earliest_observed_stichtag(
    demo: duckdb.DuckDBPyConnection, system: str, base: str, start: str
) -> None:
    assert ppop.migration_start(demo, system, "Planungsraum", base) == start


def test_bezirk_of_walks_up_the_tree(demo: duckdb.DuckDBPyConnection) -> None:
    assert pdx.bezirk_of(demo, "lor2021", ("lor2021:01100101",)) == ["lor2021:01"]


def test_lor2006_inputs_use_the_447_areas_of_2015(
    demo: duckdb.DuckDBPyConnection, rates: pdx.BaseRates
) -> None:
    inp = pdx.projection_inputs(demo, "lor2006", "Planungsraum", "2015-12-31", "2015-06-30", rates)
    assert len(inp.area_ids) == 447
    assert inp.base_population.sum() == pytest.approx(3_610_156, abs=1e-6)
    obs = pdx.observed_single_age(
        demo, "lor2006", "Planungsraum", "2020-12-31", rates, inp.area_ids
    )
    assert obs.shape == inp.base_population.shape
    assert 3_700_000 < obs.sum() < 3_769_962  # the 448th PLR (new in 2019) is left out


@pytest.mark.parametrize("bad", ["'; DROP TABLE population; --", "2024-13-45", "x" * 300])
def test_hostile_period_never_reaches_sql_as_text(
    demo: duckdb.DuckDBPyConnection, bad: str
) -> None:
    with pytest.raises(DataError, match="Keine Bevölkerungsdaten"):
        ppop.band_matrix(demo, "lor2021", "Planungsraum", bad)
    assert demo.execute("SELECT COUNT(*) FROM population").fetchone()[0] > 0


def test_missing_life_table_period_is_a_data_error(demo: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(DataError, match="Sterbetafel 1999/01"):
        pdx.life_table_qx(demo, "1999/01")


def test_area_tree_links_plr_to_berlin(demo: duckdb.DuckDBPyConnection) -> None:
    tree = ppop.area_tree(demo, "lor2021")
    counts = tree.groupby("level")["area_id"].count().to_dict()
    assert counts == {
        "Land": 1,
        "Bezirk": 12,
        "Prognoseraum": 58,
        "Bezirksregion": 143,
        "Planungsraum": 542,
    }
    assert np.all(tree.loc[tree["level"] != "Land", "parent_id"].notna())
