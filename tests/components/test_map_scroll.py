"""Maps do not capture page scrolling: the wheel scrolls the page, drag and pinch still work."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from components.maps import deck as maps


def test_every_area_map_turns_wheel_zoom_off(demo_env: Path) -> None:
    feats = maps.area_features("lor2021", "Bezirk")
    ids = [f[0] for f in feats]
    styled = pd.DataFrame({"area_id": ids, "fill": [(1, 2, 3)] * len(ids), "tooltip": ids})
    deck = json.loads(
        maps.choropleth_deck(feats, styled, maps.view_for("lor2021", "Bezirk")).to_json()
    )
    (view,) = deck["views"]
    assert view["@@type"] == "MapView"
    assert view["controller"]["scrollZoom"] is False
    assert view["controller"]["dragPan"] is True and view["controller"]["touchZoom"] is True
