"""The public build attacks its own output and refuses to write when a secret is exposed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from data_layer.build.public_build import DISCLOSURE_FILE, write_public
from data_layer.errors import DataError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture package with one small count: Planungsraum 01100101, 31.12.2024, 95+ = 1."""
    base = tmp_path_factory.mktemp("attack")
    pkg = base / "paket"
    shutil.copytree(ROOT / "tests" / "fixtures" / "datenpaket_mitte", pkg)
    pop = pkg / "population.csv"
    text = pop.read_text(encoding="utf-8")
    for old, new in [
        ("01100101,2024-12-31,all,95,,3,", "01100101,2024-12-31,all,95,,1,"),
        ("01100101,2024-12-31,all,90,95,17,", "01100101,2024-12-31,all,90,95,19,"),
    ]:
        assert old in text
        text = text.replace(old, new)
    pop.write_text(text, encoding="utf-8")
    out = base / "internal.duckdb"
    write_store(out, [read_package(pkg)])
    return out


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
