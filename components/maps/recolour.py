"""Maps whose areas change colour without the browser loading their geometry again.

On a map where a widget only changes the colours (the number of classes, the classification
method), the spliced deck (``components.maps.splice``) still sends every area's geometry in
each rerun's message: ≈ 350 kB of JSON for the demo's 542 small areas that the browser
parses with a JavaScript JSON5 parser, after which deck.gl tessellates every polygon again
(≈ 0.1 s of a 0.2–0.25 s step on Sozialräume, measured in #17).

A recoloured deck sends the geometry once, as a served file (``components.maps.served``,
content-addressed: the same areas and tooltips, the same address), with each feature's
position ``i`` in its properties. The colours travel in the deck's fill accessor, a short
deck.gl expression: a palette of at most ten colours and one digit per area,

    ``([[r,g,b],[r,g,b],…])[('0132…')[properties.i]]``

(≈ 600 bytes for 542 areas), and ``updateTriggers`` names the colouring, so deck.gl keeps the
layer and its tessellation and only refills the colour buffer. Tooltips and ``area_id`` (for
a click on the map) are in the served file as in the inline deck.

Falls back to the spliced deck when files cannot be served (a read-only image, the folder's
budget spent, less than ``served.MIN_BYTES`` of data) or the map has more than ten colours.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
import streamlit as st

from components.maps import served
from components.maps.geometry import Feature
from components.maps.layers import area_layer, choropleth_deck, outline_layer
from components.maps.splice import feature_heads, spliced_choropleth_deck
from components.maps.style import NO_DATA_RGB, plain_tip

#: one digit per area selects its colour from the palette
MAX_COLOURS = 10
_EXPRESSION = re.compile(r"\(\[(.*)\]\)\[\('([0-9]*)'\)\[properties\.i\]\]")


@dataclass(frozen=True)
class Colouring:
    """The colours of a map as the accessor sends them: a palette and one digit per area."""

    palette: tuple[tuple[int, int, int], ...]
    codes: str

    @property
    def expression(self) -> str:
        """The deck.gl accessor (pydeck adds ``@@=``).

        >>> Colouring(((1, 2, 3), (4, 5, 6)), "010").expression
        "([[1,2,3],[4,5,6]])[('010')[properties.i]]"

        The parentheses are needed: deck.gl's expression parser (jsep 0.3) reads ``[`` after
        an array or a string literal as the start of a second expression, after a group as
        an index.
        """
        colours = ",".join("[" + ",".join(str(c) for c in rgb) + "]" for rgb in self.palette)
        return f"([{colours}])[('{self.codes}')[properties.i]]"

    @classmethod
    def parse(cls, accessor: str) -> Colouring | None:
        """The colouring an accessor written by :attr:`expression` sends (``None`` for any other
        accessor) – what a test or an export reads back from a deck.

        >>> Colouring.parse("@@=([[1,2,3],[4,5,6]])[('010')[properties.i]]")
        Colouring(palette=((1, 2, 3), (4, 5, 6)), codes='010')
        >>> Colouring.parse("@@=properties.fill") is None
        True
        """
        found = _EXPRESSION.fullmatch(accessor.removeprefix("@@="))
        if found is None:
            return None
        palette = tuple(tuple(int(c) for c in rgb) for rgb in json.loads(f"[{found[1]}]"))
        return cls(palette, found[2])  # type: ignore[arg-type]

    def fill(self, i: int) -> tuple[int, int, int]:
        """The colour of the area at position ``i`` (what the browser computes).

        >>> Colouring(((1, 2, 3), (4, 5, 6)), "010").fill(1)
        (4, 5, 6)
        """
        return self.palette[int(self.codes[i])]

    @property
    def trigger(self) -> str:
        """A short name of the colouring: deck.gl recolours when it changes."""
        return hashlib.blake2b(self.expression.encode(), digest_size=8).hexdigest()


def colouring(ids: Sequence[str], styled: pd.DataFrame) -> Colouring | None:
    """Palette and codes for the areas ``ids`` (in map order); ``None`` above ten colours.

    Areas missing from ``styled`` are 'keine Angabe' (grey), as in the inline deck.

    >>> styled = pd.DataFrame({"area_id": ["a", "b"], "fill": [(9, 9, 9), (1, 1, 1)]})
    >>> c = colouring(["a", "b", "c", "a"], styled)
    >>> c.codes, c.palette
    ('0120', ((9, 9, 9), (1, 1, 1), (204, 204, 204)))
    """
    fills = dict(zip(styled["area_id"].tolist(), styled["fill"].tolist(), strict=True))
    palette: dict[tuple[int, int, int], str] = {}
    codes = []
    for area_id in ids:
        raw = fills.get(area_id, NO_DATA_RGB)
        rgb = (int(raw[0]), int(raw[1]), int(raw[2]))
        code = palette.get(rgb)
        if code is None:
            if len(palette) == MAX_COLOURS:
                return None
            code = palette[rgb] = str(len(palette))
        codes.append(code)
    return Colouring(tuple(palette), "".join(codes))


@st.cache_resource(show_spinner=False)
def _addresses() -> dict[tuple[Hashable, str], str | None]:
    """Served address (``None``: inline) per area set and tooltips; a Streamlit resource, so a
    new data version (``components.cache.refresh_if_store_changed``) starts it afresh."""
    return {}


def _served_areas(key: Hashable, features: Sequence[Feature], styled: pd.DataFrame) -> str | None:
    """Address of the served FeatureCollection (geometry, ``i``, tooltip), or ``None``.

    Remembered per area set and tooltips, so a rerun that changes only the colours neither
    rebuilds nor hashes the ≈ 350 kB text.
    """
    tips = dict(zip(styled["area_id"].tolist(), styled["tooltip"].tolist(), strict=True))
    memo = (key, hashlib.blake2b("\x00".join(map(str, tips.items())).encode()).hexdigest())
    known = _addresses()
    if memo in known:
        return known[memo]
    parts = []
    for i, (area_id, head, no_data) in enumerate(feature_heads(key, features)):
        tip = (
            json.dumps(plain_tip(tips[area_id]), ensure_ascii=False) if area_id in tips else no_data
        )
        parts.append(f'{head}"i":{i},"tip":{tip}}}}}')
    text = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
    served_json = served.layer_data(text)
    address = None if served_json == text else str(json.loads(served_json))
    if len(known) > 256:  # a bound on memory, not a cache policy: addresses are cheap
        known.clear()
    known[memo] = address
    return address


def recoloured_deck(
    key: Hashable,
    features: Sequence[Feature],
    styled: pd.DataFrame,
    view: dict[str, float],
    *,
    extra_layers: Sequence[pdk.Layer] = (),
    basemap: bool = False,
    height: int = 540,
) -> pdk.Deck:
    """``spliced_choropleth_deck(key, features, styled, view, …)`` with served geometry.

    ``key`` names the area set as for the spliced deck (same key, same ``features``).
    """
    ids = [head[0] for head in feature_heads(key, features)]
    colours = colouring(ids, styled)
    address = _served_areas(key, features, styled) if colours is not None else None
    if colours is None or address is None:
        return spliced_choropleth_deck(
            key, features, styled, view, extra_layers=extra_layers, basemap=basemap, height=height
        )
    deck = choropleth_deck(
        (), styled.iloc[:0], view, extra_layers=extra_layers, basemap=basemap, height=height
    )
    deck.layers[0] = area_layer(address, basemap=basemap)
    deck.layers[0].get_fill_color = "@@=" + colours.expression
    deck.layers[0].update_triggers = {"getFillColor": colours.trigger}
    outline = outline_layer(features, styled)
    if outline is not None:  # as in choropleth_deck: the few highlighted outlines, drawn last
        deck.layers.append(outline)
    return deck
