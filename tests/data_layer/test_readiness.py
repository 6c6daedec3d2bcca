"""The readiness report: which page runs on what a store holds (hand-built store contents)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data_layer.build.pipeline import main
from data_layer.read.readiness import (
    AREAS,
    BENCH,
    CATALOGUE,
    DEMAND,
    PROJECTION,
    LevelContents,
    PageReadiness,
    ServiceNeed,
    StoreContents,
    covered,
    partition,
    readiness,
    store_contents,
    tiles,
)
from tests.conftest import DEMO_DB

FINE = ((0, 3), (3, 6), (6, 18), (18, 65), (65, 80), (80, None), (0, None))
COARSE = ((0, 18), (18, 65), (65, None), (0, None))
KITA = ServiceNeed("Kita unter 3 Jahren", "Kita", 0, 3, needs_places=True)
PFLEGE = ServiceNeed("Pflegeheim", "Pflegeheim", 80, None, needs_places=True)


def _level(
    name: str, bands: dict[str, tuple[tuple[int, int | None], ...]], **kw: object
) -> LevelContents:
    return LevelContents(level=name, n_areas=10, bands=bands, **kw)  # type: ignore[arg-type]


def _full(**kw: object) -> StoreContents:
    """A store where everything runs: two year-ends with fine bands, Kitas with places."""
    base = {
        "system_code": "stadt",
        "levels": (
            _level("Stadt", {}, n_indicators=3),
            _level(
                "Stadtteil",
                {"2023-12-31": FINE, "2024-12-31": FINE},
                female_periods=frozenset({"2024-12-31"}),
                n_indicators=5,
            ),
        ),
        "facilities": {"Kita": (70, 70), "Pflegeheim": (4, 4)},
        "services": (KITA, PFLEGE),
        "n_catalogue": 5,
        "germany_base": True,
        "kommune_ags": "01001000",
        "kommune_in_base": True,
        "projection_scope": ("stadt", "Stadtteil"),
        "life_tables": True,
        "fertility_rates": True,
    }
    return StoreContents(**(base | kw))  # type: ignore[arg-type]


def _by_page(c: StoreContents) -> dict[str, PageReadiness]:
    return {r.page: r for r in readiness(c)}


def test_everything_runs() -> None:
    got = _by_page(_full())
    assert {p: r.text for p, r in got.items()} == {
        AREAS: "läuft",
        DEMAND: "läuft",
        BENCH: "läuft",
        PROJECTION: "läuft",
        CATALOGUE: "läuft",
    }


def test_band_logic_by_hand() -> None:
    assert tiles(FINE, (0, 3)) and tiles(FINE, (80, None)) and tiles(FINE, (0, 6))
    assert not tiles(COARSE, (0, 3))
    assert covered(COARSE, (0, 3)) and covered(COARSE, (80, None))
    assert not covered(((0, None),), (0, 3))  # the total alone says nothing about 0–3
    assert partition(FINE) == (True, None)
    # under 6, 65 and over and the total: 6 to under 65 is the total minus both
    assert partition(((0, 6), (65, None), (0, None))) == (True, (6, 65))
    assert partition(((0, 6), (65, None))) == (False, None)  # no total: no estimate
    assert partition(((0, None), (0, 6), (10, 20), (65, None))) == (False, None)  # two gaps


def test_coarse_bands_mean_estimates_for_demand() -> None:
    level = _level("Stadtteil", {"2024-12-31": COARSE}, n_indicators=5)
    got = _by_page(_full(levels=(level,)))[DEMAND]
    assert got.status == "läuft mit Schätzungen"
    assert got.text == (
        "läuft mit Schätzungen: Kita unter 3 Jahren: Einwohner 0 bis unter 3 Jahre aus gröberen "
        "Altersgruppen geschätzt (population.csv: die Altersgruppe 0 bis unter 3 Jahre genau "
        "liefern); Pflegeheim: Einwohner 80 Jahre und älter aus gröberen Altersgruppen geschätzt "
        "(population.csv: die Altersgruppe 80 Jahre und älter genau liefern)"
    )


def test_facilities_without_places_or_none() -> None:
    got = _by_page(_full(facilities={"Kita": (12, 0)}))[DEMAND]
    assert got.text == (
        "fehlt: Kita unter 3 Jahren (facilities.csv: Plätze (Spalte capacity) der „Kita“); "
        "Pflegeheim (facilities.csv: Einrichtungen mit service_type „Pflegeheim“)"
    )
    partly = _by_page(_full(facilities={"Kita": (12, 12)}))[DEMAND]
    assert partly.text == (
        "läuft – nicht für: Pflegeheim (facilities.csv: Einrichtungen mit service_type "
        "„Pflegeheim“)"
    )


def test_only_the_total_names_the_age_group_to_add() -> None:
    level = _level("Gemeinde", {"2023-12-31": ((0, None),)}, n_indicators=6)
    got = _by_page(_full(levels=(level,), facilities={}))[DEMAND]
    assert got.status == "fehlt"
    assert "population.csv: Altersgruppe 0 bis unter 3 Jahre (age_from 0, age_to 3)" in got.text
    assert "population.csv: Altersgruppe 80 Jahre und älter (age_from 80, age_to leer)" in got.text


def test_benchmarking_needs_the_germany_base_and_the_key() -> None:
    assert _by_page(_full(germany_base=False))[BENCH].text == (
        "fehlt: die deutschlandweite Grundlage (Kreise und Gemeinden): Datenbasis ohne "
        "--ohne-deutschland bauen"
    )
    assert _by_page(_full(kommune_ags=None, kommune_in_base=False))[BENCH].text == (
        "läuft – nicht für: die eigene Kommune (paket.yaml: Feld kommune mit dem amtlichen "
        "Schlüssel fehlt)"
    )
    est = _by_page(_full(n_estimated_base_values=2786))[BENCH]
    assert est.text == (
        "läuft mit Schätzungen: 2.786 Werte früherer Gebietsstände sind auf den heutigen "
        "umgerechnet (geschätzt)"
    )


def test_projection_with_one_year_end_runs_with_estimates() -> None:
    none = _level("Stadtteil", {"2024-06-30": FINE}, n_indicators=1)
    got = _by_page(_full(levels=(none,)))[PROJECTION]
    assert got.text == (
        "fehlt: population.csv: Einwohner der Ebene Stadtteil nach Altersgruppen von 0 bis "
        "„… Jahre und älter“ (höchstens eine Gruppe darf fehlen, dann mit „insgesamt“) an "
        "einem Stichtag 31.12."
    )
    one = _level(
        "Stadtteil", {"2024-12-31": FINE}, female_periods=frozenset({"2024-12-31"}), n_indicators=1
    )
    got = _by_page(_full(levels=(one,)))[PROJECTION]
    assert got.text == (
        "läuft mit Schätzungen: nur ein Stichtag (31.12.2024): ohne Wanderung gerechnet (oder "
        "mit dem Wanderungssaldo aus projection.yaml), keine Rückrechnung möglich – für "
        "Wanderung und Rückrechnung Einwohner an mindestens zwei Stichtagen 31.12."
    )
    # a mid-year Stichtag does not count; one missing band is estimated from the total
    gap = ((0, 6), (65, None), (0, None))
    two = _level(
        "Stadtteil",
        {"2024-06-30": FINE, "2023-12-31": gap, "2024-12-31": FINE},
        female_periods=frozenset({"2024-12-31"}),
        n_indicators=1,
    )
    got = _by_page(_full(levels=(two,)))[PROJECTION]
    assert got.text == (
        "läuft mit Schätzungen: am 31.12.2023 die Altersgruppe 6 bis unter 65 Jahre als "
        "Gesamtzahl minus übrige Gruppen geschätzt"
    )


def test_projection_needs_women_scope_and_rates() -> None:
    no_women = _level("Stadtteil", {"2023-12-31": FINE, "2024-12-31": FINE}, n_indicators=1)
    got = _by_page(_full(levels=(no_women,)))[PROJECTION]
    assert got.text == (
        "läuft mit Schätzungen: Frauen je Gebiet am 31.12.2024 aus dem Frauenanteil der "
        "Sterbetafel geschätzt (population.csv: sex f für genaue Geburten)"
    )
    got = _by_page(_full(levels=(no_women,), life_tables=False))[PROJECTION]
    assert got.text == "fehlt: Sterbetafeln (data/raw/demography)"
    other = _by_page(_full(projection_scope=("anders", "Stadtteil")))[PROJECTION]
    assert other.status == "fehlt" and "scope.area_system „anders“" in other.text


def test_no_values_no_catalogue() -> None:
    bare = _level("Stadtteil", {"2024-12-31": ((0, None),)})
    got = _by_page(_full(levels=(bare,), n_catalogue=0))
    assert got[AREAS].status == "fehlt" and "indicator_values.csv" in got[AREAS].text
    assert got[CATALOGUE].text == "fehlt: indicators.yaml (Indikatorenkatalog)"
    est = _by_page(_full(levels=(_level("Stadtteil", {}, n_indicators=2, n_estimated_values=7),)))
    assert est[AREAS].text == (
        "läuft mit Schätzungen: 7 Indikatorwerte sind geschätzt (z. B. aus anderen "
        "Gebietsständen umgerechnet)"
    )


def test_demo_store_report() -> None:
    c = duckdb.connect(str(DEMO_DB), read_only=True)
    try:
        got = _by_page(store_contents(c))
    finally:
        c.close()
    assert got[DEMAND].text == "läuft"  # Kitas, Pflegeheime, JFE with places; fine bands
    assert got[BENCH].status == "läuft mit Schätzungen"  # harmonised earlier Gebietsstände
    assert got[PROJECTION].status == "läuft mit Schätzungen"  # 2015–2020 moved from old PLR
    assert got[CATALOGUE].text == "läuft"


def test_check_prints_the_report_and_writes_nothing(
    tmp_path: Path, package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nie.duckdb"
    argv = ["--package", str(package_copy), "--out", str(out), "--ohne-deutschland", "--check"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "Prüfung bestanden" in printed
    assert "Kommunen vergleichen     fehlt: die deutschlandweite Grundlage" in printed
    assert not out.exists() and not list(tmp_path.glob("*.tmp*"))
