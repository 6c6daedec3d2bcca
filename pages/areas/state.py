"""Widget state ⇄ URL for the page "Sozialräume vergleichen".

Pattern: before a widget is drawn, :func:`ensure` puts a valid value into
``st.session_state[key]`` – from the URL on the first run (validated by
``components.url_state``), afterwards the user's choice, and the default when the
options changed (other level, other indicator). The widget is then created with
``key`` only. :func:`components.url_state.set_params` writes the view back into the URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from components.maps import deck as maps
from components.url_state import MAX_PARAM_LENGTH, choice_param

_CLICKS = "soz._clicks"


def ensure(key: str, options: Sequence[Any], url_name: str, default: Any) -> Any:
    """A valid widget value for ``key`` (URL on first run, else kept, else default)."""
    allowed = [str(o) for o in options]
    if key not in st.session_state:
        raw = choice_param(url_name, allowed, str(default))
        st.session_state[key] = options[allowed.index(raw)] if raw in allowed else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    return st.session_state[key]


def ensure_list(
    key: str, options: Sequence[str], url_name: str, default: Sequence[str], max_items: int
) -> list[str]:
    """A multiselect value: comma list from the URL, every item checked against ``options``."""
    allowed = set(options)
    if key not in st.session_state:
        raw = st.query_params.get(url_name)
        value = list(default)
        if raw is not None:
            items = [i for i in raw.split(",") if i]
            if (
                len(raw) <= MAX_PARAM_LENGTH * 4
                and items
                and len(items) <= max_items
                and all(i in allowed for i in items)
            ):
                value = list(dict.fromkeys(items))
            else:
                notes: list[str] = st.session_state.setdefault("_url_notes", [])
                if url_name not in notes:
                    notes.append(url_name)
        st.session_state[key] = value
    else:
        current = [i for i in st.session_state[key] if i in allowed][:max_items]
        if current != st.session_state[key]:
            st.session_state[key] = current
    return list(st.session_state[key])


def apply_map_click(map_key: str, area_key: str, options: Sequence[str]) -> None:
    """A new click on the map ``map_key`` selects that area in the widget ``area_key``."""
    event = st.session_state.get(map_key)
    clicked = maps.selected_area(event) if event is not None else None
    if clicked is None:
        try:
            objs = event["selection"]["objects"]  # type: ignore[index]
            first = next(iter(objs.values()))[0]
            clicked = str(first.get("properties", first).get("area_id") or "") or None
        except (KeyError, TypeError, IndexError, StopIteration, AttributeError):
            clicked = None
    seen: dict[str, str | None] = st.session_state.setdefault(_CLICKS, {})
    if clicked != seen.get(map_key):
        seen[map_key] = clicked
        if clicked in set(options):
            st.session_state[area_key] = clicked
