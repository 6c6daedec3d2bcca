"""The public build attacks its own output and refuses to write when a secret is exposed."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from data_layer.build.public_build import DISCLOSURE_FILE, write_public
from data_layer.errors import DataError
from tests.conftest import small_count_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture package with one small count (tests/conftest.small_count_store)."""
    return small_count_store(tmp_path_factory.mktemp("attack"))


def _settings(tmp_path: Path, protection: int) -> Path:
    text = DISCLOSURE_FILE.read_text(encoding="utf-8")
    assert "protection_range: 3\n" in text
    out = tmp_path / "disclosure.yaml"
    out.write_text(text.replace("protection_range: 3\n", f"protection_range: {protection}\n"))
    return out


def test_build_prints_the_attack_report(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_public(small_store, tmp_path / "public.duckdb")
    out = capsys.readouterr().out
    assert "Angriffsprüfung: 1 geheime Zellen" in out
    assert "exakt errechnet: 0; Intervall enger als Schutzbereich: 0" in out


def test_build_fails_when_an_interval_is_narrower_than_the_protection_range(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a protection range of a million persons: no suppressed cell of a Mitte-sized table can
    # have so wide an interval, so every secret cell counts as exposed and nothing is written
    out = tmp_path / "public.duckdb"
    settings = _settings(tmp_path, 1_000_000)
    with pytest.raises(DataError, match="1 geheime Zellen ließen sich errechnen oder zu eng"):
        write_public(small_store, out, settings)
    assert not out.exists()
    assert "Intervall enger als Schutzbereich: 1" in capsys.readouterr().out


def _rate_package(tmp_path: Path) -> Path:
    """The fixture package plus a Zensus-like share with numerator and denominator.

    Foreigners of the Bezirksregion 011002 and its Planungsräume (residents from the package):
    01100205: 2 of 2 917, 01100206: 40 of 1 876, 01100207: 900 of 8 844; 011002: 942 of 13 637.
    """
    pkg = tmp_path / "paket"
    shutil.copytree(ROOT / "tests" / "fixtures" / "datenpaket_mitte", pkg)
    cat = pkg / "indicators.yaml"
    text = cat.read_text(encoding="utf-8")
    block = (
        "- indicator_id: mss_s1" + text.split("- indicator_id: mss_s1", 1)[1].split("\n- ", 1)[0]
    )
    new = (
        block.replace("indicator_id: mss_s1", "indicator_id: foreign_share")
        .replace("name: Arbeitslosigkeit (MSS S1)", "name: Ausländeranteil (Test)")
        .replace("aggregation: none", "aggregation: ratio")
        .replace("min_denominator: 300", "min_denominator: 0")
        .replace("count_threshold: 0", "count_threshold: 3")
    )
    assert new.count("foreign_share") == 1 and "count_threshold: 3" in new
    cat.write_text(text.rstrip("\n") + "\n" + new + "\n", encoding="utf-8")
    vals = pkg / "indicator_values.csv"
    lines = vals.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "indicator_id;area_id;period;value;flag"
    out = ["indicator_id;area_id;period;value;numerator;denominator;flag"]
    out += [";".join([*ln.split(";")[:4], "", "", ln.split(";")[4]]) for ln in lines[1:]]
    for area, num, den in [
        ("01100205", 2, 2917),
        ("01100206", 40, 1876),
        ("01100207", 900, 8844),
        ("011002", 942, 13637),
    ]:
        share = f"{100 * num / den:.6f}".replace(".", ",")
        out.append(f"foreign_share;{area};2022-05-15;{share};{num};{den};")
    vals.write_text("\n".join(out) + "\n", encoding="utf-8")
    return pkg


def test_share_hiding_a_small_count_takes_a_sibling_along(tmp_path: Path) -> None:
    # share 01100205 (2 foreigners) is primary. Rate × residents gives every numerator, and
    # 011002: 942 − 40 − 900 = 2 would reveal it, so the sibling with the smallest numerator
    # (01100206, 40) is hidden too; then 942 − 900 = 42 is all the attacker learns (2 in [0, 42]).
    internal = tmp_path / "internal.duckdb"
    write_store(internal, [read_package(_rate_package(tmp_path))])
    public = tmp_path / "public.duckdb"
    write_public(internal, public)
    conn = duckdb.connect(str(public), read_only=True)
    try:
        rows = dict(
            conn.execute(
                """SELECT area_id, flag FROM indicator_values
                   WHERE indicator_id = 'foreign_share' AND area_id LIKE 'mitte:011002%'"""
            ).fetchall()
        )
        value = conn.execute(
            """SELECT value FROM indicator_values WHERE indicator_id = 'foreign_share'
               AND area_id = 'mitte:011002'"""
        ).fetchone()
    finally:
        conn.close()
    assert rows["mitte:01100205"] == "suppressed"
    assert rows["mitte:01100206"] == "suppressed"
    assert rows["mitte:01100207"] != "suppressed" and rows["mitte:011002"] != "suppressed"
    assert value is not None and abs(value[0] - 100 * 942 / 13637) < 1e-4
