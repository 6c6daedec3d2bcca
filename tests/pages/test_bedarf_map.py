"""The spliced map JSON of "Bedarf und Angebot" equals the plain ``maps.choropleth_deck`` JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from streamlit.elements.deck_gl_json_chart import _prepare_pydeck_for_json

from components.maps import deck as maps
from features.demand_supply import map as bedarf_map
from features.demand_supply.cache import facilities
from features.demand_supply.view import facility_tips


def _json(deck) -> dict:  # type: ignore[no-untyped-def, type-arg]
    _prepare_pydeck_for_json(deck)
    return json.loads(deck.to_json())


def test_same_deck_as_maps_choropleth(demo_env: Path) -> None:
    feats = maps.area_features("lor2021", "Bezirk")
    styled = pd.DataFrame(
        {
            "area_id": [f[0] for f in feats[:10]],  # two Bezirke without a value: grey
            "fill": [(179, 88, 6)] * 10,
            "tooltip": ['<b>„Mitte“ & "Co"</b>'] * 10,
        }
    )
    fac = facilities("Kita", "2026-01-01")
    # a scenario: three closed, one planned (built anew, not from the cache)
    fac = pd.concat(
        [fac.iloc[3:], fac.iloc[:1].assign(facility_id="plan:1", name="Geplante Einrichtung 1")],
        ignore_index=True,
    )
    fast = _json(bedarf_map.deck("lor2021", "Bezirk", styled, fac, ("Kita", "2026-01-01")))
    points = bedarf_map.points_layer(fac)
    points.data = maps.facility_layer(facility_tips(fac)).data
    plain = _json(
        maps.choropleth_deck(
            feats, styled, maps.view_for("lor2021", "Bezirk"), extra_layers=[points]
        )
    )
    assert fast == plain
    areas = fast["layers"][0]["data"]["features"]
    assert [a["properties"]["fill"] for a in areas].count(list(maps.NO_DATA_RGB)) == 2
    assert len(fast["layers"][1]["data"]) == len(fac) == 2891
    assert fast["layers"][1]["radiusScale"] == 3
    assert len(fast["layers"]) == 2 and fast["layers"][0]["stroked"] is False  # no line layer


def test_facility_points_are_compact_and_exact() -> None:
    """Short keys, positions to 0,00001°, radius √capacity × 6 m (at least 25 m) to 0,1 m."""
    fac = pd.DataFrame(
        {
            "facility_id": ["a", "b", "c"],
            "name": ["Kita A", "Kita B", "Kita C"],
            "lon": [13.299044, 13.384386, 13.5],
            "lat": [52.419316, 52.522524, 52.4],
            "capacity": [100.0, 69.0, None],  # 60 m; √69 × 6 = 49,84 m; none → 25 m
            "operator_type": ["öffentlich", "frei-gemeinnützig", "gibt es nicht"],
        }
    )
    layer = maps.facility_layer(fac)
    text = json.dumps(layer.data, separators=(",", ":"), ensure_ascii=False)
    rgb = maps.OPERATOR_RGB
    assert json.loads(text) == [
        {"p": [13.29904, 52.41932], "r": 60, "c": list(rgb["öffentlich"]), "tip": "Kita A"},
        {
            "p": [13.38439, 52.52252],
            "r": 49.8,
            "c": list(rgb["frei-gemeinnützig"]),
            "tip": "Kita B",
        },
        {"p": [13.5, 52.4], "r": 25, "c": list(rgb["unbekannt"]), "tip": "Kita C"},
    ]
    assert '"r":60,' in text and '"r":25,' in text  # whole metres without ".0"
    assert (layer.get_position, layer.get_radius, layer.get_fill_color) == ("@@=p", "@@=r", "@@=c")


def test_areas_outside_the_focus_are_pale_and_say_so() -> None:
    """With a focus the neighbours stay on the map for orientation, pale, tooltip first line
    'außerhalb des Fokus'; the areas inside keep their class colour."""
    from types import SimpleNamespace

    import pandas as pd

    from features.demand_supply.sections import _faded_outside

    class StubFocus:
        name = "Neu & kölln"

        def ids_at(self, level: str) -> frozenset[str]:
            assert level == "Planungsraum"
            return frozenset({"a"})

    styled = pd.DataFrame(
        {"area_id": ["a", "b"], "fill": [(179, 88, 6)] * 2, "tooltip": ["<b>A</b>", "<b>B</b>"]}
    )
    m = SimpleNamespace(focus=StubFocus(), level="Planungsraum")
    out = _faded_outside(styled, m)  # type: ignore[arg-type]
    assert out["fill"].tolist() == [(179, 88, 6), (232, 205, 180)]  # 30 % colour, 70 % white
    assert out["tooltip"].tolist() == [
        "<b>A</b>",
        "außerhalb des Fokus Neu &amp; kölln<br/><b>B</b>",
    ]
    assert _faded_outside(styled, SimpleNamespace(focus=None, level="x")) is styled  # type: ignore[arg-type]
