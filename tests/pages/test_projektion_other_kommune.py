"""The projection is not tied to Berlin: a store built from another Datenpaket with its own scope.

The example Datenpaket (Berlin-Mitte, Prognoseraum Zentrum; system code ``mitte``) publishes
the population of 31.12.2023 only as under 6, 65 and older and the total; the missing band
6–64 is computed from the total (``projection_population.partition_with_gap``).
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from data_layer.build.demography_store import write_demography
from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from tests.conftest import FIXTURE_PACKAGE, ROOT, point_app_at
from tests.pages.conftest import open_page

PAGE = "features/projection/page.py"
PLACE = "Prognoseraum Zentrum"


@pytest.fixture(scope="module")
def mitte_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kommune")
    params = folder / "parameters"
    shutil.copytree(ROOT / "data" / "parameters", params)
    path = params / "projection.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["scope"] = {
        "area_system": "mitte",
        "level": "Planungsraum",
        "place": PLACE,
        "population_source": "Einwohnerregister (Beispiel-Datenpaket)",
        "backtests": [],
    }
    # the observed values are this Kommune's own (area_system); the rates stay the demo's, so
    # the page estimates them from Germany's (base_rates.area_system names another Kommune)
    content["net_migration_volume"]["area_system"] = "mitte"
    content["net_migration_volume"]["observed"]["values"] = [
        {"year": 2023, "value": 500, "note": "Testannahme"},
        {"year": 2024, "value": 1500, "note": "Testannahme"},
    ]
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    out = folder / "mitte.duckdb"
    demography = functools.partial(write_demography, folder=ROOT / "data" / "raw" / "demography")
    write_store(out, [read_package(FIXTURE_PACKAGE)], extra=demography, parameter_dir=params)
    return out


@pytest.fixture()
def mitte_env(mitte_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return point_app_at(mitte_store, monkeypatch)


def _fixture_total_2024() -> int:
    pop = pd.read_csv(FIXTURE_PACKAGE / "population.csv", dtype={"area_id": str})
    total = pop.loc[
        (pop["period"] == "2024-12-31") & (pop["sex"] == "all") & (pop["age_from"] == 0)
    ]
    return int(total.loc[total["age_to"].isna(), "count"].sum())


def test_projection_runs_for_another_kommune(mitte_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "bilanz", "ende": "2030"})
    metrics = {m.label: m.value for m in at.metric}
    expected = f"{_fixture_total_2024():,}".replace(",", ".")
    assert metrics["Einwohner 31.12.2024"] == expected
    # the name comes from the scope, not from Berlin
    assert at.selectbox(key="proj.gebiet").format_func("") == f"{PLACE} insgesamt"
    # (the example package's own attribution names the Amt für Statistik Berlin-Brandenburg)
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "Berlin" not in shown.replace("Berlin-Brandenburg", "")
    # middle volume: median of the two observed years, rounded to 100
    assert at.select_slider(key="proj.ws").value == 1_000
    balance = next(df.value for df in at.dataframe if "Prüfung" in df.value.columns)
    assert set(balance["Prüfung"]) == {"geht auf"}
    assert balance["+ Wanderungssaldo"].tolist() == ["+1.000"] * 6
    at.radio(key="proj.wm").set_value("profil").run()
    assert not at.exception
    balance = next(df.value for df in at.dataframe if "Prüfung" in df.value.columns)
    assert balance["+ Wanderungssaldo"].tolist() == ["+1.000"] * 6


def test_backtest_view_says_when_no_backtest_is_possible(mitte_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "rueckrechnung"})
    assert any("Für eine Rückrechnung fehlen" in i.value for i in at.info)


def test_method_note_names_the_kommune(mitte_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "methode"})
    text = " ".join(m.value for m in at.markdown)
    assert f"Ebene „Planungsraum“ ({PLACE})" in text
    assert "Einwohnerregister (Beispiel-Datenpaket) am 31.12.2024" in text
    assert "Berlin" not in text.replace("Berlin-Brandenburg", "")
