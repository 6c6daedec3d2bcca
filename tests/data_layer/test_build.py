"""The build: atomic, deterministic, derived values summed from the finest level."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import main, write_store
from data_layer.errors import ImportValidationError
from tests.conftest import FIXTURE_PACKAGE


def test_same_inputs_same_data_version(tmp_path: Path) -> None:
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    va = write_store(a, [read_package(FIXTURE_PACKAGE)])
    vb = write_store(b, [read_package(FIXTURE_PACKAGE)])
    assert va == vb and len(va) == 12


def test_changed_input_changes_data_version(tmp_path: Path, package_copy: Path) -> None:
    va = write_store(tmp_path / "a.duckdb", [read_package(FIXTURE_PACKAGE)])
    pop = package_copy / "population.csv"
    pop.write_text(
        pop.read_text(encoding="utf-8").replace(",0,1,37,", ",0,1,38,", 1), encoding="utf-8"
    )
    vb = write_store(tmp_path / "b.duckdb", [read_package(package_copy)])
    assert va != vb


def test_failed_build_keeps_previous_file(tmp_path: Path, package_copy: Path) -> None:
    out = tmp_path / "store.duckdb"
    write_store(out, [read_package(FIXTURE_PACKAGE)])
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    (package_copy / "population.csv").write_text("area_id,period\n", encoding="utf-8")
    with pytest.raises(ImportValidationError):
        write_store(out, [read_package(package_copy)])
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before


def test_missing_manifest_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--package", str(tmp_path), "--out", str(tmp_path / "x.duckdb")]) == 2
    assert "paket.yaml" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()


def test_tables_of_the_schema(conn: duckdb.DuckDBPyConnection) -> None:
    names = {
        r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {
        "areas",
        "area_crosswalk",
        "indicators",
        "indicator_values",
        "population",
        "facilities",
        "data_sources",
        "meta",
    } <= names


def test_hierarchy_counts(conn: duckdb.DuckDBPyConnection) -> None:
    rows = dict(conn.execute("SELECT level, COUNT(*) FROM areas GROUP BY level").fetchall())
    assert rows == {"Prognoseraum": 1, "Bezirksregion": 4, "Planungsraum": 16}


def test_population_summed_up_the_hierarchy(conn: duckdb.DuckDBPyConnection) -> None:
    # official EWR 31.12.2024: the 16 Planungsräume of Prognoseraum Zentrum
    total = conn.execute("""SELECT SUM(count) FROM population p JOIN areas a USING (area_id)
        WHERE a.level='Planungsraum' AND period='2024-12-31' AND sex='all' AND age_from=0 AND age_to IS NULL""").fetchall()[
        0
    ][0]
    top = conn.execute("""SELECT count, flag FROM population WHERE area_id='mitte:0110' AND period='2024-12-31'
        AND sex='all' AND age_from=0 AND age_to IS NULL""").fetchall()
    assert top == [(total, "derived")]
    assert total == 124547


def test_rates_are_ratios_of_sums_not_means(conn: duckdb.DuckDBPyConnection) -> None:
    """share_u6 of the Prognoseraum = Σ under-6 / Σ residents, not the mean of the PLR shares."""
    num, den = (
        conn.execute("""SELECT SUM(numerator), SUM(denominator) FROM indicator_values v JOIN areas a USING (area_id)
        WHERE indicator_id='share_u6' AND period='2024-12-31' AND a.level='Planungsraum'""").fetchall()[
            0
        ]
    )
    top = conn.execute("""SELECT value FROM indicator_values WHERE indicator_id='share_u6' AND period='2024-12-31'
        AND area_id='mitte:0110'""").fetchall()[0][0]
    mean = conn.execute("""SELECT AVG(value) FROM indicator_values v JOIN areas a USING (area_id)
        WHERE indicator_id='share_u6' AND period='2024-12-31' AND a.level='Planungsraum'""").fetchall()[
        0
    ][0]
    assert top == pytest.approx(num / den * 100)
    assert top == pytest.approx(6341 / 124547 * 100)
    assert abs(top - mean) > 0.01


def test_kita_places_use_nearest_population_date(conn: duckdb.DuckDBPyConnection) -> None:
    row = conn.execute("""SELECT value, numerator, denominator, flag_reason FROM indicator_values
        WHERE indicator_id='kita_places_per_100_u6' AND area_id='mitte:0110'""").fetchall()[0]
    assert row[1] == 7513 and row[2] == 6341  # all 92 Kitas of the package (sum of places)
    assert row[0] == pytest.approx(7513 / 6341 * 100)
    assert "2024-12-31" in row[3]


def test_every_catalogue_entry_is_complete(conn: duckdb.DuckDBPyConnection) -> None:
    cat = conn.execute("SELECT * FROM indicators").df()
    for col in [
        "name",
        "short_name",
        "definition",
        "unit",
        "polarity",
        "domain",
        "source",
        "licence",
        "attribution",
        "data_date",
    ]:
        assert (cat[col].astype(str).str.strip() != "").all(), col


def test_sources_have_hashes(conn: duckdb.DuckDBPyConnection) -> None:
    rows = conn.execute("SELECT file, sha256, attribution FROM data_sources").fetchall()
    assert len(rows) == 4 and all(len(r[1]) == 64 and r[2] for r in rows)


def test_interrupted_build_keeps_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "store.duckdb"
    write_store(out, [read_package(FIXTURE_PACKAGE)])
    before = hashlib.sha256(out.read_bytes()).hexdigest()

    def boom(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("data_layer.build.pipeline.write_derived", boom)
    with pytest.raises(KeyboardInterrupt):
        write_store(out, [read_package(FIXTURE_PACKAGE)])
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.duckdb"]
