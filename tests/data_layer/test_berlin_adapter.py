"""The Berlin demo adapter on the real raw data in ``data/raw/berlin_lor``.

Expected figures are the checks documented in ``data/raw/berlin_lor/SOURCES.md``
(official EWR totals, facility counts and place sums).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_layer.build.adapters.berlin import build_berlin_packages
from data_layer.build.adapters.berlin_operators import operator_type_from_name
from data_layer.build.catalogue import read_catalogue
from data_layer.build.package import (
    AGGREGATIONS,
    AREA_COLUMNS,
    CROSSWALK_COLUMNS,
    DOMAINS,
    FACILITY_COLUMNS,
    FLAGS,
    INDICATOR_COLUMNS,
    OPERATOR_TYPES,
    POLARITIES,
    POPULATION_COLUMNS,
    VALUE_COLUMNS,
    Package,
)

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw" / "berlin_lor"
CATALOGUE = ROOT / "data" / "catalogue" / "berlin_indicators.yaml"
POP_KEY = ["area_id", "period", "sex", "age_from", "age_to"]


@pytest.fixture(scope="module")
def packages() -> dict[str, Package]:
    return {p.system_code: p for p in build_berlin_packages(RAW)}


@pytest.fixture(scope="module")
def new(packages: dict[str, Package]) -> Package:
    return packages["lor2021"]


@pytest.fixture(scope="module")
def old(packages: dict[str, Package]) -> Package:
    return packages["lor2006"]


def _total(pop: pd.DataFrame, period: str, sex: str = "all") -> pd.Series:
    """PLR totals (all ages) of one period and sex."""
    rows = pop[
        (pop["period"] == period)
        & (pop["sex"] == sex)
        & (pop["age_from"] == 0)
        & pop["age_to"].isna()
    ]
    return rows.set_index("area_id")["count"]


# ----------------------------------------------------------------------------- areas


@pytest.mark.parametrize(
    ("system", "level", "expected"),
    [
        ("lor2021", "Land", 1),
        ("lor2021", "Bezirk", 12),
        ("lor2021", "Prognoseraum", 58),
        ("lor2021", "Bezirksregion", 143),
        ("lor2021", "Planungsraum", 542),
        ("lor2006", "Land", 1),
        ("lor2006", "Bezirk", 12),
        ("lor2006", "Planungsraum", 448),
    ],
)
def test_area_counts_per_level(
    packages: dict[str, Package], system: str, level: str, expected: int
) -> None:
    areas = packages[system].areas
    assert (areas["level"] == level).sum() == expected


@pytest.mark.parametrize("system", ["lor2021", "lor2006"])
def test_parent_chain_reaches_berlin_one_level_up(
    packages: dict[str, Package], system: str
) -> None:
    pkg = packages[system]
    areas = pkg.areas.set_index("area_id")
    assert areas.index.is_unique
    assert list(pkg.areas.columns) == [*AREA_COLUMNS, "geometry"]
    rank = {level: i for i, level in enumerate(pkg.levels)}
    for area_id, row in areas.iterrows():
        if row["level"] == "Land":
            assert row["parent_id"] is None
            continue
        parent = areas.loc[row["parent_id"]]
        assert rank[parent["level"]] == rank[row["level"]] - 1, area_id
    assert areas.loc["11000000", "name"] == "Berlin"
    assert areas.loc["11", "name"] == "Lichtenberg"


@pytest.mark.parametrize("system", ["lor2021", "lor2006"])
def test_geometries_valid_wgs84_and_berlin_area(packages: dict[str, Package], system: str) -> None:
    areas = packages[system].areas
    assert areas.crs.to_epsg() == 4326
    assert areas.geometry.is_valid.all()
    assert not areas.geometry.is_empty.any()
    land_km2 = areas[areas["level"] == "Land"].to_crs(25833).area.iloc[0] / 1e6
    assert 885 < land_km2 < 897  # Berlin ≈ 891 km² (SOURCES.md)


def test_validity_dates(new: Package, old: Package) -> None:
    assert set(new.areas["valid_from"]) == {"2021-01-01"}
    assert new.areas["valid_to"].isna().all()
    starts = old.areas.set_index("area_id")["valid_from"]
    assert starts["09041403"] == "2019-01-01"  # Allende II, new on 01.01.2019
    assert starts["09041301"] == "2006-06-14"  # reshaped 2019, id with data since 2012
    assert set(old.areas["valid_to"]) == {"2020-12-31"}


# ----------------------------------------------------------------------------- population


@pytest.mark.parametrize(
    ("system", "period", "expected"),
    [
        ("lor2021", "2024-12-31", 3_897_145),
        ("lor2021", "2021-12-31", 3_775_480),
        ("lor2006", "2020-12-31", 3_769_962),
        ("lor2006", "2019-12-31", 3_769_495),
    ],
)
def test_berlin_totals_equal_official_ewr(
    packages: dict[str, Package], system: str, period: str, expected: int
) -> None:
    pop = packages[system].population
    assert _total(pop, period).sum() == expected


def test_population_columns_and_unique_keys(new: Package, old: Package) -> None:
    for pkg in (new, old):
        assert list(pkg.population.columns) == POPULATION_COLUMNS
        assert not pkg.population.duplicated(POP_KEY).any()
        assert set(pkg.population["flag"]) <= set(FLAGS)


def test_moved_totals_keep_old_total(new: Package, old: Package) -> None:
    for period in ("2015-06-30", "2018-12-31", "2020-12-31"):
        moved = _total(new.population, period)
        assert abs(moved.sum() - _total(old.population, period).sum()) < 1
        assert len(moved) == 542
    flags = new.population.groupby(new.population["period"] < "2021")["flag"].unique()
    assert list(flags[True]) == ["estimated"]
    assert list(flags[False]) == ["observed"]
    moved = new.population[new.population["flag"] == "estimated"]["count"]
    assert (moved % 1 != 0).any()  # fractional counts are kept, not rounded


def test_fine_matrix_2024(new: Package) -> None:
    pop = new.population[
        (new.population["period"] == "2024-12-31") & (new.population["area_id"] == "01100101")
    ]
    rows = pop.set_index(["sex", "age_from", "age_to"])["count"]
    assert rows[("all", 0, pd.NA)] == 3580
    assert rows[("m", 0, pd.NA)] == 1869
    assert rows[("f", 0, pd.NA)] == 1711
    assert rows[("all", 0, 1)] == 37
    assert rows[("all", 95, pd.NA)] == 3  # last band 95–110 treated as open
    assert rows[("all", 0, 6)] == 165  # half-year band, = 37+25+24+49+30 of the matrix
    assert rows[("all", 65, pd.NA)] == 717


def test_fine_bands_sum_to_total_and_blank_plr_missing(new: Package) -> None:
    blank = ["03400831", "06200418"]  # 06200418 is keyed 06200318 in the matrix file
    pop = new.population[new.population["period"] == "2024-12-31"]
    fine = pop[
        (pop["sex"] == "all") & ((pop["age_to"] - pop["age_from"] <= 5) | (pop["age_from"] == 95))
    ]
    fine = fine[~((fine["age_from"] == 0) & (fine["age_to"] == 6)) & ~fine["area_id"].isin(blank)]
    assert len(fine) == 540 * 32
    assert (fine.groupby("area_id")["count"].sum() == _total(pop, "2024-12-31").drop(blank)).all()
    # the two PLR left blank in the matrix get no male total (secrecy); the half-year table shows 0
    assert len(_total(pop, "2024-12-31", "m")) == 540
    assert _total(pop, "2024-12-31")[blank].tolist() == [0, 0]
    assert pop[pop["area_id"].isin(blank) & (pop["age_from"] == 0) & (pop["age_to"] == 1)].empty


# ----------------------------------------------------------------------------- indicator values


def test_values_columns_unique_and_catalogued(new: Package, old: Package) -> None:
    catalogue = read_catalogue(CATALOGUE)
    assert list(catalogue.columns) == INDICATOR_COLUMNS
    for pkg in (new, old):
        values = pkg.indicator_values
        assert list(values.columns) == VALUE_COLUMNS
        assert not values.duplicated(["indicator_id", "area_id", "period"]).any()
        assert set(values["indicator_id"]) <= set(catalogue["indicator_id"])
        assert set(values["indicator_id"]) == set(pkg.indicators["indicator_id"])
        assert set(values["area_id"]) <= set(pkg.areas["area_id"])


def test_catalogue_complete() -> None:
    catalogue = read_catalogue(CATALOGUE)
    assert catalogue["indicator_id"].is_unique
    text = catalogue.astype(str).apply(lambda col: col.str.strip())
    assert not (text.eq("") | catalogue.isna()).any().any()
    assert catalogue["short_name"].str.len().max() <= 25
    assert set(catalogue["polarity"]) <= set(POLARITIES)
    assert set(catalogue["domain"]) <= set(DOMAINS)
    assert set(catalogue["aggregation"]) <= set(AGGREGATIONS)
    mss = catalogue[catalogue["indicator_id"].str.startswith("mss_")]
    assert (mss["min_denominator"] == 300).all() and (mss["aggregation"] == "none").all()
    counts = catalogue[catalogue["indicator_id"].str.startswith("pop_")]
    assert (counts["count_threshold"] == 3).all() and (counts["aggregation"] == "sum").all()


def test_count_values_match_half_year_table(new: Package) -> None:
    values = new.indicator_values.set_index(["indicator_id", "area_id", "period"])
    # first data row of berlin_plr2021_population_2021h1-2024h2.csv (01100101, 30.06.2021)
    assert values.loc[("pop_foreigners", "01100101", "2021-06-30"), "value"] == 1421
    assert values.loc[("pop_migration_background", "01100101", "2021-06-30"), "numerator"] == 2092
    assert (
        values.loc[("pop_germans_without_migration_background", "01100101", "2021-06-30"), "value"]
        == 1344
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [(1.0, 47), (0.0, 435), (-1.0, 52)],
)
def test_mss2021_dynamic_index_coding(new: Package, code: float, expected: int) -> None:
    values = new.indicator_values
    dyn = values[(values["indicator_id"] == "mss_dynamic_index") & (values["flag"] == "observed")]
    assert (dyn["value"] == code).sum() == expected


def test_mss2021_missing_plr(new: Package) -> None:
    values = new.indicator_values
    status = values[values["indicator_id"] == "mss_status_index"]
    assert status["period"].unique().tolist() == ["2020-12-31"]
    assert len(status) == 542
    missing = status[status["flag"] == "missing"]
    assert sorted(missing["area_id"]) == [
        "03300515", "03400831", "04400725", "05300838", "05300840", "06200418", "10100205", "12200411",
    ]  # fmt: skip
    assert missing["value"].isna().all()
    assert missing["flag_reason"].str.startswith("nicht veröffentlicht").all()
    assert status.loc[status["area_id"] == "01100101", "value"].item() == 2


def test_mss_old_reports(old: Package) -> None:
    values = old.indicator_values
    status = values[values["indicator_id"] == "mss_status_index"]
    assert status.groupby("period").size().to_dict() == {
        "2012-12-31": 447,
        "2014-12-31": 447,
        "2016-12-31": 447,
        "2018-12-31": 447,
    }
    assert status.groupby("period")["value"].count().tolist() == [434, 435, 436, 436]
    s2 = values[values["indicator_id"] == "mss_s2_long_term_unemployed"]
    assert "2018-12-31" not in set(s2["period"])  # MSS 2019 has no S2


# ----------------------------------------------------------------------------- crosswalk


def test_crosswalk_rows(old: Package, new: Package) -> None:
    cw = old.crosswalk
    assert list(cw.columns) == CROSSWALK_COLUMNS
    assert len(cw) == 1345
    assert set(cw["method"]) == {"areal"}
    assert cw.groupby("from_area")["weight"].sum().sub(1).abs().max() < 1e-12
    assert set(cw["from_area"]) == set(
        old.areas.loc[old.areas["level"] == "Planungsraum", "area_id"]
    )
    new_plr = "lor2021:" + new.areas.loc[new.areas["level"] == "Planungsraum", "area_id"]
    assert set(cw["to_area"]) == set(new_plr)


# ----------------------------------------------------------------------------- facilities


@pytest.mark.parametrize(
    ("prefix", "service_type", "count", "places"),
    [
        ("kita2026", "Kita", 2893, 199_851),
        # the WFS file has 2 881 rows; Einrichtung 03041650 appears twice (30 places)
        ("kita2022", "Kita", 2880, 194_979),
        ("pflege2023", "Pflegeheim", 274, 31_154),
        ("jfe2022", "Jugendfreizeiteinrichtung", 407, None),
        ("schule2023", "Schule", 902, None),
    ],
)
def test_facility_counts(
    new: Package, prefix: str, service_type: str, count: int, places: int | None
) -> None:
    fac = new.facilities[new.facilities["facility_id"].str.startswith(prefix + ":")]
    assert len(fac) == count
    assert set(fac["service_type"]) == {service_type}
    if places is not None:
        assert fac["capacity"].sum() == places
    if service_type == "Schule":
        assert fac["capacity"].isna().all()


def test_facilities_well_formed(new: Package, old: Package) -> None:
    fac = new.facilities
    assert list(fac.columns) == FACILITY_COLUMNS
    assert fac["facility_id"].is_unique
    assert set(fac["operator_type"]) <= set(OPERATOR_TYPES)
    assert fac["area_id"].isin(new.areas.loc[new.areas["level"] == "Planungsraum", "area_id"]).all()
    assert fac["lon"].between(13.0, 13.8).all() and fac["lat"].between(52.3, 52.7).all()
    assert old.facilities.empty


@pytest.mark.parametrize(
    ("facility_id", "operator_type"),
    [
        ("kita2026:01010010", "frei-gemeinnützig"),  # GFJ – gemeinnützige Gesellschaft … mbH
        ("kita2022:01010010", "frei-gemeinnützig"),
        ("schule2023:01B01", "öffentlich"),
        ("pflege2023:511100229", "öffentlich"),  # n.o.-komm. (Bezirksamt Lichtenberg)
        ("jfe2022:01010003", "öffentlich"),  # öffentlicher Träger
    ],
)
def test_operator_type_of_known_facilities(
    new: Package, facility_id: str, operator_type: str
) -> None:
    fac = new.facilities.set_index("facility_id")
    assert fac.loc[facility_id, "operator_type"] == operator_type


def test_kita_eigenbetriebe_public_in_both_snapshots(new: Package) -> None:
    fac = new.facilities
    city = fac[fac["operator"] == "Kindergärten City"]
    assert len(city) > 0 and set(city["operator_type"]) == {"öffentlich"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kinderladen Umme Ecke e. V.", "frei-gemeinnützig"),
        ("Fröbel Bildung und Erziehung gGmbH", "frei-gemeinnützig"),
        (
            "Humanistischer Verband Deutschlands, Landesverband Berlin-Brandenburg KdöR",
            "frei-gemeinnützig",
        ),
        (
            "Kitas im Erzbistum Berlin-Zweckverband der katholischen Kirchengemeinden",
            "frei-gemeinnützig",
        ),
        ("Bezirksamt Mitte von Berlin", "öffentlich"),
        ("Vivantes - Forum für Senioren GmbH", "öffentlich"),
        ("Müller & Partner GbR", "privat"),
        ("Kleiner Fratz GmbH", "unbekannt"),
        ("Pestalozzi-Fröbel-Haus Stiftung des öffentlichen Rechts", "unbekannt"),
        ("", "unbekannt"),
        (None, "unbekannt"),
    ],
)
def test_operator_type_from_name(name: str | None, expected: str) -> None:
    assert operator_type_from_name(name) == expected


# ----------------------------------------------------------------------------- metadata


@pytest.mark.parametrize("system", ["lor2021", "lor2006"])
def test_sources_exist_and_carry_attribution(packages: dict[str, Package], system: str) -> None:
    pkg = packages[system]
    assert pkg.sources
    for ref in pkg.sources:
        assert (ROOT / ref.file).is_file(), ref.file
        assert ref.attribution.startswith("Datenquellen: Amt für Statistik Berlin-Brandenburg")
        assert ref.publisher and ref.licence and ref.stand
    assert {"areas", "population", "indicator_values"} <= set(pkg.file_names)
