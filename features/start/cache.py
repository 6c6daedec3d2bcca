"""Cached data access for the start page (read-only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.cache import connection
from data_layer.read.contributions import contributions as read_contributions
from data_layer.read.readiness import PageReadiness, readiness, store_contents


@st.cache_data(show_spinner=False)
def page_readiness() -> tuple[PageReadiness, ...]:
    """Which page runs on the store in use (the report the build prints)."""
    return readiness(store_contents(connection()))


@st.cache_data(show_spinner=False)
def contributions() -> pd.DataFrame:
    """Contributions of Ämter and Träger (publisher, Stand, coverage)."""
    return read_contributions(connection())
