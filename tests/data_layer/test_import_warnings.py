"""Facilities outside every area and repeated facility ids: warned about, or refused.

Every case starts from a copy of the real example package (tests/fixtures/datenpaket_mitte)
and breaks one thing; refused imports leave the existing store byte-identical.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from data_layer.build.pipeline import main
from tests.conftest import without_progress

NO_DE = ["--ohne-deutschland"]
KITA_2 = "kita:01010010,Kita,Kita F.A.I.R.play,69,GFJ - gemeinnützige Gesellschaft für Familien- und Jugendhilfe mbH,,13.384393,52.522516,,2026-01-01"  # fmt: skip
KITA_5 = "kita:01010080,Kita,Kita Regenbogen,91,Pfefferwerk Stadtkultur gGmbH,,13.404979,52.532123,,2026-01-01"  # fmt: skip


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def existing_db(tmp_path: Path, package_copy: Path) -> Path:
    out = tmp_path / "bestand.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    return out


def _facilities(pkg: Path, edit: object) -> None:
    path = pkg / "facilities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == KITA_2 and lines[4] == KITA_5
    edit(lines)  # type: ignore[operator]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _move_two_outside(lines: list[str]) -> None:
    """Kita on line 2 to Potsdam, Kita on line 5 to Spandau: outside Berlin-Mitte."""
    lines[1] = KITA_2.replace("13.384393,52.522516", "13.06,52.4")
    lines[4] = KITA_5.replace("13.404979,52.532123", "13.2,52.535")


def _fails(pkg: Path, db: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    before = _sha(db)
    assert main(["--package", str(pkg), "--out", str(db), *NO_DE, *options]) == 2
    assert _sha(db) == before, "die bestehende Datenbasis wurde verändert"
    assert not list(db.parent.glob("*.tmp*")), "temporäre Datei blieb liegen"
    err = without_progress(capsys.readouterr().err)
    assert err.endswith("Die bestehende Datenbasis wurde nicht verändert.\n")
    return err


def _facility_areas(db: Path) -> dict[str, str | None]:
    c = duckdb.connect(str(db), read_only=True)
    try:
        return dict(c.execute("SELECT facility_id, area_id FROM facilities").fetchall())
    finally:
        c.close()


OUTSIDE_WARNING = (
    "Warnung: Datei facilities.csv: 2 Einrichtungen liegen außerhalb aller Gebiete der Ebene "
    "„Planungsraum“ und werden ohne Gebiet übernommen (Koordinaten prüfen oder „area_id“ "
    "angeben; mit „--einrichtungen-ausserhalb ablehnen“ bricht der Import stattdessen ab):\n"
    "  Zeile 2: kita:01010010 „Kita F.A.I.R.play“ (lon 13.060000, lat 52.400000)\n"
    "  Zeile 5: kita:01010080 „Kita Regenbogen“ (lon 13.200000, lat 52.535000)\n"
)


def test_facilities_outside_every_area_are_listed_and_kept_without_area(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _facilities(package_copy, _move_two_outside)
    out = tmp_path / "neu.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    assert without_progress(capsys.readouterr().err) == OUTSIDE_WARNING
    areas = _facility_areas(out)
    assert len(areas) == 92
    assert areas["kita:01010010"] is None and areas["kita:01010080"] is None
    assert sum(a is None for a in areas.values()) == 2  # all others found their Planungsraum


def test_facilities_outside_are_refused_on_request(
    package_copy: Path, existing_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _facilities(package_copy, _move_two_outside)
    err = _fails(package_copy, existing_db, capsys, "--einrichtungen-ausserhalb", "ablehnen")
    assert err == (
        "Import abgebrochen – Datei facilities.csv, Zeile 2: Einrichtung „kita:01010010“ "
        "(„Kita F.A.I.R.play“, lon 13.060000, lat 52.400000) liegt außerhalb aller Gebiete der "
        "Ebene „Planungsraum“. Insgesamt liegen 2 Einrichtungen außerhalb (Zeilen 2, 5). "
        "Koordinaten prüfen oder „area_id“ angeben – ohne „--einrichtungen-ausserhalb "
        "ablehnen“ würden Einrichtungen außerhalb ohne Gebiet übernommen.\n"
        "Die bestehende Datenbasis wurde nicht verändert.\n"
    )


def test_no_warning_when_every_facility_lies_in_an_area(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "neu.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE, "--einrichtungen-ausserhalb", "ablehnen"]) == 0  # fmt: skip
    assert without_progress(capsys.readouterr().err) == ""
    assert None not in _facility_areas(out).values()


def test_exact_duplicate_facility_is_kept_once_with_a_warning(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _facilities(package_copy, lambda lines: lines.append(KITA_5))  # line 94
    out = tmp_path / "neu.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    assert without_progress(capsys.readouterr().err) == (
        "Warnung: Datei facilities.csv, Zeile 94: Einrichtung „kita:01010080“ („Kita "
        "Regenbogen“) steht genau gleich schon in Zeile 5 – nur einmal übernommen.\n"
    )
    assert len(_facility_areas(out)) == 92


def _conflicting_area(lines: list[str]) -> None:
    lines[4] = KITA_5.replace(",,2026-01-01", ",01100101,2026-01-01")
    lines.append(KITA_5.replace(",,2026-01-01", ",01100102,2026-01-01"))  # line 94


def _conflicting_place(lines: list[str]) -> None:
    lines.append(KITA_5.replace("13.404979,52.532123", "13.404979,52.54"))  # line 94


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _conflicting_area,
            "Datei facilities.csv, Zeile 94, Feld „area_id“: Einrichtungskennung "
            "„kita:01010080“ kommt doppelt vor, mit verschiedenen Gebieten: Zeile 5 "
            "„01100101“, Zeile 94 „01100102“.",
        ),
        (
            _conflicting_place,
            "Datei facilities.csv, Zeile 94, Feld „lon/lat“: Einrichtungskennung "
            "„kita:01010080“ kommt doppelt vor, mit verschiedenen Lagen: Zeile 5 "
            "„13.405, 52.5321“, Zeile 94 „13.405, 52.54“.",
        ),
    ],
    ids=["area", "place"],
)
def test_conflicting_duplicate_facility_is_refused_naming_both_rows(
    edit: object,
    message: str,
    package_copy: Path,
    existing_db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _facilities(package_copy, edit)
    err = _fails(package_copy, existing_db, capsys)
    assert err == (
        f"Import abgebrochen – {message} Bitte eine der beiden Zeilen berichtigen oder "
        "löschen.\nDie bestehende Datenbasis wurde nicht verändert.\n"
    )
