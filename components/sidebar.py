"""The sidebar every page shares: mode, data version, help."""

from __future__ import annotations

import streamlit as st

from components.errors import run_guarded
from components.layout import data_stamp
from data_layer.db import is_public_mode

_LANG_SCRIPT = "<script>document.documentElement.lang = 'de';</script>"


def set_document_language() -> None:
    """Streamlit serves ``<html lang="en">``; screen readers need German (WCAG 3.1.1)."""
    st.html(_LANG_SCRIPT, unsafe_allow_javascript=True)


def shared_sidebar() -> None:
    """Mode badge and data version (guarded: a missing store must not crash navigation)."""

    def body() -> None:
        with st.sidebar:
            st.markdown("**Planungsatlas** – Daten für die integrierte Sozialplanung")
            if is_public_mode():
                st.caption(
                    "Öffentliche Fassung: nur freigegebene Daten, kleine Fallzahlen geheim gehalten."
                )
            st.caption(data_stamp())
            set_document_language()

    run_guarded(body)
