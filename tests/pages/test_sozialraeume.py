"""AppTest: the page "Sozialräume vergleichen" on the demo store shows the right numbers and reacts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.deck_data import area_features
from tests.pages.conftest import open_page

PAGE = "features/areas/page.py"


def _app(params: dict[str, str] | None = None) -> AppTest:
    at = open_page(PAGE, params)
    assert not at.error, [e.value for e in at.error]
    return at


def _frame(at: AppTest, column: str) -> pd.DataFrame:
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"keine Tabelle mit Spalte {column!r}")


def _row(at: AppTest, local_id: str) -> dict[str, str]:
    table = _frame(at, "Schlüssel")
    return table.set_index("Schlüssel").loc[local_id].to_dict()


def _text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown) + " " + " ".join(c.value for c in at.caption)


def _param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def test_default_view_lor2021_share_u6(demo_env: Path) -> None:
    at = _app()
    assert at.selectbox(key="soz.ind").value == "share_u6"
    assert at.selectbox(key="soz.zeit").value == "2024-12-31"
    assert "536 von 542 Gebieten mit Wert" in _text(at)
    table = _frame(at, "Schlüssel")
    assert len(table) == 542
    assert _row(at, "01100101") == {
        "Rang": "404",
        "Gebiet": "Stülerstraße",
        "Bezirk": "Mitte",
        "Prognoseraum": "Zentrum",
        "Übergeordnet": "Tiergarten Süd",
        "Wert": "4,6",
        "Zähler": "165",
        "Nenner": "3.580",
        "Kennzeichnung": "berechnet",
    }
    # denominator below 300: "keine Angabe", never 0
    gartenfeld = _row(at, "05300838")
    assert (gartenfeld["Wert"], gartenfeld["Rang"]) == ("–", "–")
    assert gartenfeld["Kennzeichnung"].startswith(
        "keine Angabe (zu geringe Fallzahl: Nenner unter 300"
    )
    assert "Quantile (5 Klassen) (%)" in _text(at)  # legend states the method
    assert _param(at, "indikator") == "share_u6" and _param(at, "bereich") == "karte"


def test_change_indicator_level_and_selection(demo_env: Path) -> None:
    at = _app()
    at.selectbox(key="soz.ind").set_value("share_65plus").run()
    assert _row(at, "01100101")["Wert"] == "20,0"
    assert _param(at, "indikator") == "share_65plus"
    at.selectbox(key="soz.ind").set_value("share_u6").run()
    at.selectbox(key="soz.ebene").set_value("Bezirk").run()
    table = _frame(at, "Schlüssel")
    assert len(table) == 12
    assert table["Gebiet"].iloc[0] == "Lichtenberg" and table["Wert"].iloc[0] == "6,1"
    assert table["Gebiet"].iloc[-1] == "Steglitz-Zehlendorf" and table["Wert"].iloc[-1] == "4,6"
    assert _param(at, "ebene") == "Bezirk"
    at.selectbox(key="soz.gebiet").set_value("lor2021:09").run()
    metric = at.metric[0]
    assert (metric.label, metric.value) == ("Treptow-Köpenick", "5,7 %")
    assert "Rang 4 von 12" in _text(at)
    assert _param(at, "gebiet") == "lor2021:09"


def test_classification_method_classes_and_fixed_breaks(demo_env: Path) -> None:
    at = _app({"methode": "jenks", "klassen": "4"})
    assert "Natürliche Grenzen (Fisher-Jenks, 4 Klassen) (%)" in _text(at)
    at.checkbox(key="soz.fest").check().run()
    assert "Natürliche Grenzen (Fisher-Jenks, 4 Klassen), feste Klassengrenzen" in _text(at)
    assert _param(at, "fest") == "True"
    at.selectbox(key="soz.methode").set_value("stddev").run()
    assert "Standardabweichungen (4 Klassen), feste Klassengrenzen" in _text(at)


def test_social_index_reproduces_mss_2021(demo_env: Path) -> None:
    at = _app({"bereich": "index"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Übereinstimmung Statusklassen": "100,00\u00a0%",
        "Übereinstimmung Dynamikklassen": "99,25\u00a0%",
    }
    note = " ".join(i.value for i in at.info)
    assert "Status: 534 von 534 Gebieten; Dynamik: 530 von 534" in note
    counts = _frame(at, "Klasse").set_index("Klasse")["Gebiete"].to_dict()
    assert counts == {"1 hoch": "75", "2 mittel": "364", "3 niedrig": "46", "4 sehr niedrig": "49"}
    assert "soz.map_index.bild.dl_svg" in _download_keys(at)


def test_index_settings_show_german_numbers(demo_env: Path) -> None:
    """Weights and thresholds are sliders with German labels; moving one changes the classes."""
    at = _app({"bereich": "index"})
    weight = at.select_slider(key="soz.w.mss_s1_unemployed")
    assert weight.options[:3] == ["0,5", "1,0", "1,5"] and weight.options[-1] == "10,0"
    assert weight.value == 1.0
    t1 = at.select_slider(key="soz.t1")
    assert (t1.options[0], t1.options[-1]) == ("−5,00 SD", "5,00 SD")
    assert "−1,00 SD" in t1.options and t1.value == -1.0
    assert at.select_slider(key="soz.t3").value == 1.5
    assert "1,25 SD" in at.select_slider(key="soz.td").options
    minpop = at.select_slider(key="soz.minpop")
    assert (minpop.value, minpop.options[-1]) == (300.0, "5.000")
    t1.set_value(-0.5).run()
    counts = _frame(at, "Klasse").set_index("Klasse")["Gebiete"].to_dict()
    assert int(counts["1 hoch"]) > 75  # the limit moved up: more areas in class 1
    assert "Übereinstimmung Statusklassen" in {m.label for m in at.metric}


def _download_keys(at: AppTest) -> list[str]:
    return [d.proto.id.rsplit("-", 1)[-1] for d in at.get("download_button")]


def test_map_export_menu_beside_the_map(demo_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PNG, SVG, CSV and XLSX of the map: the labels of the shared chart export menu."""
    from components import charts, image_export

    offered: dict[str, tuple[Any, pd.DataFrame]] = {}
    plain = charts.export_menu

    def spy(fig: Any, *, key: str, table: pd.DataFrame | None = None) -> None:
        offered[key] = (fig, table)
        plain(fig, key=key, table=table)

    monkeypatch.setattr(charts, "export_menu", spy)
    at = _app({"gebiet": "lor2021:01100101"})
    keys = _download_keys(at)
    assert [k for k in keys if k.startswith("soz.map.bild.")] == [
        "soz.map.bild.dl_png",
        "soz.map.bild.dl_svg",
        "soz.map.bild.dl_csv",
        "soz.map.bild.dl_xlsx",
    ]
    labels = {d.proto.label for d in at.get("download_button")}
    assert {"Bild (PNG)", "Vektorgrafik (SVG)", "Tabelle (CSV)", "Tabelle (Excel)"} <= labels
    # the view's static figure: one trace per legend class (+ keine Angabe, + the highlight)
    fig, table = offered["soz.map.bild"]
    full = fig.full()
    names = [t.name for t in full.data]
    assert names[:5] == ["2,5 bis unter 4,5", "4,5 bis unter 5,0", "5,0 bis unter 5,4",
                         "5,4 bis unter 6,1", "6,1 bis 12,7"]  # fmt: skip
    assert names[5:] == ["keine Angabe / zu geringe Fallzahl", "hervorgehoben: Stülerstraße"]
    assert [len(t.meta["area_ids"]) for t in full.data] == [107, 107, 107, 107, 108, 6, 1]
    assert table.set_index("Schlüssel").loc["01100101", "Quantile (5 Klassen) (%)"] == (
        "4,5 bis unter 5,0"  # Stülerstraße 4,6 % (test_default_view)
    )
    assert "Datenversion" in image_export.source_text(full)
    assert fig.layout.title.text == (
        "Anteil der Kinder unter 6 Jahren je Planungsraum (Berlin), Stand 31.12.2024"
    )


def test_profile_from_url_with_comparison(demo_env: Path) -> None:
    at = _app(
        {
            "bereich": "profil",
            "gebiet": "lor2021:01100101",
            "vergleich": "lor2021:01100102",
            "themenfeld": "Demografie",
        }
    )
    prof = _frame(at, "Abweichung (SD)").set_index("Indikator")
    row = prof.loc["Anteil der Kinder unter 6 Jahren"]
    assert (row["Stülerstraße"], row["Tiergarten Süd"], row["Berlin"]) == ("4,6", "4,9", "5,4")
    assert row["Abweichung (SD)"] == "−0,63"
    assert "Einwohnerinnen und Einwohner insgesamt" not in prof.index  # counts are not compared
    side = _frame(at, "Großer Tiergarten").set_index("Indikator")
    assert side.loc["Anteil ab 65 J.", "Großer Tiergarten"] == "12,9"
    at.radio(key="soz.abw").set_value("percent").run()
    prof = _frame(at, "Abweichung (%)").set_index("Indikator")
    # (4,6089 − 5,3613) / 5,3613 × 100 = −14,0 %
    assert prof.loc["Anteil der Kinder unter 6 Jahren", "Abweichung (%)"] == "−14,0"


def test_typology_and_hotspots(demo_env: Path) -> None:
    at = _app({"bereich": "typen", "typen": "3", "typ_ind": "share_u6,share_65plus"})
    legend = [m.value for m in at.markdown if "pa-legend" in m.value][0]
    assert legend.count("Typ ") == 3 and "k-Means, 3 Typen" in legend
    at.segmented_control(key="soz.bereich").set_value("hotspots").run()
    assert not at.exception
    counts = _frame(at, "Muster").set_index("Muster")["Gebiete"].to_dict()
    assert set(counts) >= {"Hoch-Hoch", "Niedrig-Niedrig", "nicht signifikant", "keine Angabe"}
    assert counts["keine Angabe"] == "6"  # 2 empty + 4 below the minimum denominator
    assert int(counts["Hoch-Hoch"]) > 0
    assert _param(at, "bereich") == "hotspots"


def test_gemeinden_of_one_land(demo_env: Path) -> None:
    at = _app(
        {
            "system": "de2024",
            "ebene": "Gemeinde",
            "land": "de2024:10",
            "indikator": "zensus_rent_per_m2",
        }
    )
    table = _frame(at, "Schlüssel")
    assert len(table) == 52  # Saarland only, the map stays small
    assert (table["Gebiet"].iloc[0], table["Wert"].iloc[0]) == ("Perl", "8,12")
    assert at.selectbox(key="soz.land").value == "de2024:10"


@pytest.mark.parametrize(
    "params",
    [
        {"indikator": "'; DROP TABLE indicators; --"},
        {"ebene": "x" * 500, "klassen": "99", "methode": "<script>alert(1)</script>"},
        {"gebiet": "lor2021:99999999", "bereich": "nichts", "fest": "vielleicht"},
        {"bereich": "profil", "vergleich": "a,b,c,d,e,f", "gebiet": "lor2021:01100101"},
        {"system": "de2024", "ebene": "Gemeinde", "land": "de2024:DE"},
    ],
)
def test_hostile_url_parameters_fall_back(demo_env: Path, params: dict[str, str]) -> None:
    at = _app(params)
    note = " ".join(i.value for i in at.info)
    assert "Der Link enthielt ungültige Angaben" in note
    if "system" not in params and params.get("bereich") != "profil":
        assert _row(at, "01100101")["Wert"] == "4,6"


def test_spliced_deck_json_equals_plain_deck(demo_env: Path) -> None:
    """The cached-geometry deck sends the same data as ``maps.choropleth_deck``."""
    import json

    from components.maps import deck as maps
    from features.areas import map as sozial_map

    feats = maps.area_features("lor2021", "Bezirk")
    styled = pd.DataFrame(
        {
            "area_id": [f[0] for f in feats[:3]],
            "fill": [(1, 2, 3), (4, 5, 6), (7, 8, 9)],
            "line": [(0, 0, 0)] * 3,
            "tooltip": ['<b>A</b> "x"', "B", "C"],
        }
    )
    view = maps.view_for("lor2021", "Bezirk")
    plain = json.loads(maps.choropleth_deck(feats, styled, view).to_json())
    spliced = json.loads(sozial_map.deck(("t", "Bezirk"), feats, styled, view).to_json())
    assert spliced == plain
    assert len(spliced["layers"][0]["data"]["features"]) == 12
    assert spliced["layers"][0]["data"]["features"][5]["properties"]["fill"] == [204, 204, 204]
    # borders are gaps between shrunk areas; only the three black-lined areas get a line layer
    assert [layer["stroked"] for layer in spliced["layers"]] == [False, True]
    assert len(spliced["layers"][1]["data"]["features"]) == 3


def test_map_tooltips_are_plain_text_for_the_text_tooltip() -> None:
    """Streamlit HTML-escapes values in an ``html`` tooltip: tags would show literally."""
    at = open_page("features/areas/page.py")
    chart = at.get("deck_gl_json_chart")[0].proto
    spec, tooltip = json.loads(chart.json), json.loads(chart.tooltip)
    assert tooltip["text"] == "{tip}" and "html" not in tooltip
    tips = [f["properties"]["tip"] for f in area_features(spec["layers"][0])]
    assert len(tips) == 542
    assert not [t for t in tips if "<" in t or "&amp;" in t]
    assert all("\n" in t for t in tips)


def test_map_click_selects_the_area_on_the_whole_page(demo_env: Path) -> None:
    """A click on the map (its selection event) selects the area; summary and URL follow."""
    at = _app({"ebene": "Bezirk"})
    at.session_state["soz.map"] = {
        "selection": {"objects": {"gebiete": [{"properties": {"area_id": "lor2021:09"}}]}}
    }
    at.run()
    assert at.selectbox(key="soz.gebiet").value == "lor2021:09"
    assert (at.metric[0].label, at.metric[0].value) == ("Treptow-Köpenick", "5,7 %")
    assert _param(at, "gebiet") == "lor2021:09"


@pytest.fixture(scope="module")
def flensburg_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Flensburg shape of tests/shapes (3 levels, Sozialatlas indicators, no MSS)."""
    from data_layer.build.package_reader import read_package
    from data_layer.build.pipeline import write_store
    from tests.shapes.make_packages import flensburg

    root = tmp_path_factory.mktemp("flensburg")
    out = root / "flensburg.duckdb"
    write_store(out, [read_package(flensburg(root / "paket"))])
    return out


def test_other_kommune_opens_on_its_home_and_builds_an_own_index(
    flensburg_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flensburg: the page opens on the store's home; the Sozialindex runs on the Sozialatlas
    indicators with the catalogue's direction, dynamics from the change since the Stichtag
    before; counts keep 0 decimals and draw no Kommune total as a line."""
    from tests.conftest import point_app_at

    point_app_at(flensburg_store, monkeypatch)
    at = _app({"indikator": "fl_arbeitslose"})
    assert (at.selectbox(key="soz.system").value, at.selectbox(key="soz.ebene").value) == (
        "flensburg",
        "Stadtteil",
    )
    assert "Gebiete von Flensburg" in _text(at)
    assert "Berlin" not in _text(at)
    values = _frame(at, "Schlüssel")["Wert"].tolist()
    assert values and all("," not in v for v in values)  # 0 decimals: "332", not "332,0"
    assert "Flensburg insgesamt:" in _text(at) and "keine Bezugslinie" in _text(at)

    at = _app({"bereich": "index"})
    assert at.multiselect(key="soz.idx_s").value == ["fl_beschaeftigungsquote"]
    assert at.selectbox(key="soz.dir.fl_beschaeftigungsquote").value == "higher_better"
    assert at.selectbox(key="soz.idx_basis").value == "2021-12-31"
    assert not at.warning and not at.metric  # no published classes: no agreement metrics
    table = _frame(at, "Statusindex (SD)").set_index("Gebiet")
    assert table["Statusklasse"].notna().sum() == 13
    assert table["Dynamikklasse"].notna().sum() == 13
    # the Beschäftigungsquote counts favourably: the area with the highest quote ranks first
    highest = _highest_quote(flensburg_store, at.selectbox(key="soz.idx_zeit").value)
    assert table["Statusindex (SD)"].idxmin() == highest
    assert "veröffentlichte Statusklasse" not in table.columns
    # the planner turns the direction round: the order of the index turns round too
    lowest = table["Statusindex (SD)"].idxmin()
    at.selectbox(key="soz.dir.fl_beschaeftigungsquote").set_value("higher_worse").run()
    turned = _frame(at, "Statusindex (SD)").set_index("Gebiet")
    assert turned["Statusindex (SD)"].idxmax() == lowest


def _highest_quote(store: Path, period: str) -> str:
    """The Stadtteil with the highest Beschäftigungsquote at ``period`` (read from the store)."""
    import duckdb

    from data_layer.read import social as qs

    db = duckdb.connect(str(store), read_only=True)
    try:
        values = qs.level_values(db, "fl_beschaeftigungsquote", period, "flensburg", "Stadtteil")
    finally:
        db.close()
    return str(values.set_index("name")["value"].astype(float).idxmax())
