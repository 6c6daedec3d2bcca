"""Germany adapter on the real demo data (built once per module, ~4 s)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely
import yaml

from data_layer.build.adapters.germany import CATALOGUE_PATH, build_germany_package_with_report
from data_layer.build.adapters.germany_harmonise import apply_links, compose
from data_layer.build.package import AGGREGATIONS, DOMAINS, INDICATOR_COLUMNS, POLARITIES, Package

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "germany_admin"


@pytest.fixture(scope="module")
def built() -> tuple[Package, dict[str, Any]]:
    return build_germany_package_with_report(RAW)


@pytest.fixture(scope="module")
def pkg(built: tuple[Package, dict[str, Any]]) -> Package:
    return built[0]


def _pop(pkg: Package, area: str, period: str, sex: str = "all") -> pd.Series:
    p = pkg.population
    return p[(p["area_id"] == area) & (p["period"] == period) & (p["sex"] == sex)].iloc[0]


def _value(pkg: Package, indicator: str, area: str) -> pd.Series:
    v = pkg.indicator_values
    return v[(v["indicator_id"] == indicator) & (v["area_id"] == area)].iloc[0]


# ------------------------------------------------------------------ change-key algebra
def test_compose_splits_and_apply_links_sums() -> None:
    links = pd.DataFrame(
        {"from_ags": ["a", "b"], "to_ags": ["a", "b"], "w_area": [1.0, 1.0], "w_pop": [1.0, 1.0]}
    )
    step = pd.DataFrame(
        {"from_ags": ["b", "b"], "to_ags": ["a", "c"], "w_area": [0.5, 0.5], "w_pop": [0.25, 0.75]}
    )
    carried = apply_links(
        pd.DataFrame({"n": [100.0, 40.0]}, index=["a", "b"]), compose(links, step)
    )
    assert carried["n"].to_dict() == {"a": 110.0, "c": 30.0}
    assert carried["estimated"].to_dict() == {"a": True, "c": True}


# ------------------------------------------------------------------ areas
@pytest.mark.parametrize(
    ("level", "count"), [("Bund", 1), ("Land", 16), ("Kreis", 400), ("Gemeinde", 10956)]
)
def test_level_counts(pkg: Package, level: str, count: int) -> None:
    assert (pkg.areas["level"] == level).sum() == count


def test_every_target_gemeinde_but_three_pseudo_units_has_geometry(
    built: tuple[Package, dict[str, Any]],
) -> None:
    report = built[1]
    assert report["target_gemeinden"] == 10959
    assert report["with_geometry"] == 10956
    assert report["without_geometry"] == ["07000999", "10042999", "13000999"]
    assert report["geometry_not_in_target"] == []


def test_geometries_valid_and_nested(pkg: Package) -> None:
    a = pkg.areas
    assert a.crs.to_epsg() == 4326
    assert bool(shapely.is_valid(a.geometry.values).all())
    gem = a[a["level"] == "Gemeinde"]
    assert set(gem["parent_id"]) == set(a.loc[a["level"] == "Kreis", "area_id"])
    assert "16056" not in set(a["area_id"])  # Eisenach merged into Wartburgkreis 01.07.2021
    assert gem.set_index("area_id").loc["16063105", "parent_id"] == "16063"


@pytest.mark.parametrize(
    ("ags", "name"),
    [("16061119", "Uder"), ("16076094", "Berga-Wünschendorf, Stadt"), ("14522275", "Jahnatal")],
)
def test_new_gemeinden_are_dissolved_from_their_parts(pkg: Package, ags: str, name: str) -> None:
    row = pkg.areas.set_index("area_id").loc[ags]
    assert row["name"] == name
    assert row.geometry.area > 0


def test_attributes(pkg: Package) -> None:
    at = pkg.attributes.set_index(["area_id", "key"])["value"]
    assert at[("11000", "kreis_typ")] == "Kreisfreie Stadt"
    assert at[("10041", "kreis_typ")] == "Regionalverband"
    assert at[("01001000", "urbanisation")] == "dicht besiedelt"
    assert at[("16061119", "land")] == "16"
    assert at[("09184457", "bez")] == "Gemeindefreies Gebiet"
    assert (
        at[("03153019", "bez")] == "Stadt"
    )  # Langelsheim, formed 01.11.2021: derived from the name
    assert (pkg.attributes["key"] == "kreis_typ").sum() == 400


# ------------------------------------------------------------------ population
@pytest.mark.parametrize(
    ("period", "total"),
    [
        ("2013-12-31", 80_767_463),
        ("2017-12-31", 82_792_351),
        ("2021-12-31", 83_237_124),
        ("2023-12-31", 84_669_326),
    ],
)
def test_germany_total_over_gemeinden(pkg: Package, period: str, total: int) -> None:
    p = pkg.population
    gem = set(pkg.areas.loc[pkg.areas["level"] == "Gemeinde", "area_id"])
    rows = p[(p["period"] == period) & (p["sex"] == "all") & p["area_id"].isin(gem)]
    assert rows["count"].sum() == total


# Berga-Wünschendorf (16076094, 01.01.2024) = Berga/Elster 16076004 + Wünschendorf/Elster 16076084;
# Jahnatal (14522275, 01.01.2023) = Ostrau 14522450 + Zschaitz-Ottewig 14522620 (Destatis GV, own Gebietsstand).
@pytest.mark.parametrize(
    ("ags", "series"),
    [
        (
            "16076094",
            {"2013": 3493 + 2906, "2017": 3339 + 2836, "2021": 3198 + 2788, "2023": 3193 + 2740},
        ),
        ("14522275", {"2013": 3744 + 1311, "2017": 3626 + 1316, "2021": 3500 + 1313, "2023": 4787}),
    ],
)
def test_merged_gemeinde_series_is_continuous(
    pkg: Package, ags: str, series: dict[str, int]
) -> None:
    got = {year: int(_pop(pkg, ags, f"{year}-12-31")["count"]) for year in series}
    assert got == series
    values = list(got.values())
    assert all(abs(b / a - 1) < 0.05 for a, b in zip(values, values[1:], strict=False))
    assert _pop(pkg, ags, "2021-12-31")["flag"] == "estimated"
    assert _pop(pkg, ags, "2023-12-31")["flag"] == "observed"


def test_uder_2024_sums_eleven_gemeinden(pkg: Package) -> None:
    # Uder (16061119) was formed on 01.01.2024 from 11 Gemeinden; Destatis 31.12.2023 on Gebietsstand 2024: 6 097
    assert _pop(pkg, "16061119", "2023-12-31")["count"] == 6097
    assert abs(_pop(pkg, "16061119", "2021-12-31")["count"] / 6097 - 1) < 0.05


def test_change_keys_reproduce_official_2023_population(
    built: tuple[Package, dict[str, Any]],
) -> None:
    from data_layer.build.adapters.germany_harmonise import read_destatis_step
    from data_layer.build.adapters.germany_population import check_2023_against_official

    gv = pd.read_csv(RAW / "tables" / "destatis_gv_gemeinden_2013-2023.csv", dtype=str)
    gem24 = pd.read_csv(
        RAW / "tables" / "destatis_gv_gemeinden_gebietsstand_2024-12-31.csv", dtype=str
    )
    step = read_destatis_step(RAW / "tables" / "destatis_gebietsaenderungen_2023-2025.csv", "2024")
    check = check_2023_against_official(gv, gem24, step)
    assert check["compared"] == 10754
    assert check["exact"] >= 10750
    assert check["max_abs_diff"] <= 2


def test_early_kreis_population(pkg: Package, built: tuple[Package, dict[str, Any]]) -> None:
    p = pkg.population
    kreise = p[p["period"] == "1994-12-31"]
    assert set(kreise["area_id"].str.len()) == {5}
    assert kreise["area_id"].nunique() == 400
    # Destatis Kreis table 1994, Germany: 81 538 603; the weighted key may round by a few persons
    assert abs(kreise.loc[kreise["sex"] == "all", "count"].sum() - 81_538_603) <= 5
    assert _pop(pkg, "16063", "2009-12-31")["flag"] == "estimated"  # Eisenach joined in 2021
    assert all(v == [] for v in built[1]["unmatched_kreise"].values())


# ------------------------------------------------------------------ indicator values
def test_inkar_keys_match_kreise(pkg: Package, built: tuple[Package, dict[str, Any]]) -> None:
    assert built[1]["inkar_keys_unmatched"] == []
    v = pkg.indicator_values
    inkar = v[v["indicator_id"].str.startswith("inkar_")]
    assert inkar["indicator_id"].nunique() == 30
    berlin = inkar[
        (inkar["indicator_id"] == "inkar_unemployment_rate") & (inkar["area_id"] == "11000")
    ]
    assert berlin.set_index("period").loc["2015", "value"] == 10.66


def test_zensus_merger_sums_numerators(pkg: Package) -> None:
    # Ostrau: 3 427 persons, 2.7 % foreign, size 2.16, 1 896 dwellings, owner 56.0 %, rent 4.88
    # Zschaitz-Ottewig: 1 288 persons, 0.2 % foreign, size 2.20, 624 dwellings, owner 67.3 %, rent 4.61
    assert _value(pkg, "zensus_population", "14522275")["value"] == 4715
    foreign = _value(pkg, "zensus_foreign_share", "14522275")
    assert foreign["value"] == pytest.approx((2.7 * 3427 + 0.2 * 1288) / 4715)
    assert foreign["denominator"] == 4715
    assert foreign["flag"] == "estimated"
    size = _value(pkg, "zensus_household_size", "14522275")["value"]
    assert size == pytest.approx(4715 / (3427 / 2.16 + 1288 / 2.2))
    rented = (1896 * 0.44, 624 * (1 - 0.673))
    rent = _value(pkg, "zensus_rent_per_m2", "14522275")["value"]
    assert rent == pytest.approx((4.88 * rented[0] + 4.61 * rented[1]) / sum(rented))


def test_zensus_unchanged_gemeinde_is_observed(pkg: Package) -> None:
    row = _value(pkg, "zensus_population", "11000000")
    assert (row["value"], row["flag"]) == (3_596_999, "observed")
    owner = _value(pkg, "zensus_owner_share", "11000000")
    assert owner["value"] == pytest.approx(15.4)
    implausible = _value(pkg, "zensus_owner_share", "07232022")
    assert implausible["flag"] == "missing" and pd.isna(implausible["value"])


# ------------------------------------------------------------------ catalogue
def test_catalogue_covers_every_indicator_without_empty_fields(pkg: Package) -> None:
    entries = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))["indicators"]
    ids = {e["indicator_id"] for e in entries}
    assert set(pkg.indicator_values["indicator_id"]) == ids
    for entry in entries:
        assert set(entry) == set(INDICATOR_COLUMNS), entry["indicator_id"]
        assert all(v is not None and v != "" for v in entry.values()), entry["indicator_id"]
        assert len(entry["short_name"]) <= 25
        assert entry["polarity"] in POLARITIES
        assert entry["domain"] in DOMAINS
        assert entry["aggregation"] in AGGREGATIONS
        assert entry["licence"] == "dl-de/by-2-0"


def test_sources_point_to_existing_files(pkg: Package) -> None:
    root = RAW.parents[2]
    assert len(pkg.sources) == 10
    for ref in pkg.sources:
        assert (root / ref.file).is_file(), ref.file
        assert ref.attribution and ref.licence == "dl-de/by-2-0"
