"""The data of a deck layer as the browser gets it: inline, or from the served file it names."""

from __future__ import annotations

import json
from typing import Any

from components.maps import served


def layer_rows(data: Any) -> Any:
    """``data`` itself, or the parsed file behind a served address (``components.maps.served``)."""
    if not isinstance(data, str):
        return data
    assert data.startswith(served.URL_PREFIX), data
    return json.loads((served.STATIC_DIR / data.removeprefix(served.URL_PREFIX)).read_text())


def area_features(layer: dict[str, Any]) -> list[dict[str, Any]]:
    """The features of an area layer with ``properties.fill`` as the browser colours them.

    A recoloured layer (``components.maps.recolour``) sends its geometry as a served file and its
    colours in the fill accessor: here each feature gets the colour the accessor gives it.
    """
    from components.maps.recolour import Colouring

    features: list[dict[str, Any]] = layer_rows(layer["data"])["features"]
    colouring = Colouring.parse(str(layer.get("getFillColor", "")))
    if colouring is None:
        return features
    assert layer["updateTriggers"]["getFillColor"] == colouring.trigger
    return [
        {**f, "properties": {**f["properties"], "fill": list(colouring.fill(f["properties"]["i"]))}}
        for f in features
    ]
