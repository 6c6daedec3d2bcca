"""AppTest: "Bedarf und Angebot" on the demo store – quota slider, what-if, hostile links.

Hand-worked figures (Berlin, 31.12.2024, Kitas Stand 01.01.2026):
children under 3 = 30 358 + 33 268 + 34 380 = 98 006; demand at 45,84 % = 44 925,95
→ "44.926"; at 50 % = 49 003. Kita places are split U3/Ü3 by total demand:
share U3 = 44 925,95 / (44 925,95 + 0,9151 × 110 932) = 0,30679 (Ü3 = 3–6 years
= 74 239 + 36 693 = 110 932), so 100 new places add 30,68 U3 places.
PLR 01100101: demand 86 × 0,4584 = 39,42, supply 11,96 → gap −27,5; with 100 new
places +3,2 (shown "+3"); change "+31".
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from components.formatting import fmt_int
from components.maps import deck as maps
from features.demand_supply import cache as data_bedarf
from features.demand_supply import view
from features.projection.cache import projected_age_bands
from tests.deck_data import layer_rows
from tests.oracles import demand_from_projection

TIMEOUT = 90
APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "features/demand_supply/page.py"


def _app(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(PAGE)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _area_table(at: AppTest):  # type: ignore[no-untyped-def]
    for df in at.dataframe:
        if "Fehlbedarf im Gebiet" in df.value.columns:
            return df.value
    raise AssertionError("Tabelle je Gebiet fehlt")


def _param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def test_default_view_and_quota_slider(demo_env: Path) -> None:
    at = _app()
    m = _metrics(at)
    assert m["Bedarf (Plätze)"] == "44.926"
    assert m["Versorgungsquote"] == "136,5\u00a0%"
    assert _param(at, "leistung") == "kita_u3" and _param(at, "ebene") == "Planungsraum"
    assert len(_area_table(at)) == 542
    at.select_slider(key="ba.quote.kita_u3").set_value(50.0).run()
    assert _metrics(at)["Bedarf (Plätze)"] == "49.003"  # 98 006 × 0,5
    assert _param(at, "quote") == "50"
    at.selectbox(key="ba.ebene").set_value("Bezirk").run()
    table = _area_table(at)
    assert len(table) == 12
    assert _metrics(at)["Bedarf (Plätze)"] == "49.003"  # summed from the PLR


def test_add_planned_kita_changes_the_area(demo_env: Path) -> None:
    mtime = os.stat(demo_env).st_mtime
    at = _app()
    with duckdb.connect(str(demo_env), read_only=True) as c:
        name = c.execute("SELECT name FROM areas WHERE area_id = 'lor2021:01100101'").fetchone()[0]
    row = _area_table(at).set_index("Gebiet")
    assert row.loc[name, "Bedarf (Plätze)"] == "39"
    assert row.loc[name, "Fehlbedarf im Gebiet"] == "27"  # 39,42 − 11,96 = 27,5 → "27"
    assert row.loc[name, "Überschuss im Gebiet"] == "0"
    at.selectbox(key="ba.ort").set_value("lor2021:01100101").run()
    at.number_input(key="ba.plaetze").set_value(100).run()
    at.button(key="ba.hinzu").click().run()
    assert not at.exception
    row = _area_table(at).set_index("Gebiet")
    assert row.loc[name, "Änderung Angebot durch Szenario"] == "+31"  # 100 × 0,30679
    assert row.loc[name, "Überschuss im Gebiet"] == "3"  # 11,96 + 30,68 − 39,42 = 3,2
    assert row.loc[name, "Fehlbedarf im Gebiet"] == "0"
    assert _metrics(at)["Angebot (Plätze)"] == "61.343"  # 61 311,8 + 30,7
    plan = _param(at, "plan")
    assert plan.endswith(",100,o") and plan.count(";") == 0
    assert any("1 geplante" in i.value for i in at.info)
    at.button(key="ba.reset").click().run()
    assert "plan" not in at.query_params
    assert _metrics(at)["Angebot (Plätze)"] == "61.312"
    assert os.stat(demo_env).st_mtime == mtime  # nothing written


def test_plan_and_closure_from_the_url(demo_env: Path) -> None:
    at = _app({"plan": "13.38439,52.52252,100,o", "zu": "kita2026:01010010"})
    assert any("1 geplante, 1 geschlossene" in i.value for i in at.info)
    # closing Kita F.A.I.R.play (69 places) and adding 100 at its location: +31 × share
    supply = _metrics(at)["Angebot (Plätze)"]
    assert supply == "61.321"  # 61 311,85 + (100 − 69) × 0,30679 = 61 321,4


@pytest.mark.parametrize(
    ("params", "expected_note"),
    [
        ({"plan": "abc;13.4,52.5,99999;1e9,2,3"}, "Eintrag 1"),
        ({"plan": "0.0,0.0,100,o"}, "außerhalb"),
        ({"plan": "13.4,52.5,10;" * 30}, "höchstens 20"),
        ({"zu": "'; DROP TABLE facilities; --"}, "Kennung 1 ist ungültig"),
        ({"zu": "kita2026:nicht-da"}, "unbekannte Einrichtung"),
        ({"quote": "9999", "radius": "-5", "umweg": "NaN"}, "„quote“ ist keine Zahl"),
    ],
)
def test_hostile_links_never_raise(
    demo_env: Path, params: dict[str, str], expected_note: str
) -> None:
    at = _app(params)
    notes = " ".join(i.value for i in at.info)
    assert expected_note in notes
    assert not at.error
    assert _metrics(at)["Bedarf (Plätze)"] == "44.926"  # defaults still apply


def test_unknown_choices_fall_back(demo_env: Path) -> None:
    at = _app({"leistung": "<script>", "ebene": "x" * 500, "modus": "kaputt"})
    assert not at.error
    assert _param(at, "leistung") == "kita_u3"
    assert any("ungültige Angaben" in i.value for i in at.info)


def test_count_mode_is_labelled(demo_env: Path) -> None:
    at = _app()
    at.radio(key="ba.modus").set_value("anzahl").run()
    m = _metrics(at)
    assert m["Anzahl Einrichtungen"] == "2.893"
    assert "Bedarf (Plätze)" not in m
    at.selectbox(key="ba.leistung").set_value("pflege_stationaer").run()
    assert _metrics(at)["Anzahl Einrichtungen"] == "274"


def _decks(at: AppTest) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]


def _fills(deck: dict) -> dict[str, tuple[tuple[int, ...], str]]:  # type: ignore[type-arg]
    feats = deck["layers"][0]["data"]["features"]
    return {f["properties"]["area_id"]: (tuple(f["properties"]["fill"]), f["properties"]["tip"])
            for f in feats}  # fmt: skip


def test_projection_basis_agrees_with_the_projection_page(demo_env: Path) -> None:
    at = _app()
    at.selectbox(key="ba.grundlage").set_value("prognose").run()
    at.selectbox(key="ba.jahr").set_value(2032).run()
    at.selectbox(key="ba.variante").set_value("hoch").run()
    assert not at.exception
    shown = _metrics(at)["Bedarf (Plätze)"]
    assert shown != "44.926"  # the register demand
    assert (_param(at, "grundlage"), _param(at, "jahr"), _param(at, "variante")) == (
        "prognose", "2032", "hoch",
    )  # fmt: skip
    assert "stichtag" not in at.query_params
    assert any("Bevölkerungsprognose 2032 (31.12.), Variante hoch" in i.value for i in at.info)
    # the projection page's own function, asked for the under-3 band only
    proj = projected_age_bands(level="Planungsraum", end_year=2032, variant="high", bands=((0, 3),))
    u3 = proj[proj["year"] == 2032]
    assert len(u3) == 542
    assert shown == fmt_int(0.4584 * u3["count"].sum())
    services, _ = data_bedarf.service_types()
    hook = demand_from_projection(u3, services[0], 0.4584)
    assert shown == fmt_int(hook.sum())
    at.select_slider(key="ba.quote.kita_u3").set_value(50.0).run()
    assert _metrics(at)["Bedarf (Plätze)"] == fmt_int(0.5 * u3["count"].sum())
    at.selectbox(key="ba.grundlage").set_value("register").run()
    assert _metrics(at)["Bedarf (Plätze)"] == "49.003"
    assert "grundlage" not in at.query_params and "jahr" not in at.query_params


def test_projection_from_the_url_and_bad_years(demo_env: Path) -> None:
    at = _app({"grundlage": "prognose", "jahr": "2040", "variante": "niedrig",
               "leistung": "pflege_stationaer"})  # fmt: skip
    proj = projected_age_bands(level="Planungsraum", end_year=2040, variant="low",
                               bands=((80, None),))  # fmt: skip
    old = proj.loc[proj["year"] == 2040, "count"].sum()
    assert _metrics(at)["Bedarf (Plätze)"] == fmt_int(0.1221 * old)
    at = _app({"grundlage": "prognose", "jahr": "1999'; --", "variante": "<b>"})
    assert any("ungültige Angaben" in i.value for i in at.info)
    assert (_param(at, "jahr"), _param(at, "variante")) == ("2030", "mittel")


def test_maps_single_by_default_and_side_by_side(demo_env: Path) -> None:
    at = _app()
    decks = _decks(at)
    assert len(decks) == 1  # one large map opens the page (projector, one map per rerun)
    assert _param(at, "karten") == "eine"
    single = _fills(decks[0])
    at.radio(key="ba.karten").set_value("zwei").run()
    decks = _decks(at)
    assert len(decks) == 2  # im Gebiet | mit Einzugsbereich
    inside, around = _fills(decks[0]), _fills(decks[1])
    assert inside == single  # the single map shows the view of the ranking: "im Gebiet"
    assert len(inside) == len(around) == 542
    assert len(layer_rows(decks[0]["layers"][1]["data"])) == 2893  # Kita points on both maps
    missing, served = set(view.GAP_RGB[:3]), set(view.GAP_RGB[3:])
    helped = [a for a, (fill, tip) in inside.items()
              if fill in missing and around[a][0] in served
              and "Angebot im Gebiet: 0 Plätze" in tip]  # fmt: skip
    assert helped, "kein Gebiet ohne Kita, das von nebenan versorgt ist"
    assert _param(at, "karten") == "zwei"
    assert _decks(_app({"karten": "zwei"})) == decks  # the link keeps the two maps
    at.radio(key="ba.karten").set_value("eine").run()
    decks = _decks(at)
    assert len(decks) == 1 and _fills(decks[0]) == inside
    assert _param(at, "karten") == "eine"
    at.radio(key="ba.ansicht").set_value("einzug").run()
    assert _fills(_decks(at)[0]) == around
    at = _app({"karten": "eine", "ansicht": "einzug"})
    assert len(_decks(at)) == 1 and _fills(_decks(at)[0]) == around


PCT = "\u00a0%"


def test_sliders_show_german_numbers_and_keep_the_link(demo_env: Path) -> None:
    at = _app()
    quota = at.select_slider(key="ba.quote.kita_u3")
    assert quota.value == 45.84  # the stored quota, although it is off the 1-%-grid
    assert (quota.options[0], quota.options[-1]) == (f"20,00{PCT}", f"100,00{PCT}")
    assert f"45,84{PCT}" in quota.options and len(quota.options) == 81 + 1
    radius = at.select_slider(key="ba.radius.kita_u3")
    assert (radius.value, radius.options[0], radius.options[-1]) == (800.0, "200 m", "2.400 m")
    assert "1.000 m" in radius.options
    detour = at.select_slider(key="ba.umweg")
    assert detour.value == 1.3 and detour.options[:3] == ["1,00", "1,05", "1,10"]
    assert "1,30" in detour.options and detour.options[-1] == "2,00"
    # the shared link reproduces the view; an off-grid value snaps to the nearest step
    at = _app({"quote": "47.3", "radius": "1000", "umweg": "1.45"})
    assert at.select_slider(key="ba.quote.kita_u3").value == 47.0
    assert at.select_slider(key="ba.radius.kita_u3").value == 1000.0
    assert at.select_slider(key="ba.umweg").value == 1.45
    assert (_param(at, "quote"), _param(at, "radius"), _param(at, "umweg")) == (
        "47",
        "1000",
        "1.45",
    )
    assert _metrics(at)["Bedarf (Plätze)"] == fmt_int(98_006 * 0.47)
    at.select_slider(key="ba.umweg").set_value(1.2).run()
    assert _param(at, "umweg") == "1.2"
    assert any("1.000 m Weg (Luftlinie × Umwegfaktor 1,20)" in e.value for e in at.markdown)


def test_each_map_has_an_export_menu_matching_the_map(
    demo_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from components import charts

    offered: dict[str, tuple[object, object]] = {}
    plain = charts.export_menu

    def spy(fig, *, key, table=None):  # type: ignore[no-untyped-def]
        offered[key] = (fig, table)
        plain(fig, key=key, table=table)

    monkeypatch.setattr(charts, "export_menu", spy)
    at = _app({"karten": "zwei"})
    assert {"ba.karte.gebiet.bild", "ba.karte.einzug.bild"} <= set(offered)
    for deck, view_key in zip(_decks(at), ("gebiet", "einzug"), strict=True):
        fig, _ = offered[f"ba.karte.{view_key}.bild"]
        full = fig.full()  # type: ignore[attr-defined]
        title = (
            "Fehlbedarf / Überschuss im Gebiet"
            if view_key == "gebiet"
            else "Fehlbedarf / Überschuss mit Einzugsbereich"
        )
        assert full.layout.legend.title.text == f"{title} (Plätze)"
        names = [t.name for t in full.data]
        assert names[3].startswith("ausgeglichen") and names[0].startswith("Fehlbedarf")
        # every area in the trace of the class whose colour the interactive map shows
        by_class = {view.GAP_RGB.index(fill): set() for fill, _ in _fills(deck).values()}
        for area, (fill, _) in _fills(deck).items():
            by_class[view.GAP_RGB.index(fill)].add(area)
        for i, areas in by_class.items():
            assert set(full.data[i].meta["area_ids"]) == areas
        area_traces = [t for t in full.data if t.mode == "lines"]
        assert sum(len(t.meta["area_ids"]) for t in area_traces) == 542
        # the facility points of the interactive map, one trace per operator type
        layer = next(la for la in deck["layers"] if la["id"].startswith("einrichtungen"))
        on_screen = Counter(tuple(p["c"]) for p in layer_rows(layer["data"]))
        points = [t for t in full.data if t.mode == "markers"]
        assert points, "Bild ohne Einrichtungen"
        for trace in points:
            kind = trace.name.split(": ", 1)[1].rsplit(" (", 1)[0]
            rgb = maps.OPERATOR_RGB[kind]
            assert len(trace.x) == on_screen[rgb]
            assert trace.name == f"Einrichtung: {kind} ({on_screen[rgb]})"
            assert trace.marker.color == "#{:02x}{:02x}{:02x}".format(*rgb)
        assert sum(len(t.x) for t in points) == sum(on_screen.values())
        assert fig.layout.title.text.startswith("Kita unter 3 Jahren: ")  # type: ignore[attr-defined]
    at.radio(key="ba.karten").set_value("eine").run()
    keys = [d.proto.id.rsplit("-", 1)[-1] for d in at.get("download_button")]
    assert [k for k in keys if ".bild." in k] == [
        f"ba.karte.gebiet.bild.dl_{ext}" for ext in ("png", "svg", "csv", "xlsx")
    ]
    # counting facilities: quantile classes of the number of facilities
    at.radio(key="ba.modus").set_value("anzahl").run()
    full = offered["ba.karte.gebiet.bild"][0].full()  # type: ignore[attr-defined]
    assert full.layout.legend.title.text == "Anzahl Einrichtungen"
    [deck] = _decks(at)
    names = [t.name for t in full.data]
    for area, (fill, _) in _fills(deck).items():
        if fill in view.COUNT_RGB:
            cls = view.COUNT_RGB.index(fill)
        else:
            cls = names.index("keine Angabe / zu geringe Fallzahl")
        assert area in full.data[cls].meta["area_ids"]
    assert full.data[0].name.startswith("0,0 bis ")
