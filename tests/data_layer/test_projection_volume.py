"""Net migration volume of Berlin from the stored parameters and the register (data_layer/read/projection_volume.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from data_layer.errors import DataError
from data_layer.read import projection_inputs as pdx
from data_layer.read import projection_volume as pvol

DEMO_DB = Path(__file__).resolve().parents[2] / "data" / "planungsatlas.duckdb"


@pytest.fixture(scope="module")
def demo() -> Iterator[duckdb.DuckDBPyConnection]:
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    c = duckdb.connect(str(DEMO_DB), read_only=True)
    yield c
    c.close()


def test_observed_years_with_sources(demo: duckdb.DuckDBPyConnection) -> None:
    params = pdx.projection_parameters(demo)
    assert pvol.observed_net_migration(params) == {
        2019: 23231.0,
        2021: 16241.0,
        2022: 84584.0,
        2024: 27107.0,
    }
    rows = params["net_migration_volume"]["observed"]["values"]
    assert all(r["source_url"].startswith("https://") for r in rows)
    assert params["net_migration_volume"]["rule"]["status"] == "Annahme"


@pytest.mark.parametrize(
    ("system", "base", "start", "expected", "years"),
    [
        # the app: all four observed years (min / median / mean)
        (
            "lor2021",
            "2024-12-31",
            "2021-06-30",
            (16241.0, 25169.0, 37790.75),
            (2019, 2021, 2022, 2024),
        ),
        # backtest from 31.12.2021: only 2019 and 2021 were known
        ("lor2021", "2021-12-31", "2021-06-30", (16241.0, 19736.0, 19736.0), (2019, 2021)),
        # backtest from 31.12.2015: no observed year; register change 30.06.-31.12.2015
        # 3 610 156 - 3 576 190 = 33 966 minus half of (38 030 - 34 278), times 2 = 64 180
        ("lor2006", "2015-12-31", "2015-06-30", (64180.0, 64180.0, 64180.0), ()),
    ],
)
def test_volume_assumption_uses_only_what_was_known(
    demo: duckdb.DuckDBPyConnection,
    system: str,
    base: str,
    start: str,
    expected: tuple[float, float, float],
    years: tuple[int, ...],
) -> None:
    params = pdx.projection_parameters(demo)
    v = pvol.volume_assumption(demo, params, system, "Planungsraum", base, start)
    assert (v.low, v.middle, v.high) == pytest.approx(expected, abs=1e-9)
    assert v.years == years
    assert ("Wanderungsstatistik" in v.basis) == bool(years)


def test_register_total_and_missing_period(demo: duckdb.DuckDBPyConnection) -> None:
    assert pvol.register_total(demo, "lor2006", "Planungsraum", "2015-12-31") == 3_610_156
    with pytest.raises(DataError):
        pvol.register_total(demo, "lor2006", "Planungsraum", "1999-12-31")


def test_missing_natural_balance_is_a_data_error(demo: duckdb.DuckDBPyConnection) -> None:
    params = pdx.projection_parameters(demo)
    params = {**params, "net_migration_volume": {**params["net_migration_volume"]}}
    params["net_migration_volume"]["natural_balance"] = {"values": {}}
    with pytest.raises(DataError, match="2015"):
        pvol.volume_assumption(demo, params, "lor2006", "Planungsraum", "2015-12-31", "2015-06-30")


def test_parameters_without_volume_block_estimate_no_demo_numbers() -> None:
    old = {"variants": {"middle": {"tfr": 1.17, "migration_factor": 1.0}}}
    params = pvol.with_volume_block(old)
    assert params["variants"]["middle"]["migration_volume"] == "middle"
    assert params["net_migration_volume"]["estimated"] is True
    with pytest.raises(DataError, match="Beobachtete Wanderungssalden fehlen"):
        pvol.observed_net_migration(params)
    assert "migration_volume" not in old["variants"]["middle"]  # input not mutated
