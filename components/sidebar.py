"""The sidebar every page shares: mode, data version, help."""

from __future__ import annotations

import streamlit as st

from components.errors import run_guarded
from components.layout import data_stamp
from data_layer.db import is_public_mode


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

    run_guarded(body)
