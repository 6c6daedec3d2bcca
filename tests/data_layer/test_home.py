"""The Kommune of a store (``home``): written by the build from paket.yaml, read by the app.

Expected values are checked by hand against the inputs: the Berlin demo (LOR 2021, five levels,
AGS of Berlin 11000000) and the fixture package (Berlin-Mitte, Prognoseraum Zentrum
``0110`` with Bezirksregionen and Planungsräume).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
import yaml

from data_layer.build.adapters.berlin import BERLIN_HOME
from data_layer.build.package import PackageHome
from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import main, write_store
from data_layer.build.public_build import write_public
from data_layer.read.home import Home, home
from tests.conftest import DEMO_DB, FIXTURE_PACKAGE


def _home_of(store: Path) -> tuple[Home, dict[str, str]]:
    c = duckdb.connect(str(store), read_only=True)
    try:
        meta = dict(c.execute("SELECT key, value FROM meta WHERE key LIKE 'home.%'").fetchall())
        return home(c), meta
    finally:
        c.close()


def _set_manifest(package: Path, **fields: object) -> None:
    path = package / "paket.yaml"
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    manifest.update(fields)
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")


def test_demo_store_opens_on_berlin() -> None:
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    got, meta = _home_of(DEMO_DB)
    assert got == Home(
        system_code="lor2021",
        area_system="LOR 2021",
        place="Berlin",
        levels=("Land", "Bezirk", "Prognoseraum", "Bezirksregion", "Planungsraum"),
        level="Planungsraum",
        indicator="share_u6",
        kommune_ags="11000000",
        kommune_area_id="de2024:11000000",
        root_area_id="lor2021:11000000",
    )
    assert meta == {
        "home.system_code": "lor2021",
        "home.level": "Planungsraum",
        "home.indicator": "share_u6",
        "home.kommune_ags": "11000000",
        "home.place": "Berlin",
    }


def test_berlin_home_lives_in_the_adapter() -> None:
    assert BERLIN_HOME == PackageHome(
        kommune="11000000", start_level="Planungsraum", start_indicator="share_u6", place="Berlin"
    )


def test_package_without_home_fields_is_derived(fixture_db: Path) -> None:
    got, meta = _home_of(fixture_db)
    # only the package's system is written; the rest comes from its tables
    assert meta == {"home.system_code": "mitte"}
    assert got == Home(
        system_code="mitte",
        area_system="LOR 2021 (Auszug Prognoseraum Zentrum)",
        place="Zentrum",  # the one top area (Prognoseraum 0110)
        levels=("Prognoseraum", "Bezirksregion", "Planungsraum"),
        level="Planungsraum",  # finest level with population
        indicator="share_65plus",  # first share (%) in domain order, then by id
        kommune_ags=None,
        kommune_area_id=None,
        root_area_id="mitte:0110",
    )


def test_package_names_its_kommune(tmp_path: Path, package_copy: Path) -> None:
    _set_manifest(
        package_copy,
        kommune="11000000",
        start_level="Bezirksregion",
        start_indicator="share_u6",
        place="Berlin-Mitte",
    )
    out = tmp_path / "k.duckdb"
    assert main(["--package", str(package_copy), "--out", str(out), "--ohne-deutschland"]) == 0
    got, meta = _home_of(out)
    assert meta == {
        "home.system_code": "mitte",
        "home.level": "Bezirksregion",
        "home.indicator": "share_u6",
        "home.kommune_ags": "11000000",
        "home.place": "Berlin-Mitte",
    }
    assert (got.place, got.level, got.indicator, got.kommune_ags) == (
        "Berlin-Mitte",
        "Bezirksregion",
        "share_u6",
        "11000000",
    )
    assert got.kommune_area_id is None  # no Germany base in this store


def test_a_kreis_key_has_five_digits(tmp_path: Path, package_copy: Path) -> None:
    (package_copy / "paket.yaml").write_text(
        (package_copy / "paket.yaml").read_text(encoding="utf-8") + 'kommune: "06631"\n',
        encoding="utf-8",
    )
    write_store(tmp_path / "k.duckdb", [read_package(package_copy)])
    assert _home_of(tmp_path / "k.duckdb")[0].kommune_ags == "06631"


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ('kommune: "1100"', "kommune", ["8 Ziffern", "5 Ziffern"]),
        # unquoted with a leading zero: YAML reads an octal number, the zeros are lost
        ("kommune: 01001000", "kommune", ["Anführungszeichen"]),
        ("kommune: [1, 2]", "kommune", ["einzelnen Text"]),
        ("start_level: Ortsteil", "start_level", ["„Ortsteil“", "Planungsraum"]),
        ("start_indicator: share_u7", "start_indicator", ["„share_u7“", "indicators.yaml"]),
        ('place: " "', "place", ["leer"]),
    ],
)
def test_bad_home_fields_are_refused(
    tmp_path: Path,
    package_copy: Path,
    capsys: pytest.CaptureFixture[str],
    line: str,
    field: str,
    words: list[str],
) -> None:
    out = tmp_path / "bestand.duckdb"
    write_store(out, [read_package(FIXTURE_PACKAGE)])
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    manifest = package_copy / "paket.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    assert main(["--package", str(package_copy), "--out", str(out), "--ohne-deutschland"]) == 2
    err = capsys.readouterr().err
    assert "Datei paket.yaml" in err and f"Feld „{field}“" in err
    for w in words:
        assert w in err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before


def test_public_copy_keeps_the_home(tmp_path: Path, package_copy: Path) -> None:
    _set_manifest(package_copy, kommune="11000000", start_indicator="share_u6", place="Mitte")
    internal = tmp_path / "intern.duckdb"
    write_store(internal, [read_package(package_copy)])
    public = tmp_path / "public.duckdb"
    write_public(internal, public)
    assert _home_of(public)[1] == _home_of(internal)[1]
