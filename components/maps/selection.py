"""A click on a map selects an area in a select widget (map furniture shared by pages).

The map is drawn with ``maps.show_map(..., key=map_key, selectable=True)``; its selection
event lands in ``st.session_state[map_key]``. Before the area widget is drawn, the page calls
:func:`apply_map_click` for each of its maps: a *new* click (one not seen before on that map)
puts the clicked area into the widget's state, so the selection follows the latest click and
a later choice in the widget is not overwritten by an old click.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from components.maps import deck as maps


def clicked_area(event: Any) -> str | None:
    """The area id of a map selection event (an object or the plain dict of AppTest), or None.

    >>> clicked_area({"selection": {"objects": {"gebiete": [{"properties": {"area_id": "a:1"}}]}}})
    'a:1'
    >>> clicked_area(None), clicked_area({"selection": {"objects": {}}})
    (None, None)
    """
    if event is None:
        return None
    clicked = maps.selected_area(event)
    if clicked is not None:
        return clicked
    try:
        objs = event["selection"]["objects"]
        first = next(iter(objs.values()))[0]
        return str(first.get("properties", first).get("area_id") or "") or None
    except (KeyError, TypeError, IndexError, StopIteration, AttributeError):
        return None


def apply_map_click(map_key: str, area_key: str, options: Sequence[str], *, seen_key: str) -> None:
    """A new click on the map ``map_key`` selects that area in the widget ``area_key``.

    ``options``: the areas the widget offers (a click elsewhere is ignored);
    ``seen_key``: a session-state key of the caller where the last click per map is kept.
    """
    clicked = clicked_area(st.session_state.get(map_key))
    seen: dict[str, str | None] = st.session_state.setdefault(seen_key, {})
    if clicked != seen.get(map_key):
        seen[map_key] = clicked
        if clicked in set(options):
            st.session_state[area_key] = clicked


def click_pending(map_key: str, *, seen_key: str) -> bool:
    """The map ``map_key`` holds a click :func:`apply_map_click` has not taken yet.

    A map inside a fragment (``components.fragment``): its click reruns only the fragment, so
    the fragment calls ``st.rerun(scope="app")`` when this is true and the page takes the click.
    """
    seen: dict[str, str | None] = st.session_state.get(seen_key, {})
    return clicked_area(st.session_state.get(map_key)) != seen.get(map_key)
