"""Bad input gets a German message naming file, row and field – and loses nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import geopandas as gpd
import pytest
import yaml

from data_layer.build.pipeline import main
from tests.conftest import without_progress

Edit = tuple[str, str, str]
#: the Germany-wide base is beside the point here (and slow): build the package alone
NO_DE = ["--ohne-deutschland"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def existing_db(tmp_path: Path, package_copy: Path) -> Path:
    out = tmp_path / "bestand.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    return out


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _fails(pkg: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = _sha(db)
    assert main(["--package", str(pkg), "--out", str(db), *NO_DE]) == 2
    assert _sha(db) == before, "die bestehende Datenbasis wurde verändert"
    assert not list(db.parent.glob("*.tmp*")), "temporäre Datei blieb liegen"
    err = without_progress(capsys.readouterr().err)
    assert "Die bestehende Datenbasis wurde nicht verändert" in err
    return err


CASES: list[tuple[str, Edit, list[str]]] = [
    (
        "unknown area id",
        ("population.csv", "01100101,2024-12-31,all,0,1,37", "99999999,2024-12-31,all,0,1,37"),
        [
            "Datei population.csv",
            "Zeile 2",
            "Feld „area_id“",
            "unbekannte Gebietskennung „99999999“",
        ],
    ),
    (
        "duplicate key",
        ("population.csv", "01100101,2024-12-31,all,1,2,25", "01100101,2024-12-31,all,0,1,25"),
        ["Datei population.csv", "Zeile 3", "doppelter Schlüssel"],
    ),
    (
        "non-numeric value",
        ("population.csv", "01100101,2024-12-31,all,0,1,37", "01100101,2024-12-31,all,0,1,viele"),
        ["Datei population.csv", "Zeile 2", "Feld „count“", "„viele“ ist keine Zahl"],
    ),
    (
        "negative count",
        ("population.csv", "01100101,2024-12-31,all,0,1,37", "01100101,2024-12-31,all,0,1,-37"),
        ["Datei population.csv", "Zeile 2", "Feld „count“", "negative Anzahl"],
    ),
    (
        "unknown indicator",
        ("indicator_values.csv", "mss_s1;01100101", "mss_s9;01100101"),
        [
            "Datei indicator_values.csv",
            "Zeile 2",
            "Feld „indicator_id“",
            "fehlt im Indikatorenkatalog",
        ],
    ),
    (
        "bad facility coordinate",
        ("facilities.csv", "13.384393,52.522516", "13.384393,abc"),
        ["Datei facilities.csv", "Zeile 2", "Feld „lat“", "keine Zahl"],
    ),
    (
        "unreadable facility date",
        ("facilities.csv", "52.522516,,2026-01-01", "52.522516,,Januar 2026"),
        ["Datei facilities.csv", "Zeile 2", "Feld „data_date“", "„Januar 2026“ ist kein Datum"],
    ),
]


@pytest.mark.parametrize(("case", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_table_value(
    case: str,
    edit: Edit,
    expected: list[str],
    package_copy: Path,
    existing_db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _replace(package_copy / edit[0], edit[1], edit[2])
    err = _fails(package_copy, existing_db, capsys)
    for part in expected:
        assert part in err


def _edit_areas(pkg: Path, fn: object) -> None:
    data = json.loads((pkg / "areas.geojson").read_text(encoding="utf-8"))
    fn(data["features"])  # type: ignore[operator]
    (pkg / "areas.geojson").write_text(json.dumps(data), encoding="utf-8")


def test_missing_parent(
    package_copy: Path, existing_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(features: list[dict]) -> None:  # type: ignore[type-arg]
        features[1]["properties"]["parent_id"] = "0999"

    _edit_areas(package_copy, edit)
    err = _fails(package_copy, existing_db, capsys)
    assert "Datei areas.geojson, Objekt 2, Feld „parent_id“" in err
    assert "übergeordnetes Gebiet „0999“ existiert nicht" in err


def test_parent_cycle(
    package_copy: Path, existing_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(features: list[dict]) -> None:  # type: ignore[type-arg]
        features[0]["properties"]["parent_id"] = features[-1]["properties"][
            "area_id"
        ]  # top → a Planungsraum

    _edit_areas(package_copy, edit)
    err = _fails(package_copy, existing_db, capsys)
    assert "Feld „parent_id“" in err and "Zyklus" in err


def test_empty_geometry(
    package_copy: Path, existing_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(features: list[dict]) -> None:  # type: ignore[type-arg]
        features[4]["geometry"] = None

    _edit_areas(package_copy, edit)
    err = _fails(package_copy, existing_db, capsys)
    assert "Datei areas.geojson, Objekt 5, Feld „geometry“" in err and "keine Geometrie" in err


def test_invalid_geometry(
    package_copy: Path, existing_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[13.0, 52.0], [13.1, 52.1], [13.1, 52.0], [13.0, 52.1], [13.0, 52.0]]],
    }

    def edit(features: list[dict]) -> None:  # type: ignore[type-arg]
        features[5]["geometry"] = bowtie

    _edit_areas(package_copy, edit)
    err = _fails(package_copy, existing_db, capsys)
    assert (
        "Objekt 6, Feld „geometry“" in err
        and "ungültige Geometrie" in err
        and "Self-intersection" in err
    )


def _to_utm(pkg: Path) -> None:
    gdf = gpd.read_file(pkg / "areas.geojson").to_crs(25833)
    gdf.to_file(pkg / "areas.geojson", driver="GeoJSON", WRITE_NAME=False, RFC7946=False)
    raw = json.loads((pkg / "areas.geojson").read_text(encoding="utf-8"))
    raw.pop("crs", None)  # a file as many GIS exports it: projected, CRS not declared
    (pkg / "areas.geojson").write_text(json.dumps(raw), encoding="utf-8")


def test_utm_without_crs_is_refused_with_hint(
    package_copy: Path, existing_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _to_utm(package_copy)
    err = _fails(package_copy, existing_db, capsys)
    assert "Datei areas.geojson" in err and "EPSG:25832 oder EPSG:25833" in err and "crs" in err


def test_utm_with_declared_crs_is_reprojected(package_copy: Path, tmp_path: Path) -> None:
    _to_utm(package_copy)
    manifest = yaml.safe_load((package_copy / "paket.yaml").read_text(encoding="utf-8"))
    manifest["crs"] = "EPSG:25833"
    (package_copy / "paket.yaml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8"
    )
    # facility coordinates stay lon/lat in this test → convert them too, as the crs applies to both
    import pandas as pd
    from pyproj import Transformer

    fac = pd.read_csv(package_copy / "facilities.csv", dtype=str)
    x, y = Transformer.from_crs(4326, 25833, always_xy=True).transform(
        fac["lon"].astype(float), fac["lat"].astype(float)
    )
    fac["lon"], fac["lat"] = x, y
    fac.to_csv(package_copy / "facilities.csv", index=False)
    out = tmp_path / "utm.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    import duckdb

    c = duckdb.connect(str(out), read_only=True)
    lon, lat = c.execute(
        "SELECT centroid_lon, centroid_lat FROM areas WHERE local_id = '0110'"
    ).fetchall()[0]
    assert 13.3 < lon < 13.45 and 52.49 < lat < 52.55  # Berlin-Mitte, back in degrees
    assert c.execute("SELECT COUNT(area_id) FROM facilities").fetchall()[0][0] == 92
    c.close()


def test_windows_1252_semicolon_and_decimal_comma(package_copy: Path, tmp_path: Path) -> None:
    path = package_copy / "indicator_values.csv"
    text = path.read_text(encoding="utf-8").replace(
        "mss_s1;01100101;2020-12-31;4,22594;", "mss_s1;01100101;2020-12-31;1.004,5;"
    )
    path.write_bytes(text.encode("cp1252"))
    fac = package_copy / "facilities.csv"
    fac.write_bytes(fac.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    out = tmp_path / "cp1252.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    import duckdb

    c = duckdb.connect(str(out), read_only=True)
    v = c.execute(
        "SELECT value FROM indicator_values WHERE indicator_id='mss_s1' AND area_id='mitte:01100101'"
    ).fetchall()
    names = c.execute("SELECT name FROM facilities WHERE name LIKE '%ü%' LIMIT 1").fetchall()
    c.close()
    assert v[0][0] == pytest.approx(1004.5)
    assert names, "Umlaute aus der Windows-1252-Datei gingen verloren"


@pytest.mark.parametrize(
    ("symbol", "meaning"),
    [
        ("-", "nichts vorhanden"),
        (".", "geheim zu halten"),
        ("x", "Tabellenfach gesperrt"),
        ("...", "fällt später an"),
        ("/", "nicht sicher genug"),
    ],
)
def test_genesis_symbols_are_missing_with_reason(
    symbol: str, meaning: str, package_copy: Path, tmp_path: Path
) -> None:
    _replace(
        package_copy / "indicator_values.csv",
        "mss_s1;01100101;2020-12-31;4,22594;",
        f"mss_s1;01100101;2020-12-31;{symbol};",
    )
    out = tmp_path / "genesis.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    import duckdb

    c = duckdb.connect(str(out), read_only=True)
    row = c.execute(
        "SELECT value, flag, flag_reason FROM indicator_values WHERE indicator_id='mss_s1' "
        "AND area_id='mitte:01100101'"
    ).fetchall()[0]
    c.close()
    assert row[0] is None and row[1] == "missing" and meaning in row[2]


def test_facility_dates_are_normalised_to_iso(package_copy: Path, tmp_path: Path) -> None:
    path = package_copy / "facilities.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("52.522516,,2026-01-01", "52.522516,,31.12.2024", 1)
    path.write_text(text.replace(",2026-01-01\n", ",01.2026\n", 1), encoding="utf-8")
    out = tmp_path / "dates.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    import duckdb

    c = duckdb.connect(str(out), read_only=True)
    dates = dict(c.execute("SELECT data_date, COUNT(*) FROM facilities GROUP BY 1").fetchall())
    c.close()
    # "01.2026" is the first of the month, like the fixture's own "Stand 01.2026" → 2026-01-01
    assert dates == {"2024-12-31": 1, "2026-01-01": 91}


def _replace_nth(path: Path, old: str, new: str, nth: int) -> None:
    """Replace the ``nth`` (1-based) occurrence of ``old``."""
    text = path.read_text(encoding="utf-8")
    at = -1
    for _ in range(nth):
        at = text.index(old, at + 1)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


YAML_CASES: list[tuple[str, str, str, str, int, str]] = [
    (
        "paket.yaml syntax",
        "paket.yaml",
        "area_system: LOR 2021 (Auszug Prognoseraum Zentrum)",
        "area_system: LOR 2021: Auszug",
        1,
        "Datei paket.yaml, Zeile 3: kein gültiges YAML (Doppelpunkt an unerwarteter Stelle – "
        "einen Text mit „: “ in Anführungszeichen setzen; Spalte 22).",
    ),
    (
        "paket.yaml unclosed list",
        "paket.yaml",
        "levels:\n- Prognoseraum",
        "levels:\n- [Prognoseraum",
        1,
        "Datei paket.yaml, Zeile 9: kein gültiges YAML (expected ',' or ']', but got ':'; "
        "Spalte 8; begonnen in Zeile 6).",
    ),
    (
        "paket.yaml unknown key",
        "paket.yaml",
        "  stand: '01.2026'\n",
        "  stand: '01.2026'\nstichtag: 2024\n",
        1,
        "Datei paket.yaml, Zeile 38, Feld „stichtag“: unbekannter Schlüssel (erlaubt: name, "
        "system_code, area_system, gebietsstand, levels, crs, sources, kommune, place, "
        "start_level, start_indicator).",
    ),
    (
        "paket.yaml invalid value",
        "paket.yaml",
        "system_code: mitte",
        "system_code: Mitte",
        1,
        "Datei paket.yaml, Zeile 2, Feld „system_code“: „Mitte“: nur Kleinbuchstaben, Ziffern "
        "und _ (2–31 Zeichen), beginnend mit einem Buchstaben.",
    ),
    (
        "paket.yaml missing source field",
        "paket.yaml",
        "  licence: CC BY 3.0 DE\n",
        "",
        2,
        "Datei paket.yaml, Zeile 17, Feld „sources[2].licence“: Pflichtangabe fehlt.",
    ),
    (
        "indicators.yaml unknown key",
        "indicators.yaml",
        "- indicator_id: mss_s3\n",
        "- indicator_id: mss_s3\n  einheit: '%'\n",
        1,
        "Datei indicators.yaml, Zeile 26, Feld „einheit“: unbekanntes Feld im Indikatorenkatalog.",
    ),
    (
        "indicators.yaml invalid value",
        "indicators.yaml",
        "polarity: higher_worse",
        "polarity: hoch",
        2,
        "Datei indicators.yaml, Zeile 36, Feld „polarity“: „hoch“ (erlaubt: higher_better, "
        "higher_worse, neutral).",
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "old", "new", "nth", "message"), YAML_CASES, ids=[c[0] for c in YAML_CASES]
)
def test_yaml_errors_name_the_real_line(
    case: str,
    file: str,
    old: str,
    new: str,
    nth: int,
    message: str,
    package_copy: Path,
    existing_db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _replace_nth(package_copy / file, old, new, nth)
    err = _fails(package_copy, existing_db, capsys)
    assert (
        err == f"Import abgebrochen – {message}\nDie bestehende Datenbasis wurde nicht verändert.\n"
    )


def _second_feature_without_parent(features: list[dict]) -> None:  # type: ignore[type-arg]
    features[1]["properties"]["parent_id"] = "0999"


def _second_feature_without_geometry(features: list[dict]) -> None:  # type: ignore[type-arg]
    features[1]["geometry"] = None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _second_feature_without_parent,
            "Datei areas.geojson, Objekt 2, Feld „parent_id“: übergeordnetes Gebiet „0999“ "
            "existiert nicht.",
        ),
        (
            _second_feature_without_geometry,
            "Datei areas.geojson, Objekt 2, Feld „geometry“: Gebiet „011001“ hat keine Geometrie.",
        ),
    ],
    ids=["attribute check", "geometry check"],
)
def test_geojson_features_are_counted_from_one_in_every_check(
    edit: object,
    message: str,
    package_copy: Path,
    existing_db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two different checks of the same (second) feature both call it "Objekt 2"."""
    _edit_areas(package_copy, edit)
    err = _fails(package_copy, existing_db, capsys)
    assert (
        err == f"Import abgebrochen – {message}\nDie bestehende Datenbasis wurde nicht verändert.\n"
    )
