"""Exports (CSV and XLSX bytes of components.exports) made from a public store.

The fixture package with a small count (Planungsraum 01100101, 31.12.2024, 95 Jahre und älter:
1 person), two men implied by the women of 01100102 (31.12.2023: 2 038 women of 2 040) and the
indicator mss_s4 (Kinderarmut) marked internal, built as an internal store and as its public
copy. The exports are read back as a user's office software would (pandas) and searched.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from components.exports import csv_bytes, xlsx_bytes
from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from data_layer.build.public_build import write_public
from data_layer.read import common, social
from data_layer.read.db import connect

ROOT = Path(__file__).resolve().parents[2]
STAMP = "Datenversion test"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def public_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("exports")
    pkg = base / "paket"
    shutil.copytree(ROOT / "tests" / "fixtures" / "datenpaket_mitte", pkg)
    pop = pkg / "population.csv"
    _edit(pop, "01100101,2024-12-31,all,95,,3,", "01100101,2024-12-31,all,95,,1,")
    _edit(pop, "01100101,2024-12-31,all,90,95,17,", "01100101,2024-12-31,all,90,95,19,")
    _edit(pop, "01100102,2023-12-31,f,0,,928,", "01100102,2023-12-31,f,0,,2038,")
    cat = pkg / "indicators.yaml"
    head, tail = cat.read_text(encoding="utf-8").split("- indicator_id: mss_s4", 1)
    cat.write_text(
        head + "- indicator_id: mss_s4" + tail.replace("public: true", "public: false", 1)
    )
    internal, public = base / "internal.duckdb", base / "public.duckdb"
    write_store(internal, [read_package(pkg)])
    write_public(internal, public)
    return public


def _both(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The CSV (table part) and XLSX tables as read back, and the CSV text."""
    raw = csv_bytes(frame, source="Test", stamp=STAMP)
    text = raw.decode("utf-8-sig")
    table = text.split("\r\n\r\n", 1)[0]
    csv = pd.read_csv(io.StringIO(table), sep=";", dtype=str, keep_default_na=False)
    xlsx = pd.read_excel(io.BytesIO(xlsx_bytes(frame, source="Test", stamp=STAMP)), dtype=str)
    return csv, xlsx.fillna(""), text


def test_population_export_has_no_suppressed_count(
    public_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
    conn = connect(public_store)
    try:
        frame = common.population(conn, "mitte", "Planungsraum", "2024-12-31")
    finally:
        conn.close()
    csv, xlsx, _ = _both(frame)
    for table in (csv, xlsx):
        row = table[(table["area_id"] == "mitte:01100101") & (table["age_from"] == "95")]
        assert len(row) == 1
        assert row["count"].item() == ""  # the 1 is not in the file
        assert row["flag"].item() == "suppressed"
        # and every row marked suppressed is empty, in both files
        hidden = table[table["flag"] == "suppressed"]
        assert len(hidden) >= 2  # the 1 and its secondary cell (6 bis 7 Jahre)
        assert hidden["count"].eq("").all()


def test_rate_export_has_no_value_that_reveals_the_two_men(
    public_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
    conn = connect(public_store)
    try:
        frame = social.level_values(conn, "share_female", "2023-12-31", "mitte", "Planungsraum")
    finally:
        conn.close()
    csv, xlsx, _ = _both(frame)
    for table in (csv, xlsx):
        row = table[table["area_id"] == "mitte:01100102"]
        # 2 038 of 2 040 = 99,9 %: the share, numerator and denominator are all absent
        assert row[["value", "raw_value", "numerator", "denominator"]].eq("").all(axis=None)
        assert row["status"].item() == "suppressed"
        assert not row.astype(str).apply(lambda c: c.str.contains("99,9|99.9|2038")).any(axis=None)


def test_no_export_names_the_internal_indicator(
    public_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
    conn = connect(public_store)
    try:
        cat = common.catalogue(conn)
        values = social.level_values(conn, "mss_s4", "2020-12-31", "mitte", "Planungsraum")
    finally:
        conn.close()
    csv, xlsx, text = _both(cat.drop(columns=["derived"]))
    assert "mss_s1" in set(csv["indicator_id"]) and "mss_s1" in set(xlsx["indicator_id"])
    assert "mss_s4" not in text and "Kinderarmut" not in text
    assert not xlsx.astype(str).apply(lambda c: c.str.contains("mss_s4|Kinderarmut")).any(axis=None)
    # even asked for by its id, the internal indicator gives no rows to export
    assert values.empty
    assert "Kinderarmut" not in _both(values)[2]
