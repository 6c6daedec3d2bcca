"""URL state of "Kommunen vergleichen" beyond single choices: comma lists and level changes.

Complements :mod:`components.url_state` (same note mechanism: a bad value falls back to the
default and is listed once in the friendly note of ``state.show_url_notes``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
import streamlit as st

from components.url_state import MAX_PARAM_LENGTH

#: peer modes: URL token → (indicators.peers.groups mode, German label)
MODES: dict[str, tuple[str, str]] = {
    "land": ("land", "gleiches Land"),
    "typ": ("type", "gleicher Typ"),
    "groesse": ("size", "ähnliche Größe"),
    "aehnlich": ("similar", "strukturell ähnlich"),
}
NO_MODE = "keine"


def _note(name: str) -> None:
    notes: list[str] = st.session_state.setdefault("_url_notes", [])
    if name not in notes:
        notes.append(name)


def list_param(name: str, allowed: Collection[str], default: Sequence[str]) -> list[str]:
    """A comma-separated URL parameter whose items must all be in ``allowed``.

    ``"keine"`` stands for an explicitly empty list. Any unknown item → the default (noted).
    """
    raw = st.query_params.get(name)
    if raw is None:
        return list(default)
    if raw == NO_MODE:
        return []
    items = [x for x in raw.split(",") if x]
    if len(raw) <= MAX_PARAM_LENGTH * 50 and items and all(x in allowed for x in items):
        return list(dict.fromkeys(items))
    _note(name)
    return list(default)


def list_value(items: Sequence[str]) -> str:
    """URL text of a list (``"keine"`` for an empty one)."""
    return ",".join(items) if items else NO_MODE


def ags_for_level(raw: str | None, areas: pd.DataFrame) -> str | None:
    """Map an AGS of the other level: Gemeinde → its Kreis, Kreis → its largest Gemeinde.

    ``areas``: the Kommunen of the target level (``local_id``, ``population``).
    """
    if raw is None or not raw.isdigit():
        return raw
    ids = areas["local_id"]
    if (ids == raw).any():
        return raw
    if len(raw) == 8 and (ids == raw[:5]).any():
        return raw[:5]
    if len(raw) == 5:
        inside = areas[ids.str.startswith(raw)]
        if not inside.empty:
            return str(inside.sort_values("population", ascending=False)["local_id"].iloc[0])
    return raw


def init_widget(key: str, value: object) -> None:
    """Seed a widget's value from the URL once (widgets then own their state)."""
    if key not in st.session_state:
        st.session_state[key] = value
