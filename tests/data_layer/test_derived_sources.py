"""Derived indicators name the sources of the store they are in, no other Kommune's (#14).

``source``, ``licence`` and ``attribution`` of every derived indicator are filled at build
time from the packages whose data the values come from (population files, facility files
of the service type, area files for densities); the YAML holds no Kommune's name.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import geopandas as gpd
import pytest
import yaml

from data_layer.build.derived_indicators import DERIVED_FILE, credits
from data_layer.build.package import Package, SourceRef
from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from tests.conftest import FIXTURE_PACKAGE
from tests.shapes.stores import build_shape

_FIELDS = ("source", "licence", "attribution")


def _derived(store: Path) -> dict[str, dict[str, str]]:
    conn = duckdb.connect(str(store), read_only=True)
    try:
        rows = conn.execute(
            "SELECT indicator_id, source, licence, attribution FROM indicators WHERE derived"
        ).fetchall()
    finally:
        conn.close()
    return {r[0]: dict(zip(_FIELDS, r[1:], strict=True)) for r in rows}


def _package(code: str, file_names: dict[str, str], sources: list[SourceRef]) -> Package:
    return Package(
        name=code,
        system_code=code,
        area_system=code,
        gebietsstand="2024-12-31",
        levels=["Stadt"],
        areas=gpd.GeoDataFrame(),
        sources=sources,
        file_names=file_names,
    )


def test_the_catalogue_file_names_no_kommune() -> None:
    text = DERIVED_FILE.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip().startswith(("source:", "licence:", "attribution:")):
            assert "Berlin" not in line and "Destatis" not in line, line


def test_sources_of_population_and_facilities_by_role() -> None:
    pkg = _package(
        "stadt",
        {"population": "bevoelkerung.csv", "facilities": "kitas.csv, schulen.csv"},
        [
            SourceRef("areas.geojson", "Vermessungsamt", "dl-de/by-2-0", "© Vermessung", "2024"),
            SourceRef("bevoelkerung.csv", "Statistikstelle", "dl-de/zero-2-0", "Stadt X", "2024"),
            SourceRef("kitas.csv", "Jugendamt", "CC BY 4.0", "Jugendamt X", "2026"),
            SourceRef("schulen.csv", "Schulamt", "CC0", "Schulamt X; bearbeitet.", "2025"),
        ],
    )
    pop = credits({"numerator": {"population": {"age": [0, 6]}}}, ["stadt"], [pkg])
    assert pop == {
        "source": "Berechnet vom Planungsatlas aus Bevölkerungsdaten: Statistikstelle",
        "licence": "dl-de/zero-2-0",
        "attribution": "Stadt X; bearbeitet",
    }
    kita = credits(
        {
            "numerator": {"facilities": {"service_type": "Kita", "measure": "capacity"}},
            "denominator": {"population": {"age": [0, 6]}},
        },
        ["stadt"],
        [pkg],
    )
    assert kita == {
        "source": "Berechnet vom Planungsatlas aus Einrichtungsdaten (Kita): Jugendamt"
        " – Bevölkerungsdaten: Statistikstelle",
        "licence": "CC BY 4.0 / dl-de/zero-2-0",
        "attribution": "Jugendamt X; Stadt X; bearbeitet",
    }
    # already "bearbeitet" in the source's own attribution: not said twice
    schools = credits(
        {"numerator": {"facilities": {"service_type": "Schule", "measure": "count"}}},
        ["stadt"],
        [pkg],
    )
    assert schools is not None and schools["attribution"] == "Schulamt X; bearbeitet."
    density = credits(
        {"numerator": {"population": {}}, "denominator": {"area_km2": True}}, ["stadt"], [pkg]
    )
    assert density is not None
    # areas.geojson is not named as origin of any table here: all the package's sources
    assert density["source"].endswith(
        "Gebietsflächen: Vermessungsamt; Statistikstelle; Jugendamt; Schulamt"
    )


def test_only_systems_with_values_are_named() -> None:
    kommune = _package(
        "stadt",
        {"population": "population.csv"},
        [SourceRef("population.csv", "Stadt Y, Statistik", "dl-de/by-2-0", "© Stadt Y", "2024")],
    )
    base = _package(
        "de2024",
        {"population": "Adapter: destatis_gv_gemeinden_2013-2023.csv"},
        [
            SourceRef("geo/vg5000.geojson", "BKG", "dl-de/by-2-0", "© BKG", "2021"),
            SourceRef(
                "tables/destatis_gv_gemeinden_2013-2023.csv",
                "Destatis",
                "dl-de/by-2-0",
                "© Destatis, GV-ISys",
                "2023",
            ),
        ],
    )
    spec = {"numerator": {"population": {}}}
    both = credits(spec, ["de2024", "stadt"], [kommune, base])
    assert both is not None
    assert (
        both["source"]
        == "Berechnet vom Planungsatlas aus Bevölkerungsdaten: Destatis; Stadt Y, Statistik"
    )
    assert both["attribution"] == "© Destatis, GV-ISys; © Stadt Y; bearbeitet"
    only_base = credits(spec, ["de2024"], [kommune, base])
    assert only_base is not None and "Stadt Y" not in str(only_base)
    assert credits(spec, ["fremd"], [kommune, base]) is None


def test_fixture_store_names_its_package_sources(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    write_store(out, [read_package(FIXTURE_PACKAGE)])
    manifest = yaml.safe_load((FIXTURE_PACKAGE / "paket.yaml").read_text(encoding="utf-8"))
    by_file = {s["file"]: s for s in manifest["sources"]}
    derived = _derived(out)
    pop, fac = by_file["population.csv"], by_file["facilities.csv"]
    assert derived["share_u6"]["source"] == (
        f"Berechnet vom Planungsatlas aus Bevölkerungsdaten: {pop['publisher']}"
    )
    assert derived["share_u6"]["licence"] == pop["licence"]
    assert derived["kitas_count"]["source"] == (
        f"Berechnet vom Planungsatlas aus Einrichtungsdaten (Kita): {fac['publisher']}"
    )


@pytest.mark.parametrize(
    ("shape", "population_publisher"),
    [
        ("flensburg", "Stadt Flensburg, Sozialatlas Tab. 1, 6–8 (Einwohnermelderegister)"),
        ("landkreis", "Statistisches Bundesamt (Gemeindeverzeichnis, Bevölkerungsfortschreibung)"),
    ],
)
def test_shape_store_names_no_berlin_source(
    shape: str, population_publisher: str, tmp_path: Path
) -> None:
    derived = _derived(build_shape(shape, tmp_path))
    assert "pop_total" in derived
    for indicator_id, fields in derived.items():
        for name, text in fields.items():
            assert "Berlin" not in text, f"{indicator_id}.{name}: {text}"
    assert derived["pop_total"]["source"] == (
        f"Berechnet vom Planungsatlas aus Bevölkerungsdaten: {population_publisher}"
    )


def test_berlin_demo_still_names_its_sources() -> None:
    from data_layer.build.adapters.berlin import build_berlin_packages
    from data_layer.build.derived_indicators import load_definitions
    from data_layer.build.pipeline import RAW_DIR

    packages = build_berlin_packages(RAW_DIR / "berlin_lor")
    _, compute = load_definitions()
    share = credits(compute["share_u6"], ["lor2021"], packages)
    assert share is not None
    assert "Bevölkerungsdaten: " in share["source"]
    assert "Amt für Statistik Berlin-Brandenburg" in share["source"]
    assert "Senatsverwaltung für Bildung" not in share["source"]  # no facility file
    kita = credits(compute["kita_places_per_100_u6"], ["lor2021"], packages)
    assert kita is not None
    assert (
        "Einrichtungsdaten (Kita): Senatsverwaltung für Bildung, Jugend und Familie"
        in kita["source"]
    )
    assert "pflege" not in kita["source"].lower()  # only the Kita files of the facility sources
    assert "CC BY 3.0 DE" in kita["licence"]
