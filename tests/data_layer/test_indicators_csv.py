"""The indicator files of a Datenpaket as Kommunen export them (docs/datenpaket.md, "Dateien").

``indicator_values.csv`` (and the catalogue as ``indicators.csv``) may be UTF-8 with or without BOM
or Windows-1252, separated by ``,`` or ``;``; in ``;`` files the German number format holds.
Empty cells are missing values (an area published only in combination with others has no value
of its own), never zero. Bad rows are refused with file, row and field; the store stays as it was.
The files are matched by ``area_id`` only: the format has no join by area name.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import duckdb
import pytest
import yaml

from data_layer.build.pipeline import main

NO_DE = ["--ohne-deutschland"]
HEADER = ["indicator_id", "area_id", "period", "value", "flag"]


def _write_values(pkg: Path, rows: list[list[str]], sep: str, *, bom: bool = False) -> None:
    """Replace indicator_values.csv by ``rows`` (cells quoted where they hold the separator)."""

    def cell(v: str) -> str:
        return f'"{v}"' if sep in v else v

    lines = [sep.join(cell(c) for c in row) for row in [HEADER, *rows]]
    text = "\r\n".join(lines) + "\r\n"
    (pkg / "indicator_values.csv").write_bytes(("\ufeff" if bom else "").encode() + text.encode())


def _build(pkg: Path, out: Path) -> dict[tuple[str, str], tuple[float | None, str, str]]:
    """Build the package; (indicator, local area id) → (value, flag, flag_reason) of the store."""
    assert main(["--package", str(pkg), "--out", str(out), *NO_DE]) == 0
    con = duckdb.connect(str(out), read_only=True)
    rows = con.execute(
        "SELECT indicator_id, area_id, value, flag, flag_reason FROM indicator_values "
        "WHERE indicator_id LIKE 'mss_%'"  # the package's own values, not the derived ones
    ).fetchall()
    con.close()
    return {(i, a.split(":", 1)[1]): (v, f, r or "") for i, a, v, f, r in rows}


def test_semicolon_file_reads_german_numbers(package_copy: Path, tmp_path: Path) -> None:
    _write_values(
        package_copy,
        [
            ["mss_s1", "01100101", "2020-12-31", "4,22594", ""],
            ["mss_s1", "01100102", "2020-12-31", "1.234,5", ""],
            ["mss_s1", "01100103", "2020-12-31", "1.234", ""],  # German thousands point
            ["mss_s1", "01100104", "2020-12-31", "7", ""],
        ],
        ";",
    )
    got = _build(package_copy, tmp_path / "semikolon.duckdb")
    assert got[("mss_s1", "01100101")][0] == pytest.approx(4.22594)
    assert got[("mss_s1", "01100102")][0] == pytest.approx(1234.5)
    assert got[("mss_s1", "01100103")][0] == pytest.approx(1234.0)
    assert got[("mss_s1", "01100104")][0] == pytest.approx(7.0)
    assert len(got) == 4


def test_comma_file_reads_decimal_points_and_quoted_decimal_comma(
    package_copy: Path, tmp_path: Path
) -> None:
    _write_values(
        package_copy,
        [
            ["mss_s1", "01100101", "2020-12-31", "4.22594", ""],
            ["mss_s1", "01100102", "2020-12-31", "1,5", ""],  # quoted: "1,5"
            ["mss_s1", "01100103", "2020-12-31", "1234.5", ""],
        ],
        ",",
    )
    assert '"1,5"' in (package_copy / "indicator_values.csv").read_text(encoding="utf-8")
    got = _build(package_copy, tmp_path / "komma.duckdb")
    assert got[("mss_s1", "01100101")][0] == pytest.approx(4.22594)
    assert got[("mss_s1", "01100102")][0] == pytest.approx(1.5)
    assert got[("mss_s1", "01100103")][0] == pytest.approx(1234.5)


def test_utf8_bom_does_not_spoil_the_first_column(package_copy: Path, tmp_path: Path) -> None:
    _write_values(package_copy, [["mss_s3", "01100101", "2020-12-31", "12,5", ""]], ";", bom=True)
    assert (package_copy / "indicator_values.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    got = _build(package_copy, tmp_path / "bom.duckdb")
    assert got == {("mss_s3", "01100101"): (pytest.approx(12.5), "observed", "")}


def test_empty_cell_is_missing_not_zero(package_copy: Path, tmp_path: Path) -> None:
    # 01100103 and 01100104 published only together: no value of their own
    _write_values(
        package_copy,
        [
            ["mss_s4", "01100101", "2020-12-31", "10,0", ""],
            ["mss_s4", "01100103", "2020-12-31", "", ""],
            ["mss_s4", "01100104", "2020-12-31", "", ""],
        ],
        ";",
    )
    got = _build(package_copy, tmp_path / "leer.duckdb")
    assert got[("mss_s4", "01100101")] == (pytest.approx(10.0), "observed", "")
    for area in ("01100103", "01100104"):
        value, flag, reason = got[("mss_s4", area)]
        assert value is None or math.isnan(value), f"{area}: {value} statt „kein Wert“"
        assert flag == "missing"
        assert reason == "keine Angabe"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


BAD_ROWS = [
    (
        "text as number",
        ["mss_s1", "01100102", "2020-12-31", "4,2 %", ""],
        ["Datei indicator_values.csv", "Zeile 3", "Feld „value“", "„4,2 %“ ist keine Zahl"],
    ),
    (
        "area name instead of id",
        ["mss_s1", "Alexanderplatzviertel", "2020-12-31", "4,2", ""],
        ["Datei indicator_values.csv", "Zeile 3", "Feld „area_id“", "unbekannte Gebietskennung"],
    ),
    (
        "German date as period",
        ["mss_s1", "01100102", "31.12.2020", "4,2", ""],
        ["Datei indicator_values.csv", "Zeile 3", "Feld „period“", "erwartet JJJJ oder JJJJ-MM-TT"],
    ),
    (
        "unknown flag",
        ["mss_s1", "01100102", "2020-12-31", "4,2", "geraten"],
        ["Datei indicator_values.csv", "Zeile 3", "Feld „flag“", "unbekannte Kennzeichnung"],
    ),
]


@pytest.mark.parametrize(("case", "row", "expected"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_bad_row_is_refused_with_file_row_field_and_store_untouched(
    case: str,
    row: list[str],
    expected: list[str],
    package_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "bestand.duckdb"
    assert main(["--package", str(package_copy), "--out", str(db), *NO_DE]) == 0
    before = _sha(db)
    _write_values(package_copy, [["mss_s1", "01100101", "2020-12-31", "4,2", ""], row], ";")
    capsys.readouterr()
    assert main(["--package", str(package_copy), "--out", str(db), *NO_DE]) == 2
    assert _sha(db) == before
    err = capsys.readouterr().err
    assert "Die bestehende Datenbasis wurde nicht verändert" in err
    for part in expected:
        assert part in err, err


def test_row_with_extra_field_names_row_and_separator(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # an unquoted decimal comma in a comma file splits the value into two fields
    path = package_copy / "indicator_values.csv"
    path.write_text(
        "indicator_id,area_id,period,value,flag\n"
        "mss_s1,01100101,2020-12-31,4.2,\n"
        "mss_s1,01100102,2020-12-31,4,2,\n",
        encoding="utf-8",
    )
    assert main(["--package", str(package_copy), "--out", str(tmp_path / "x.duckdb"), *NO_DE]) == 2
    err = capsys.readouterr().err
    assert "indicator_values.csv" in err and "Zeile 3" in err
    assert "6 Felder statt 5" in err and "Trennzeichen „,“" in err
    assert not (tmp_path / "x.duckdb").exists()


def test_catalogue_as_semicolon_csv(package_copy: Path, tmp_path: Path) -> None:
    """indicators.csv instead of indicators.yaml: same fields, German numbers, BOM."""
    entries = yaml.safe_load((package_copy / "indicators.yaml").read_text(encoding="utf-8"))
    rows = entries["indicators"]
    cols = list(rows[0])
    for r in rows:
        r["min_denominator"] = "1.000"  # German thousands point in a ; file
        r["scale"] = "100"

    def cell(v: object) -> str:
        text = "" if v is None else str(v).replace("\n", " ")
        return f'"{text}"' if ";" in text or '"' in text else text

    lines = [";".join(cols)] + [";".join(cell(r[c]) for c in cols) for r in rows]
    (package_copy / "indicators.yaml").unlink()
    (package_copy / "indicators.csv").write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    out = tmp_path / "katalog.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), *NO_DE]) == 0
    con = duckdb.connect(str(out), read_only=True)
    got = con.execute(
        "SELECT indicator_id, scale, min_denominator FROM indicators "
        "WHERE indicator_id LIKE 'mss_%' ORDER BY 1"
    ).fetchall()
    con.close()
    assert got == [("mss_s1", 100.0, 1000.0), ("mss_s3", 100.0, 1000.0), ("mss_s4", 100.0, 1000.0)]
