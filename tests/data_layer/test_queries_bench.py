"""Queries of "Kommunen vergleichen" against the demo store (de2024, Gebietsstand 31.12.2024)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pytest

from data_layer.read import peers as qb
from tests.conftest import DEMO_DB


@pytest.fixture(scope="module")
def demo() -> Iterator[duckdb.DuckDBPyConnection]:
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    c = duckdb.connect(str(DEMO_DB), read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("level", "n", "ags", "name", "land_name", "type_", "population"),
    [
        ("Kreis", 400, "11000", "Berlin, Stadt", "Berlin", "Kreisfreie Stadt", 3_782_202),
        ("Kreis", 400, "09184", "München", "Bayern", "Landkreis", 358_480),
        (
            "Gemeinde",
            10_752,
            "09162000",
            "München, Landeshauptstadt",
            "Bayern",
            "dicht besiedelt",
            1_510_378,
        ),
        ("Gemeinde", 10_752, "14522275", "Jahnatal", "Sachsen", "gering besiedelt", 4_787),
    ],
)
def test_bench_areas(demo, level, n, ags, name, land_name, type_, population) -> None:
    areas = qb.bench_areas(demo, "de2024", level)
    assert len(areas) == n
    row = areas.set_index("local_id").loc[ags]
    assert (row["name"], row["land_name"], row["type"]) == (name, land_name, type_)
    assert row["population"] == population
    assert row["population_period"] == "2023-12-31"


def test_gemeindefreie_gebiete_are_not_kommunen(demo) -> None:
    areas = qb.bench_areas(demo, "de2024", "Gemeinde")
    assert "01053105" not in set(areas["local_id"])  # Sachsenwald (Forstgutsbezirk)
    assert areas["bez"].isin(["Stadt", "Gemeinde"]).all()


@pytest.mark.parametrize(
    ("year", "period", "value"), [(2020, "2020", 9.69), (2023, "2021", 9.81), (2015, "2015", 10.66)]
)
def test_snapshot_takes_latest_period_up_to_year(demo, year, period, value) -> None:
    snap = qb.level_snapshot(demo, "de2024", "Kreis", dt.date(year, 12, 31))
    row = snap[
        (snap["area_id"] == "de2024:11000") & (snap["indicator_id"] == "inkar_unemployment_rate")
    ]
    assert row["period"].tolist() == [period]
    assert row["value"].iloc[0] == pytest.approx(value)


def test_snapshot_uses_one_period_per_indicator(demo) -> None:
    snap = qb.level_snapshot(demo, "de2024", "Gemeinde", dt.date(2023, 12, 31))
    periods = snap.groupby("indicator_id")["period"].nunique()
    assert (periods == 1).all()
    assert snap.loc[snap["indicator_id"] == "pop_total", "period"].iloc[0] == "2023-12-31"
    assert snap.loc[snap["indicator_id"] == "zensus_owner_share", "period"].iloc[0] == "2022-05-15"


def test_jahnatal_series_is_harmonised_and_continuous(demo) -> None:
    """Jahnatal (14522275) took in Ostrau and Zschaitz-Ottewig on 01.01.2023."""
    ser = qb.indicator_level_series(demo, "de2024", "Gemeinde", "pop_total")
    own = ser[ser["area_id"] == "de2024:14522275"]
    assert own["period"].tolist() == ["2013-12-31", "2017-12-31", "2021-12-31", "2023-12-31"]
    assert own["value"].tolist() == [5055.0, 4942.0, 4813.0, 4787.0]
    assert own["flag"].tolist() == ["estimated", "estimated", "estimated", "derived"]


def test_level_indicators_and_periods(demo) -> None:
    ind = qb.level_indicators(demo, "de2024", "Kreis")
    assert len(ind) == 41
    per = qb.level_periods(demo, "de2024", "Gemeinde")
    assert per.loc[per["indicator_id"] == "pop_total", "period"].tolist() == [
        "2013-12-31",
        "2017-12-31",
        "2021-12-31",
        "2023-12-31",
    ]


@pytest.mark.parametrize("level", ["Land", "Planungsraum", "'; DROP TABLE areas; --"])
def test_other_levels_are_refused(demo, level) -> None:
    with pytest.raises(ValueError, match="nicht verglichen"):
        qb.bench_areas(demo, "de2024", level)


def test_hostile_indicator_id_is_just_unknown(demo) -> None:
    ser = qb.indicator_level_series(demo, "de2024", "Kreis", "x' OR '1'='1")
    assert ser.empty


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, duckdb.DuckDBPyConnection]:
    """Two copies of the de2024 Länder and Kreise: one without, one with overview rows."""
    from data_layer.build.overview_table import write_overview_geometry
    from data_layer.build.store import create_schema

    out = {}
    for name in ("without", "with"):
        path = tmp_path_factory.mktemp("ov") / f"{name}.duckdb"
        c = duckdb.connect(str(path))
        create_schema(c)
        c.execute(f"ATTACH '{DEMO_DB}' AS demo (READ_ONLY)")
        c.execute(
            "INSERT INTO areas SELECT * FROM demo.areas "
            "WHERE system_code = 'de2024' AND level IN ('Bund', 'Land', 'Kreis')"
        )
        c.execute("DETACH demo")
        if name == "with":
            write_overview_geometry(c)
        out[name] = c
    return out


@pytest.mark.parametrize(
    ("level", "n", "local_id", "name"),
    [("Land", 16, "09", "Bayern"), ("Kreis", 400, "09162", "München, Landeshauptstadt")],
)
def test_overview_geometries_stored_or_computed_are_the_same(
    stores, level, n, local_id, name
) -> None:
    stored = qb.overview_geometries(stores["with"], "de2024", level)
    computed = qb.overview_geometries(stores["without"], "de2024", level)  # empty table
    assert len(stored) == n
    assert stored.columns.tolist() == ["area_id", "local_id", "name", "wkb"]
    assert stored["area_id"].is_monotonic_increasing
    assert stored.loc[stored["local_id"] == local_id, "name"].tolist() == [name]
    assert [bytes(b) for b in stored["wkb"]] == [bytes(b) for b in computed["wkb"]]
    assert stored[["area_id", "local_id", "name"]].equals(computed[["area_id", "local_id", "name"]])


def test_overview_geometries_refuse_other_levels_and_know_no_other_system(stores) -> None:
    with pytest.raises(ValueError, match="Übersichtsgeometrie"):
        qb.overview_geometries(stores["with"], "de2024", "Planungsraum")
    assert qb.overview_geometries(stores["with"], "'; DROP TABLE areas; --", "Land").empty
