"""The sidebar every page shares: mode, data version, meeting mode and slides."""

from __future__ import annotations

import streamlit as st

from components import cache as data
from components import meeting, widget_language
from components.errors import run_guarded
from components.layout import data_stamp
from data_layer.read.db import is_public_mode

_LANG_SCRIPT = "<script>document.documentElement.lang = 'de';</script>"


def set_document_language() -> None:
    """Streamlit serves ``<html lang="en">``; screen readers need German (WCAG 3.1.1).

    The same script puts the widgets' own English texts into German (``widget_language``).
    """
    st.html(_LANG_SCRIPT + widget_language.script(), unsafe_allow_javascript=True)


def public_note(method: str) -> str:
    """The public-mode note: which disclosure method protects this store (disclosure.yaml)."""
    if method == "cell_key":
        return (
            "Öffentliche Fassung: nur freigegebene Daten; Fallzahlen nach dem Cell-Key-Verfahren "
            "(wie beim Zensus 2022) um kleine Zufallsbeträge verändert, Nullen und Gesamtsummen "
            "unverändert, Quoten aus den veränderten Zahlen."
        )
    return "Öffentliche Fassung: nur freigegebene Daten, kleine Fallzahlen geheim gehalten."


def shared_sidebar(page: str = "", pages: list[str] | None = None) -> None:
    """Mode badge, data version and meeting controls (guarded: a missing store must not crash
    navigation). ``page`` is the current url_path, ``pages`` all url_paths slides may use."""

    def body() -> None:
        with st.sidebar:
            st.markdown("**Planungsatlas** – Daten für die integrierte Sozialplanung")
            if is_public_mode():
                st.caption(public_note(data.meta().get("disclosure_method", "suppression")))
            st.caption(data_stamp())
            set_document_language()
            if pages:
                meeting.sidebar_controls(page, pages)

    run_guarded(body)
