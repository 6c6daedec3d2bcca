"""The public build with the cell-key method (disclosure.yaml ``method: cell_key``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from data_layer.build.public_build import DISCLOSURE_FILE, write_public
from data_layer.errors import DataError
from tests.conftest import small_count_store

ROOT = Path(__file__).resolve().parents[2]
SECRET = "geheim-nur-fuer-den-test-0123456789"


@pytest.fixture(scope="module")
def internal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture package with one small count (tests/conftest.small_count_store)."""
    return small_count_store(tmp_path_factory.mktemp("cellkey"))


def _settings(tmp_path: Path, method: str = "cell_key") -> Path:
    text = DISCLOSURE_FILE.read_text(encoding="utf-8")
    assert "\nmethod: suppression\n" in text
    out = tmp_path / "disclosure.yaml"
    out.write_text(text.replace("\nmethod: suppression\n", f"\nmethod: {method}\n"))
    shutil.copy(DISCLOSURE_FILE.parent / "cellkey_ptable.csv", tmp_path / "cellkey_ptable.csv")
    return out


@pytest.fixture(scope="module")
def public(internal: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("ck_out")
    mp = pytest.MonkeyPatch()
    mp.setenv("PLANUNGSATLAS_CELLKEY_SECRET", SECRET)
    import contextlib
    import io

    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            write_public(internal, base / "public.duckdb", _settings(base))
    finally:
        mp.undo()
    return base / "public.duckdb", buf.getvalue()


def _q(path: Path, sql: str) -> list[tuple]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_build_reports_the_attack_and_writes_the_method(public: tuple[Path, str]) -> None:
    path, out = public
    assert "exakt errechnet: 0;" in out
    assert out.count("Angriffsprüfung:") == 1  # printed once
    assert _q(path, "SELECT value FROM meta WHERE key = 'disclosure_method'") == [("cell_key",)]
    # the ptable is published with the store, the secret is not
    (ptable,) = _q(path, "SELECT content FROM parameters WHERE name = 'disclosure_ptable'")[0]
    table = json.loads(ptable)
    assert (table["max_noise"], table["variance"]) == (2, 1.0)
    assert table["columns"] == ["i", "noise", "p", "lower", "upper"]
    assert table["rows"][0] == [0.0, 0.0, 1.0, 0.0, 1.0]  # zero stays zero
    assert SECRET.encode() not in path.read_bytes()


def test_nothing_suppressed_zeros_and_totals_unchanged(
    public: tuple[Path, str], internal: Path
) -> None:
    path, _ = public
    assert _q(path, "SELECT count(*) FROM population WHERE flag = 'suppressed'") == [(0,)]
    assert _q(path, "SELECT count(*) FROM indicator_values WHERE flag = 'suppressed'") == [(0,)]
    conn = duckdb.connect(str(path), read_only=True)
    try:
        conn.execute(f"ATTACH '{internal}' AS i (READ_ONLY)")
        rows = conn.execute(
            """SELECT a.parent_id IS NULL AS top, i.count AS orig, p.count AS pub
               FROM population p JOIN i.population i ON p.area_id = i.area_id
                 AND p.period = i.period AND p.sex = i.sex AND p.age_from = i.age_from
                 AND p.age_to IS NOT DISTINCT FROM i.age_to
               JOIN i.areas a ON a.area_id = p.area_id"""
        ).df()
    finally:
        conn.close()
    assert len(rows) == _q(internal, "SELECT count(*) FROM population")[0][0]
    zero = rows["orig"] == 0
    assert zero.any() and (rows.loc[zero, "pub"] == 0).all()
    assert (rows.loc[rows["top"], "pub"] == rows.loc[rows["top"], "orig"]).all()
    inner = ~rows["top"] & ~zero
    assert ((rows.loc[inner, "pub"] - rows.loc[inner, "orig"]).abs() <= 2).all()
    assert (rows.loc[inner, "pub"] != rows.loc[inner, "orig"]).any()  # noise is there


def test_derived_rates_are_computed_from_the_perturbed_counts(public: tuple[Path, str]) -> None:
    path, _ = public
    rows = _q(
        path,
        """SELECT v.value, p.count AS f, t.count AS total
           FROM indicator_values v
           JOIN population p ON p.area_id = v.area_id AND p.period = v.period AND p.sex = 'f'
                AND p.age_from = 0 AND p.age_to IS NULL
           JOIN population t ON t.area_id = v.area_id AND t.period = v.period AND t.sex = 'all'
                AND t.age_from = 0 AND t.age_to IS NULL
           WHERE v.indicator_id = 'share_female' AND t.count > 0""",
    )
    assert rows
    assert all(abs(v - 100 * f / t) < 1e-9 for v, f, t in rows)


def test_same_secret_same_noise_and_internal_store_unchanged(
    public: tuple[Path, str], internal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = public
    monkeypatch.setenv("PLANUNGSATLAS_CELLKEY_SECRET", SECRET)
    again = tmp_path / "again.duckdb"
    write_public(internal, again, _settings(tmp_path))
    sql = "SELECT area_id, period, sex, age_from, age_to, count FROM population ORDER BY ALL"
    assert _q(again, sql) == _q(path, sql)
    # the small count 1 is still 1 in the internal store
    assert _q(
        internal,
        """SELECT count FROM population WHERE area_id = 'mitte:01100101' AND period = '2024-12-31'
           AND sex = 'all' AND age_from = 95""",
    ) == [(1.0,)]


def test_unknown_method_is_refused(internal: Path, tmp_path: Path) -> None:
    with pytest.raises(DataError, match="Feld method: „rounding“"):
        write_public(internal, tmp_path / "x.duckdb", _settings(tmp_path, "rounding"))


def test_app_names_the_cell_key_method_in_the_public_note(
    public: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    path, _ = public
    monkeypatch.setenv("PLANUNGSATLAS_DB", str(path))
    monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception
        notes = [c.value for c in at.sidebar.caption]
        assert any(n.startswith("Öffentliche Fassung") and "Cell-Key-Verfahren" in n for n in notes)
        assert not any("geheim gehalten" in n for n in notes)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_secret_file_is_made_once_next_to_the_internal_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data_layer.build.public_build import cellkey_secret

    monkeypatch.delenv("PLANUNGSATLAS_CELLKEY_SECRET_TEST", raising=False)
    store = tmp_path / "intern.duckdb"
    first = cellkey_secret(store, "PLANUNGSATLAS_CELLKEY_SECRET_TEST")
    file = tmp_path / "intern.duckdb.cellkey-secret"
    assert file.is_file() and oct(file.stat().st_mode & 0o777) == "0o600"
    assert len(first) == 64  # 32 random bytes, hex
    assert cellkey_secret(store, "PLANUNGSATLAS_CELLKEY_SECRET_TEST") == first  # kept
    monkeypatch.setenv("PLANUNGSATLAS_CELLKEY_SECRET_TEST", "aus-der-umgebung")
    assert cellkey_secret(store, "PLANUNGSATLAS_CELLKEY_SECRET_TEST") == b"aus-der-umgebung"
