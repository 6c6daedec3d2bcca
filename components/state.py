"""View state in the URL (permalinks), validated against allow-lists.

A page declares each parameter with its allowed values and default. Bad values
(unknown, overlong, malformed) fall back to the default and a friendly German
note is shown once; they never reach the data layer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st

MAX_PARAM_LENGTH = 200
_SAFE_TEXT = re.compile(r"^[\w .,:;()/+\-äöüÄÖÜß]*$")


def _note(name: str) -> None:
    notes: list[str] = st.session_state.setdefault("_url_notes", [])
    if name not in notes:
        notes.append(name)


def choice_param(name: str, allowed: Sequence[str], default: str) -> str:
    """A URL parameter that must be one of ``allowed``."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    if len(raw) <= MAX_PARAM_LENGTH and raw in allowed:
        return raw
    _note(name)
    return default


def text_param(name: str, default: str = "") -> str:
    """Free text (search boxes): length-limited, plain characters only."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    if len(raw) <= MAX_PARAM_LENGTH and _SAFE_TEXT.match(raw):
        return raw
    _note(name)
    return default


def show_url_notes() -> None:
    """One friendly note listing the parameters that were ignored."""
    notes: list[str] = st.session_state.pop("_url_notes", [])
    if notes:
        names = ", ".join(f"„{n}“" for n in notes)
        st.info(
            f"Der Link enthielt ungültige Angaben ({names}). Es wird die Standardansicht gezeigt."
        )


def set_params(**values: str | None) -> None:
    """Write the current view into the URL (empty values are removed)."""
    for key, value in values.items():
        if value in (None, ""):
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
