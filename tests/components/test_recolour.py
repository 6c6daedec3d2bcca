"""Recoloured maps (components/maps/recolour.py): geometry served once, colours in the accessor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from components.maps import recolour, served
from components.maps.style import NO_DATA_RGB, plain_tip
from tests.deck_data import area_features, layer_rows

BLUES = [(8, 48, 107), (33, 113, 181), (107, 174, 214), (198, 219, 239), (247, 251, 255)]


@pytest.fixture()
def areas(demo_env: Path) -> tuple[list[Any], dict[str, float]]:
    """The demo's 542 Planungsräume (≈ 350 kB of GeoJSON) and their map view."""
    from components.maps import deck as maps

    return maps.area_features("lor2021", "Planungsraum"), maps.view_for("lor2021", "Planungsraum")


def _styled(feats: list[Any], k: int, *, skip: int = 7) -> pd.DataFrame:
    """Every ``skip``-th area without a value; the others in ``k`` classes by position."""
    kept = [f for i, f in enumerate(feats) if i % skip]
    return pd.DataFrame(
        {
            "area_id": [f[0] for f in kept],
            "fill": [BLUES[i % k] for i in range(len(kept))],
            "tooltip": [f"<b>{f[2]}</b><br/>Wert {i} &amp; mehr" for i, f in enumerate(kept)],
        }
    )


def _deck(feats: list[Any], view: dict[str, float], styled: pd.DataFrame) -> dict[str, Any]:
    return dict(json.loads(recolour.recoloured_deck(("t",), feats, styled, view).to_json()))


def test_each_area_gets_its_colour_and_tooltip_from_the_served_file(
    static_dir: Path, areas: tuple[list[Any], dict[str, float]]
) -> None:
    feats, view = areas
    styled = _styled(feats, 5)
    layer = _deck(feats, view, styled)["layers"][0]
    assert layer["data"].startswith(served.URL_PREFIX)  # geometry is a file, not in the message
    shown = area_features(layer)
    assert [f["properties"]["area_id"] for f in shown] == [f[0] for f in feats]
    fills = dict(zip(styled["area_id"], styled["fill"], strict=True))
    tips = dict(zip(styled["area_id"], styled["tooltip"], strict=True))
    for f in shown:
        area_id = f["properties"]["area_id"]
        assert tuple(f["properties"]["fill"]) == fills.get(area_id, NO_DATA_RGB)
        if area_id in tips:
            assert f["properties"]["tip"] == plain_tip(tips[area_id])
        else:
            assert f["properties"]["tip"].endswith("keine Angabe")
    assert sum(tuple(f["properties"]["fill"]) == NO_DATA_RGB for f in shown) == 78  # 542 / 7


def test_the_served_areas_equal_the_inline_deck_but_the_colours(
    static_dir: Path, areas: tuple[list[Any], dict[str, float]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same geometry, ids, names and tooltips as the spliced deck a read-only image sends."""
    feats, view = areas
    styled = _styled(feats, 4)
    served_layer = _deck(feats, view, styled)["layers"][0]
    monkeypatch.setattr(served.st, "get_option", lambda name: False)
    recolour._addresses.clear()
    inline_layer = _deck(feats, view, styled)["layers"][0]
    assert isinstance(inline_layer["data"], dict)  # without serving: everything inline
    assert inline_layer["getFillColor"] == "@@=properties.fill"
    assert "updateTriggers" not in inline_layer
    for mine, theirs in zip(
        area_features(served_layer), inline_layer["data"]["features"], strict=True
    ):
        props = {k: v for k, v in mine["properties"].items() if k != "i"}
        assert (mine["geometry"], props) == (theirs["geometry"], theirs["properties"])
    settings = {k: v for k, v in served_layer.items() if k not in ("data", "getFillColor")}
    assert settings.pop("updateTriggers")
    assert settings == {k: v for k, v in inline_layer.items() if k not in ("data", "getFillColor")}


def test_new_classes_keep_the_file_and_change_the_trigger(
    static_dir: Path, areas: tuple[list[Any], dict[str, float]]
) -> None:
    """The number of classes changes colours only: same address (the browser keeps the layer),
    a new trigger (deck.gl refills the colours); a message of a few kB instead of ≈ 350 kB."""
    feats, view = areas
    five = _deck(feats, view, _styled(feats, 5))
    three = _deck(feats, view, _styled(feats, 3))
    a, b = five["layers"][0], three["layers"][0]
    assert a["data"] == b["data"]
    assert a["updateTriggers"] != b["updateTriggers"]
    assert a["getFillColor"] != b["getFillColor"]
    assert len(list(static_dir.iterdir())) == 1
    assert len(json.dumps(three)) < 3_000
    file_bytes = (static_dir / a["data"].removeprefix(served.URL_PREFIX)).stat().st_size
    assert file_bytes > 300_000
    # other tooltips (another indicator) are another file
    other = _styled(feats, 3)
    other["tooltip"] = other["tooltip"] + " (neu)"
    assert _deck(feats, view, other)["layers"][0]["data"] != a["data"]
    assert len(list(static_dir.iterdir())) == 2


def test_more_than_ten_colours_go_inline(
    static_dir: Path, areas: tuple[list[Any], dict[str, float]]
) -> None:
    feats, view = areas
    styled = _styled(feats, 5, skip=10_000)
    styled["fill"] = [(i % 11, 0, 0) for i in range(len(styled))]  # eleven colours
    layer = _deck(feats, view, styled)["layers"][0]
    assert isinstance(layer["data"], dict)
    rows = layer_rows(layer["data"])["features"]
    colours = {tuple(f["properties"]["fill"]) for f in rows}
    assert colours == {(i, 0, 0) for i in range(11)} | {NO_DATA_RGB}  # the first area: no value
    assert list(static_dir.iterdir()) == []


def test_a_selected_area_keeps_its_outline_layer(
    static_dir: Path, areas: tuple[list[Any], dict[str, float]]
) -> None:
    feats, view = areas
    styled = _styled(feats, 5)
    styled["line"] = [(0, 0, 0) if i == 3 else (255, 255, 255) for i in range(len(styled))]
    layers = _deck(feats, view, styled)["layers"]
    assert [layer["id"] for layer in layers] == ["gebiete", "gebiete_umriss"]
    (outlined,) = layers[1]["data"]["features"]
    assert outlined["geometry"] == feats[4][3]  # the fourth kept area is the fifth of all


def test_a_new_data_version_serves_new_geometry(
    static_dir: Path, areas: tuple[list[Any], dict[str, float]]
) -> None:
    """A new store drops every Streamlit cache (``cache.refresh_if_store_changed``); the address
    memo goes with them, so changed boundaries with unchanged tooltips reach the browser."""
    import streamlit as st

    feats, view = areas
    styled = _styled(feats, 5)
    first = _deck(feats, view, styled)["layers"][0]
    before = first["data"]
    moved = [(*feats[0][:3], feats[1][3]), *feats[1:]]  # the first area gets another outline
    assert _deck(moved, view, styled)["layers"][0]["data"] == before  # same key: same areas
    st.cache_resource.clear()
    after = _deck(moved, view, styled)["layers"][0]
    assert after["data"] != before
    shown = area_features(after)
    assert shown[0]["geometry"] == shown[1]["geometry"]
    assert area_features(first)[0]["geometry"] != shown[1]["geometry"]
