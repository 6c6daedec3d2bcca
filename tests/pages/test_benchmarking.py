"""AppTest: "Kommunen vergleichen" – pick a Kommune, edit the peer group, read the figures shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from features.benchmarking.map import ROLE_OTHER
from tests.deck_data import layer_rows
from tests.pages.conftest import open_page

PAGE = "features/benchmarking/page.py"


def _markdown(at: AppTest) -> str:
    return " | ".join(m.value for m in at.markdown)


def _overview(at: AppTest) -> dict[str, dict[str, str]]:
    """The overview table (the first dataframe with a column 'Bewertung'), by indicator."""
    for df in at.dataframe:
        table = df.value
        if "Bewertung" in table.columns:
            return table.set_index("Indikator").to_dict("index")
    raise AssertionError("Übersichtstabelle fehlt")


def _param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return str(value[0] if isinstance(value, list) else value)


def _peer_count(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Vergleichsgruppe:"))


def test_default_view_berlin_kreis_similar_peers(demo_env: Path) -> None:
    at = open_page(PAGE)
    assert "**Ihre Kommune:** Berlin (11000, Berlin)" in _markdown(at)
    assert _peer_count(at) == "**Vergleichsgruppe: 10 Kommunen**"
    assert any("Gebietsstand 31.12.2024" in c.value for c in at.caption)
    rows = _overview(at)
    assert set(rows) == {
        "Arbeitslosenquote (%)",
        "Jugendarbeitslosigkeit (%)",
        "Langzeitarbeitslose (%)",
    }
    assert rows["Arbeitslosenquote (%)"]["Stand"] == "2021"
    assert rows["Arbeitslosenquote (%)"]["Wert"] == "9,8"  # INKAR q_alo Berlin 2021: 9.81
    # default: structurally similar among Kommunen of similar size (#15 point 6)
    assert at.query_params["gruppe"] in (["aehnlich,einwohner"], "aehnlich,einwohner")


def test_year_2020_shows_berlin_unemployment_9_7(demo_env: Path) -> None:
    at = open_page(PAGE)
    at.selectbox(key="bench.jahr").set_value(2020).run()
    row = _overview(at)["Arbeitslosenquote (%)"]
    assert (row["Stand"], row["Wert"]) == ("2020", "9,7")  # INKAR: 9.69 %
    assert row["Bewertung"] in {
        "besser als Vergleichsgruppe",
        "schlechter als Vergleichsgruppe",
        "im Mittelfeld",
    }


def test_search_muenchen_and_change_peer_group(demo_env: Path) -> None:
    at = open_page(PAGE)
    at.text_input(key="bench.suche").input("Muenchen").run()
    hits = at.selectbox(key="bench.treffer")
    assert hits.options[0].startswith("München (09162, Bayern)")
    at.selectbox(key="bench.treffer").set_value("09162").run()
    assert "**Ihre Kommune:** München (09162, Bayern)" in _markdown(at)
    assert at.text_input(key="bench.suche").value == ""
    at.slider(key="bench.k").set_value(5).run()
    assert _peer_count(at) == "**Vergleichsgruppe: 5 Kommunen**"
    at.multiselect(key="bench.gruppe").set_value(["land"]).run()
    assert _peer_count(at) == "**Vergleichsgruppe: 95 Kommunen**"  # 96 Kreise in Bayern
    at.multiselect(key="bench.gruppe").set_value(["land", "typ"]).run()
    assert _peer_count(at) == "**Vergleichsgruppe: 24 Kommunen**"  # 25 kreisfreie Städte
    removed = at.multiselect(key="bench.weg").options[0]
    at.multiselect(key="bench.weg").set_value([removed]).run()
    assert _peer_count(at) == "**Vergleichsgruppe: 23 Kommunen**"
    assert at.query_params["ags"] in (["09162"], "09162")


def test_add_a_single_peer(demo_env: Path) -> None:
    at = open_page(PAGE, {"gruppe": "land", "ags": "09162"})
    assert _peer_count(at) == "**Vergleichsgruppe: 95 Kommunen**"
    at.text_input(key="bench.dazu_suche").input("Wien").run()  # no such Kreis
    at.text_input(key="bench.dazu_suche").input("Berlin").run()
    at.selectbox(key="bench.dazu_treffer").set_value("11000").run()
    assert _peer_count(at) == "**Vergleichsgruppe: 96 Kommunen**"
    assert at.multiselect(key="bench.dazu").value == ["11000"]


def test_url_reproduces_view(demo_env: Path) -> None:
    at = open_page(
        PAGE,
        {
            "ebene": "Kreis",
            "ags": "09162",
            "gruppe": "land,typ",
            "weg": "09161",
            "bereich": "Demografie",
            "jahr": "2020",
            "indikator": "inkar_median_age",
        },
    )
    assert _peer_count(at) == "**Vergleichsgruppe: 23 Kommunen**"
    assert at.multiselect(key="bench.weg").value == ["09161"]
    assert "Medianalter (Jahre)" in _overview(at)
    assert not any("ungültige Angaben" in i.value for i in at.info)
    # the closed tabs compute nothing, but their part of the view stays in the link
    assert _param(at, "indikator") == "inkar_median_age"
    assert (_param(at, "teil"), _param(at, "jahr")) == ("lage", "2020")
    at.session_state["bench.teil"] = "Zeitreihe und Entwicklung"
    at.run()
    assert at.selectbox(key="bench.indikator").value == "inkar_median_age"
    assert _param(at, "teil") == "entwicklung" and _param(at, "jahr") == "2020"
    assert not any(df for df in at.dataframe if "Bewertung" in df.value.columns)


@pytest.mark.parametrize(
    "bad", ["'; DROP TABLE areas; --", "9" * 500, "<script>alert(1)</script>", "land,evil"]
)
def test_hostile_url_parameters_fall_back(demo_env: Path, bad: str) -> None:
    params = {
        k: bad
        for k in ("ebene", "ags", "gruppe", "k", "merkmale", "dazu", "weg", "bereich", "jahr")
    }
    at = open_page(PAGE, params | {"indikator": bad, "von": bad, "bis": bad})
    assert any("ungültige Angaben" in i.value for i in at.info)
    assert "**Ihre Kommune:** Berlin (11000, Berlin)" in _markdown(at)
    assert _peer_count(at) == "**Vergleichsgruppe: 10 Kommunen**"


def test_gemeinde_level_and_harmonised_series_of_jahnatal(demo_env: Path) -> None:
    """Jahnatal (14522275) was formed by mergers on 01.01.2023; earlier values are converted."""
    at = open_page(
        PAGE,
        {"ebene": "Gemeinde", "ags": "14522275", "indikator": "pop_total", "teil": "entwicklung"},
    )
    assert "**Ihre Kommune:** Jahnatal (14522275, Sachsen)" in _markdown(at)
    series = next(df.value for df in at.dataframe if "Eigener Wert" in df.value.columns)
    assert series["Zeitpunkt"].tolist() == ["31.12.2013", "31.12.2017", "31.12.2021", "31.12.2023"]
    assert series["Eigener Wert"].tolist() == ["≈ 5.055", "≈ 4.942", "≈ 4.813", "4.787"]
    change = {m.label: m.value for m in at.metric}
    assert change["Veränderung Jahnatal"] == "−5,3\u00a0%"  # 4787 / 5055 − 1


def test_switching_level_keeps_the_kommune(demo_env: Path) -> None:
    at = open_page(PAGE)
    at.radio(key="bench.ebene").set_value("Gemeinde").run()
    assert "**Ihre Kommune:** Berlin (11000000, Berlin)" in _markdown(at)
    rows = _overview(at)
    assert rows["Einwohner/innen (Personen)"]["Wert"] == "3.782.202"
    assert _peer_count(at) == "**Vergleichsgruppe: 10 Kommunen**"


def _deck(at: AppTest) -> tuple[dict, int, str]:
    """Parsed deck, its size in bytes as sent, and its alt text."""
    import json

    chart = at.get("deck_gl_json_chart")[0].proto
    return json.loads(chart.json), len(chart.json.encode()), chart.alt


def _rows(deck: dict) -> dict[str, list]:
    return {layer["id"]: layer["data"] for layer in deck["layers"]}


def test_deutschland_map_draws_every_gemeinde_under_2_mb(demo_env: Path) -> None:
    import duckdb
    import shapely

    from data_layer.read.peers import overview_geometries

    at = open_page(
        PAGE, {"ebene": "Gemeinde", "ags": "09162000", "karte": "Deutschland", "teil": "karte"}
    )
    assert at.radio(key="bench.karte").value == "Deutschland"
    deck, size, alt = _deck(at)
    assert size < 2_000_000
    rows = _rows(deck)
    assert list(rows) == ["bench_rest", "bench_peers", "bench_laender", "bench_own", "bench_points"]
    with duckdb.connect(str(demo_env), read_only=True) as conn:
        wkb = overview_geometries(conn, "de2024", "Gemeinde")["wkb"]
    parts = int(shapely.get_num_geometries(shapely.from_wkb([bytes(b) for b in wkb])).sum())
    polygons = rows["bench_rest"] + rows["bench_peers"] + rows["bench_own"]
    assert len(polygons) == parts  # every polygon of every one of the 10 956 Gemeinden
    assert len(wkb) == 10_956
    assert {r["t"] for r in rows["bench_own"]} == {"München\neigene Kommune"}
    peers = {r["t"].removesuffix("\nVergleichsgruppe") for r in rows["bench_peers"]}
    assert len(peers) == 10 and "Berlin" in peers
    assert len(rows["bench_points"]) == 11  # own Kommune and 10 peers
    assert len(rows["bench_laender"]) >= 16  # Land rings (islands and exclaves included)
    assert alt.startswith(
        "Karte Deutschland, alle Gemeinden (vereinfachte Grenzen): München und 10"
    )
    assert at.query_params["karte"] in (["Deutschland"], "Deutschland")


def test_switch_map_extent_between_land_and_deutschland(demo_env: Path) -> None:
    at = open_page(PAGE, {"ebene": "Gemeinde", "ags": "14522275", "teil": "karte"})
    assert at.radio(key="bench.karte").value == "Land"
    deck, size, alt = _deck(at)
    assert alt.startswith("Karte Sachsen, Gemeinden: Jahnatal")
    layers = {la["id"]: layer_rows(la["data"]) for la in deck["layers"]}
    assert len(layers["gebiete"]["features"]) == 418  # every Gemeinde in Sachsen, grey below
    assert {f["properties"]["tip"] for f in layers["gebiete"]["features"]} >= {
        "Jahnatal · nicht in der Vergleichsgruppe"
    }
    tips = [f["properties"]["tip"] for f in layers["gebiete_auswahl"]["features"]]
    assert tips.count("Jahnatal · eigene Kommune") == 1  # only own and peers on top
    assert sum(t.endswith(" · Vergleichsgruppe") for t in tips) == len(tips) - 1 >= 1
    at.radio(key="bench.karte").set_value("Deutschland").run()
    deck, size, alt = _deck(at)
    assert alt.startswith("Karte Deutschland, alle Gemeinden")
    assert _rows(deck)["bench_own"][0]["t"] == "Jahnatal\neigene Kommune"
    assert at.query_params["karte"] in (["Deutschland"], "Deutschland")
    at.radio(key="bench.ebene").set_value("Kreis").run()  # Kreise: always all of Germany
    assert "karte" not in at.query_params
    deck, size, alt = _deck(at)
    assert alt.startswith("Karte Deutschland, Kreise")


def test_hostile_map_extent_falls_back_to_land(demo_env: Path) -> None:
    at = open_page(
        PAGE, {"ebene": "Gemeinde", "ags": "09162000", "karte": "<b>x</b>", "teil": "karte"}
    )
    assert any("ungültige Angaben" in i.value for i in at.info)
    assert at.radio(key="bench.karte").value == "Land"
    assert _deck(at)[2].startswith("Karte Bayern, Gemeinden")
    # German digit grouping in the note on Gemeinden without complete features
    captions = " ".join(c.value for c in at.caption)
    assert "1.461 Gebiete ohne vollständige Merkmale wurden nicht verglichen." in captions


def test_change_chart_has_a_table_of_the_same_changes(demo_env: Path) -> None:
    at = open_page(
        PAGE,
        {"ebene": "Gemeinde", "ags": "14522275", "indikator": "pop_total", "teil": "entwicklung"},
    )
    table = next(df.value for df in at.dataframe if "Veränderung (%)" in df.value.columns)
    own = table[table["Rolle"] == "eigene Kommune"]
    assert own[["Kommune", "Veränderung (%)"]].values.tolist() == [["Jahnatal", "−5,3"]]
    assert set(table["Rolle"]) == {"eigene Kommune", "Vergleichsgruppe"}
    assert len(table) == 11  # Jahnatal and its 10 peers, all with values 2013 and 2023
    values = [
        float(v.replace("−", "-").replace("±", "").replace(",", ".")) for v in table.iloc[:, 2]
    ]
    assert values == sorted(values, reverse=True)


def test_land_map_can_be_exported_with_own_and_peers(
    demo_env: Path, export_spy: dict[str, Any]
) -> None:
    """The Gemeinde map of Bayern as PNG/SVG/CSV/XLSX: München in its own class, peers in theirs."""
    offered = export_spy
    at = open_page(PAGE, {"ebene": "Gemeinde", "ags": "09162000", "karte": "Land", "teil": "karte"})
    keys = {d.key for d in at.get("download_button")}
    assert {"bench.map.bild.dl_png", "bench.map.bild.dl_svg", "bench.map.bild.dl_csv"} <= keys
    fig, table = offered["bench.map.bild"]
    names = [t.name for t in fig.full().data]
    assert names[:3] == ["eigene Kommune", "Vergleichsgruppe", "nicht in der Vergleichsgruppe"]
    assert names[3] == "hervorgehoben: München"  # as in the page's titles, not the stored name
    roles = table.set_index("Schlüssel")["Kommunen"]
    assert roles["09162000"] == "eigene Kommune"
    assert (roles == "eigene Kommune").sum() == 1
    assert len(roles) > 2000 and roles.index.str.startswith("09").all()  # Bayern only


def test_national_map_can_be_exported_with_all_gemeinden(
    demo_env: Path, export_spy: dict[str, Any]
) -> None:
    """The Deutschland map as PNG/SVG/CSV/XLSX: all Gemeinden, München own, 10 peers."""
    offered = export_spy
    at = open_page(
        PAGE, {"ebene": "Gemeinde", "ags": "09162000", "karte": "Deutschland", "teil": "karte"}
    )
    keys = {d.key for d in at.get("download_button")}
    assert {"bench.map_de.bild.dl_png", "bench.map_de.bild.dl_svg"} <= keys
    _, table = offered["bench.map_de.bild"]
    roles = table.set_index("Schlüssel")["Kommunen"]
    assert len(roles) == 10_956
    assert roles["09162000"] == "eigene Kommune"
    assert (roles == "Vergleichsgruppe").sum() == 10
    assert (roles == ROLE_OTHER).sum() == 10_956 - 11  # every other Gemeinde, none without class


def _with_home(monkeypatch: pytest.MonkeyPatch, **changes: object) -> None:
    """The demo store as if its paket.yaml named another Kommune (or none)."""
    from dataclasses import replace

    from components import cache as data
    from data_layer.read import home as read_home

    def fake_home() -> object:
        return replace(read_home.home(data.connection()), **changes)

    monkeypatch.setattr(data, "home", fake_home)


def test_store_without_germany_base_shows_a_specific_note(app_env: Path) -> None:
    """The fixture store holds only a Kommune's own package: no Kreise and Gemeinden."""
    at = open_page(PAGE)
    assert [t.value for t in at.title] == ["Kommunen vergleichen"]
    notes = " ".join(w.value for w in at.warning)
    assert "keine deutschlandweiten Kommunen" in notes
    assert "python -m data_layer.build --package" in notes
    assert not at.error


def test_opens_on_the_store_kommune_a_kreisangehoerige_gemeinde(
    demo_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """paket.yaml kommune 06631009 (Stadt Fulda in LK Fulda): Gemeinde level, then its Kreis
    and the comparison of the Kreis's 23 Gemeinden with each other."""
    _with_home(monkeypatch, kommune_ags="06631009", kommune_area_id="de2024:06631009")
    at = open_page(PAGE)
    assert at.radio(key="bench.ebene").value == "Gemeinde"
    assert "**Ihre Kommune:** Fulda (06631009, Hessen)" in _markdown(at)
    assert not at.info  # the store's own Kommune was found: no note
    at.button(key="bench.zum_kreis").click().run()
    assert at.radio(key="bench.ebene").value == "Kreis"
    assert "**Ihre Kommune:** Fulda (06631, Hessen)" in _markdown(at)
    members = next(df.value for df in at.dataframe if "Gemeinde" in df.value.columns)
    assert len(members) == 23 and members["Gemeinde"].iloc[0] == "Fulda"  # most residents
    at.button(key="bench.kreis_gemeinden").click().run()
    assert not at.exception
    assert at.radio(key="bench.ebene").value == "Gemeinde"
    assert at.multiselect(key="bench.gruppe").value == ["kreis"]
    assert "**Ihre Kommune:** Fulda (06631009, Hessen)" in _markdown(at)
    assert _peer_count(at) == "**Vergleichsgruppe: 22 Kommunen**"
    assert at.query_params["gruppe"] in (["kreis"], "kreis")
    at.radio(key="bench.ebene").set_value("Kreis").run()  # "gleicher Kreis": Gemeinden only
    assert at.multiselect(key="bench.gruppe").value == []
    assert not at.exception


def test_without_a_named_kommune_opens_on_the_largest_with_a_note(
    demo_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_home(monkeypatch, kommune_ags=None, kommune_area_id=None)
    at = open_page(PAGE)
    assert at.radio(key="bench.ebene").value == "Kreis"
    assert "**Ihre Kommune:** Berlin (11000, Berlin)" in _markdown(at)  # most residents
    notes = " ".join(i.value for i in at.info)
    assert "Ihre Kommune: im Datenpaket (paket.yaml, Feld kommune) angeben" in notes
    assert _peer_count(at) == "**Vergleichsgruppe: 10 Kommunen**"


def test_ambiguous_names_name_their_kreis_in_the_picker(demo_env: Path) -> None:
    at = open_page(PAGE, {"ebene": "Gemeinde", "ags": "09162000"})
    at.text_input(key="bench.suche").input("Neuenkirchen").run()
    options = at.selectbox(key="bench.treffer").options  # search also folds "Neunkirchen"
    hits = [h for h in options if h.startswith("Neuenkirchen (")]
    assert len(hits) == 11
    assert all(" – " in h and "kreis" in h.split(" – ")[1].lower() for h in hits), hits
    assert len({h.split(" – ")[1] for h in hits}) >= 10  # the Kreis tells them apart


@pytest.fixture(scope="module")
def fulda_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Kommune's store: the Landkreis Fulda package (tests/shapes, paket.yaml kommune 06631)
    with the Germany-wide base, built the way a Kommune builds it (``--package`` only)."""
    import yaml

    from data_layer.build.pipeline import main
    from tests.shapes.make_packages import landkreis

    root = tmp_path_factory.mktemp("fulda")
    package = landkreis(root / "pakete")
    manifest = yaml.safe_load((package / "paket.yaml").read_text(encoding="utf-8"))
    manifest |= {"kommune": "06631", "place": "Landkreis Fulda"}
    (package / "paket.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    out = root / "fulda.duckdb"
    assert main(["--package", str(package), "--out", str(out)]) == 0
    return out


@pytest.mark.slow
def test_a_landkreis_store_opens_on_its_kreis_and_compares_its_gemeinden(
    fulda_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The package's own system also has levels Kreis and Gemeinde (one Kreis): the page
    compares in the Germany-wide system and opens on the Kreis named in paket.yaml."""
    from tests.conftest import point_app_at

    point_app_at(fulda_store, monkeypatch)
    at = open_page(PAGE)
    assert at.radio(key="bench.ebene").value == "Kreis"
    assert "**Ihre Kommune:** Fulda (06631, Hessen)" in _markdown(at)
    assert not at.info and not at.warning and not at.error
    assert _peer_count(at) == "**Vergleichsgruppe: 10 Kommunen**"
    assert _overview(at)  # indicators of the Germany base
    at.button(key="bench.kreis_gemeinden").click().run()
    assert not at.exception
    assert at.radio(key="bench.ebene").value == "Gemeinde"
    assert "**Ihre Kommune:** Fulda (06631009, Hessen)" in _markdown(at)
    assert _peer_count(at) == "**Vergleichsgruppe: 22 Kommunen**"  # the other Gemeinden
    assert at.query_params["ags"] in (["06631009"], "06631009")


def _drawn(at: AppTest) -> tuple[int, int, bool]:
    """(plotly charts, maps, overview table shown)."""
    overview = any("Bewertung" in df.value.columns for df in at.dataframe)
    return len(at.get("plotly_chart")), len(at.get("deck_gl_json_chart")), overview


def _open_tab(at: AppTest, label: str) -> None:
    at.session_state["bench.teil"] = label  # what a click on the tab sends
    at.run()


def test_only_the_open_tab_is_drawn_and_the_link_keeps_the_others(demo_env: Path) -> None:
    params = {"ebene": "Gemeinde", "ags": "14522275", "indikator": "pop_total"}
    at = open_page(PAGE, params | {"teil": "entwicklung"})
    assert _drawn(at) == (2, 0, False)  # series and change, no overview, no map
    at.selectbox(key="bench.von").select_index(1).run()
    von = str(at.selectbox(key="bench.von").value)
    assert _param(at, "von") == von == "2017-12-31"
    _open_tab(at, "Karte")
    assert _drawn(at) == (0, 1, False)
    at.radio(key="bench.karte").set_value("Deutschland").run()
    assert (_param(at, "teil"), _param(at, "von"), _param(at, "indikator")) == (
        "karte",
        von,
        "pop_total",
    )
    _open_tab(at, "Lage im Vergleich")
    assert _drawn(at) == (1, 0, True)
    at.slider(key="bench.k").set_value(5).run()  # a new peer group redraws only this tab
    assert _peer_count(at) == "**Vergleichsgruppe: 5 Kommunen**"
    assert _drawn(at) == (1, 0, True)
    kept = {n: _param(at, n) for n in ("teil", "karte", "von", "indikator", "k")}
    assert kept == {"teil": "lage", "karte": "Deutschland", "von": von,
                    "indikator": "pop_total", "k": "5"}  # fmt: skip
    _open_tab(at, "Zeitreihe und Entwicklung")  # back: the choices come from the link
    assert at.selectbox(key="bench.von").value == von
    assert at.selectbox(key="bench.indikator").value == "pop_total"
    peers = next(df.value for df in at.dataframe if "Veränderung (%)" in df.value.columns)
    assert len(peers) == 6  # Jahnatal and its 5 peers
    assert not any("ungültige Angaben" in i.value for i in at.info)


def test_a_hostile_tab_falls_back_to_the_position(demo_env: Path) -> None:
    at = open_page(PAGE, {"teil": "<img src=x onerror=alert(1)>", "von": "'; --"})
    assert any("ungültige Angaben" in i.value for i in at.info)
    assert _drawn(at)[2] and _param(at, "teil") == "lage"
