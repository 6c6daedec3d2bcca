"""AppTest: the page Bevölkerungsprognose reacts to sliders, closes its balance, survives hostile URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from features.projection.housing import parse_housing
from tests.pages.conftest import open_page

PAGE = "features/projection/page.py"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _frame_with(at: AppTest, column: str) -> pd.DataFrame:
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"keine Tabelle mit Spalte {column}")


def _num(text: str) -> int:
    return int(text.replace(".", "").replace("−", "-").replace("+", ""))


def test_default_view_shows_berlin_middle_variant(demo_env: Path) -> None:
    at = open_page(PAGE)
    m = _metrics(at)
    assert m["Einwohner 31.12.2024"] == "3.897.145"
    assert "Einwohner 31.12.2040" in m
    assert at.select_slider(key="proj.tfr").value == pytest.approx(1.17)  # Berlin 2023
    # German number format on the sliders (components.widgets.de_slider)
    assert at.select_slider(key="proj.e0m").format_func(84.4) == "84,4"
    assert at.select_slider(key="proj.tfr").format_func(1.17) == "1,17"
    # middle net migration of Berlin: median of 2019, 2021, 2022, 2024 (25 169), rounded to 100
    assert at.select_slider(key="proj.ws").value == 25_200
    assert at.select_slider(key="proj.ws").format_func(25_200.0) == "25.200"
    assert at.selectbox(key="proj.ebene").value == "Planungsraum"
    fan = _frame_with(at, "Ihr Szenario")
    # the user's scenario starts as the middle variant
    assert fan["Ihr Szenario"].tolist() == fan["mittel"].tolist()
    assert fan["Jahr"].tolist() == list(range(2024, 2041))
    assert fan.loc[0, "mittel"] == "3.897.145"


def test_higher_fertility_raises_births_and_under_threes(demo_env: Path) -> None:
    at = open_page(PAGE, {"zj": "sofort", "tfr": "1.20"})
    births_low = _num(_metrics(at)["Geburten 2025"])
    u3_low = _num(_frame_with(at, "0 bis unter 3")["0 bis unter 3"].iloc[-1])
    at.select_slider(key="proj.tfr").set_value(1.7).run()
    births_high = _num(_metrics(at)["Geburten 2025"])
    u3_high = _num(_frame_with(at, "0 bis unter 3")["0 bis unter 3"].iloc[-1])
    assert births_high / births_low == pytest.approx(1.7 / 1.2, rel=0.01)
    assert u3_high > u3_low * 1.3
    assert at.query_params["tfr"] in ("1.70", ["1.70"])


def test_migration_slider_sets_berlins_net_migration(demo_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "bilanz", "ende": "2030"})
    table = _frame_with(at, "Prüfung")
    # the rates are scaled so that all Planungsräume together gain the assumed volume
    assert table["+ Wanderungssaldo"].tolist() == ["+25.200"] * 6
    end_middle = _num(_metrics(at)["Einwohner 31.12.2030"])
    at.select_slider(key="proj.ws").set_value(0.0).run()
    table = _frame_with(at, "Prüfung")
    assert set(table["+ Wanderungssaldo"]) == {"±0"}
    assert at.query_params["ws"] in ("0", ["0"])
    end_zero = _num(_metrics(at)["Einwohner 31.12.2030"])
    # six years of 25 200 net migrants (151 200) plus the children born to them
    assert 151_200 < end_middle - end_zero < 170_000
    at.button(key="proj.preset.high").click().run()
    assert at.select_slider(key="proj.ws").value == 37_800
    assert set(_frame_with(at, "Prüfung")["+ Wanderungssaldo"]) == {"+37.800"}


def test_table_base_total_and_level_switch(demo_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "tabelle", "ebene": "Land"})
    table = _frame_with(at, "31.12.2024")
    assert table["Gebiet"].tolist() == ["Berlin"]
    assert table["31.12.2024"].iloc[0] == "3.897.145"
    at.selectbox(key="proj.ebene").set_value("Bezirk").run()
    table = _frame_with(at, "31.12.2024")
    assert len(table) == 12
    assert sum(_num(v) for v in table["31.12.2024"]) == 3_897_145


def test_balance_closes_every_year(demo_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "bilanz", "ende": "2030"})
    table = _frame_with(at, "Prüfung")
    assert table["Jahr"].tolist() == [str(y) for y in range(2025, 2031)]
    assert set(table["Prüfung"]) == {"geht auf"}
    first = table.iloc[0]
    closed = (
        _num(first["Bevölkerung Vorjahr"])
        + _num(first["+ Geburten"])
        - _num(first["− Sterbefälle"])
        + _num(first["+ Wanderungssaldo"])
    )
    assert abs(closed - _num(first["= Bevölkerung 31.12."])) <= 2  # rounding of four numbers


def test_control_total_meets_user_target(demo_env: Path) -> None:
    at = open_page(PAGE, {"eck": "ziel", "ziel": "4000000", "ende": "2035"})
    assert _metrics(at)["Einwohner 31.12.2035"] == "4.000.000"


def test_housing_project_adds_residents(demo_env: Path) -> None:
    plain = _num(_metrics(open_page(PAGE, {"gebiet": "01100101"}))["Einwohner 31.12.2040"])
    at = open_page(PAGE, {"gebiet": "01100101", "neubau": "01100101:2027:1000:2"})
    with_housing = _num(_metrics(at)["Einwohner 31.12.2040"])
    assert 1_900 < with_housing - plain < 2_600


def test_backtest_is_shown_honestly(demo_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "rueckrechnung"})
    tables = [df.value for df in at.dataframe if "Verfahren" in df.value.columns]
    assert len(tables) == 2
    lor21 = tables[0].set_index(["Gebiete", "Verfahren"])
    key = "alle (542)"
    model_name = "Kohorten-Komponenten-Modell (Wanderungssaldo nach Regel)"
    model = lor21.loc[(key, model_name)]
    const = lor21.loc[(key, "Vergleich: Bevölkerung bleibt konstant")]
    assert model["Einwohner insgesamt"] == "4,5\xa0%"
    assert const["Einwohner insgesamt"] == "4,3\xa0%"
    assert model["0 bis unter 6"] == "12,6\xa0%" and const["0 bis unter 6"] == "13,4\xa0%"
    assert model["65 und älter"] == "4,4\xa0%" and const["65 und älter"] == "5,7\xa0%"
    lor06 = tables[1].set_index(["Gebiete", "Verfahren"])
    model06 = lor06.loc[("alle (447)", model_name)]
    const06 = lor06.loc[("alle (447)", "Vergleich: Bevölkerung bleibt konstant")]
    # worse than constant on 0-6 (15,9 %): said plainly
    assert model06["0 bis unter 6"] == "20,1\xa0%" and const06["0 bis unter 6"] == "15,9\xa0%"
    assert model06["65 und älter"] == "7,0\xa0%" and const06["65 und älter"] == "9,2\xa0%"
    captions = " ".join(c.value for c in at.caption)
    # the volume known at each base date: median of 2019 and 2021; register 2015 half-year
    assert "Angenommener Wanderungssaldo Berlin: +19.736 Personen je Jahr" in captions
    assert "Angenommener Wanderungssaldo Berlin: +64.180 Personen je Jahr" in captions
    warning = " ".join(w.value for w in at.warning)
    assert (
        "LOR 2021: 31.12.2021 → 31.12.2024: besser als „Bevölkerung bleibt konstant“ bei "
        "0 bis unter 6 und 65 und älter." in warning
    )
    assert (
        "besser als „Bevölkerung bleibt konstant“ bei 65 und älter, schlechter bei 0 bis unter 6"
        in warning
    )
    # the model age profile is backtested beside the observed pattern
    profile = lor21.loc[(key, "dasselbe Modell, ein Wanderungs-Altersprofil für alle Gebiete")]
    assert profile["0 bis unter 6"] == "13,1\xa0%" and profile["65 und älter"] == "4,6\xa0%"
    # hindsight: the same model with other volumes, computed (not typed in)
    sweeps = [df.value for df in at.dataframe if "Fehler 0 bis unter 6" in df.value.columns]
    assert len(sweeps) == 2
    sweep06 = sweeps[1].set_index("Angenommener Wanderungssaldo je Jahr")
    assert sweep06.loc["+65.000 (damals angenommen)", "Fehler 0 bis unter 6"] == "20,2\xa0%"
    assert sweep06.loc["+10.000", "Fehler 0 bis unter 6"] == "15,1\xa0%"
    text = " ".join(m.value for m in at.markdown)
    assert "am Stichtag 3.610.156 Einwohner und am Ende 3.765.594: +31.088 je Jahr" in text
    assert "Mit einem Saldo zwischen 0 und +30.000 je Jahr wäre das Modell" in text


def test_migration_pattern_model_profile(demo_env: Path) -> None:
    at = open_page(PAGE, {"ansicht": "bilanz", "ende": "2030"})
    assert at.radio(key="proj.wm").value == "gebiet"
    at.selectbox(key="proj.gebiet").set_value("01100101").run()
    observed = _frame_with(at, "Prüfung")["+ Wanderungssaldo"].tolist()
    at.radio(key="proj.wm").set_value("profil").run()
    assert at.query_params["wm"] in ("profil", ["profil"])
    profile = _frame_with(at, "Prüfung")["+ Wanderungssaldo"].tolist()
    assert profile != observed  # the area's share of Berlin's migration follows its age structure
    assert set(_frame_with(at, "Prüfung")["Prüfung"]) == {"geht auf"}
    at.selectbox(key="proj.gebiet").set_value("").run()
    # Berlin as a whole still gains exactly the assumed volume
    assert _frame_with(at, "Prüfung")["+ Wanderungssaldo"].tolist() == ["+25.200"] * 6
    again = open_page(
        PAGE, {"ansicht": "bilanz", "ende": "2030", "wm": "profil", "gebiet": "01100101"}
    )
    assert again.radio(key="proj.wm").value == "profil"
    assert _frame_with(again, "Prüfung")["+ Wanderungssaldo"].tolist() == profile


@pytest.mark.parametrize(
    "bad", ["'; DROP TABLE population; --", "x" * 500, "<script>alert(1)</script>", "-1", "9999"]
)
def test_hostile_url_parameters_fall_back(demo_env: Path, bad: str) -> None:
    names = [
        "tfr",
        "e0m",
        "e0f",
        "ws",
        "zj",
        "ende",
        "ebene",
        "gebiet",
        "eck",
        "ziel",
        "ansicht",
        "neubau",
        "wm",
    ]
    at = open_page(PAGE, dict.fromkeys(names, bad))
    assert any("ungültige Angaben" in i.value for i in at.info)
    m = _metrics(at)
    assert m["Einwohner 31.12.2024"] == "3.897.145"
    assert "Einwohner 31.12.2040" in m
    assert not at.error


def test_url_reproduces_view(demo_env: Path) -> None:
    at = open_page(
        PAGE,
        {"tfr": "1.40", "ende": "2035", "ansicht": "pyramide", "ebene": "Bezirk", "gebiet": "01"},
    )
    assert at.select_slider(key="proj.tfr").value == pytest.approx(1.4)
    assert at.select_slider(key="proj.ende").value == 2035
    assert at.selectbox(key="proj.gebiet").value == "01"
    assert "Einwohner 31.12.2035" in _metrics(at)
    pyramid = _frame_with(at, "Alter")
    assert len(pyramid) == 101


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("01100101:2027:200:2.0", 1),
        ("01100101:2027:200:2.0;99999999:2027:1:1", 1),
        ("x;;", 0),
        ("", 0),
    ],
)
def test_parse_housing(text: str, n: int) -> None:
    assert len(parse_housing(text, {"01100101": "lor2021:01100101"})) == n


def test_projected_age_bands_for_gap_page(demo_env: Path) -> None:
    from features.projection.cache import projected_age_bands

    frame = projected_age_bands(level="Land", end_year=2030)
    assert list(frame.columns) == ["area_id", "year", "age_from", "age_to", "count"]
    assert len(frame) == 7 * 7  # planning bands × years 2024 … 2030
    base = frame.loc[frame["year"] == 2024].set_index("age_from")["count"]
    assert base[0] == pytest.approx(98_006, abs=1e-6)  # 0 to under 3 on 31.12.2024
    assert base[65] == pytest.approx(483_186, abs=1e-6)
    assert base[80] == pytest.approx(255_052, abs=1e-6)
    assert frame["age_to"].isna().sum() == 7


def test_change_map_can_be_exported_with_classes_and_uncertain_areas(
    demo_env: Path, export_spy: dict[str, Any]
) -> None:
    """The change map as PNG/SVG/CSV/XLSX: every Planungsraum in one class, small ones marked."""
    offered = export_spy
    at = open_page(PAGE, {"ansicht": "karte", "ende": "2030"})
    keys = {d.key for d in at.get("download_button")}
    assert {"proj.map.bild.dl_png", "proj.map.bild.dl_svg", "proj.map.bild.dl_xlsx"} <= keys
    fig, table = offered["proj.map.bild"]
    assert len(table) == 542
    names = [t.name for t in fig.full().data]
    assert names[-1].startswith("unsicher: unter 1.000 Einwohner")
    assert any(n.endswith("%") or "bis unter" in n for n in names)


def test_export_frame_has_german_headers_and_local_keys() -> None:
    from features.projection.model import export_frame
    from tests.indicators.test_projection_aggregate import tiny_result

    owner = pd.Series({"a": "sys:X", "b": "sys:X", "c": "sys:Y"})
    names = pd.Series({"sys:X": "Mitte", "sys:Y": "Nord"})
    frame = export_frame(tiny_result(), owner, names)
    assert len(frame) == 7 * 2 * 2  # planning bands × areas × years
    first = frame.iloc[0].tolist()
    assert first == ["Mitte", "X", 2024, 0, "3", 16.0]
    assert set(frame.loc[frame["Alter von"] == 80, "Alter bis unter"]) == {"offen"}


def test_view_writes_its_url() -> None:
    from features.projection.model import Settings
    from features.projection.state import ProjectionView

    settings = Settings(1.4, 84.4, 88.1, 25_200.0, None, 2035, "", "profile")
    view = ProjectionView(
        kind="karte", level="Bezirk", local="01", area_id="lor2021:01", place="Mitte",
        display="index", basemap=True, settings=settings, control="ziel", target=4e6,
    )  # fmt: skip
    assert view.end_year == 2035
    assert view.url() == {
        "ansicht": "karte", "ebene": "Bezirk", "gebiet": "01", "ende": "2035", "tfr": "1.40",
        "e0m": "84.4", "e0f": "88.1", "ws": "25200", "zj": "sofort", "eck": "ziel",
        "ziel": "4000000", "neubau": None, "darst": "index", "hk": "1", "wm": "profil",
        "fokus": None,
    }  # fmt: skip


def test_legend_says_when_the_scenario_is_the_middle_variant(
    demo_env: Path, export_spy: dict[str, Any]
) -> None:
    """Default: the user's line covers the middle variant's, the legend says so; births 1,00:
    two lines, two plain names."""
    at = open_page(PAGE)
    names = [t.name for t in export_spy["proj.fan"][0].data]
    assert "Ihr Szenario (= mittlere Variante)" in names and "mittlere Variante" in names
    at.select_slider(key="proj.tfr").set_value(1.0).run()
    names = [t.name for t in export_spy["proj.fan"][0].data]
    assert "Ihr Szenario" in names and "Ihr Szenario (= mittlere Variante)" not in names
