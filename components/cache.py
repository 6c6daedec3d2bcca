"""Cached access to the data layer: one read-only connection per process.

Pages call these functions, never SQL. Every cached function is keyed on its
arguments; DataFrames come from ``st.cache_data`` (each caller gets a copy).

A data update reaches a running app: :func:`refresh_if_store_changed` (called by ``app.py``
at the start of every rerun, at most one ``stat`` per two seconds) drops every cache when the
store file was replaced, so the next call reopens the store. Sessions in flight keep the old
connection as long as they hold it (DuckDB keeps the replaced file open); nothing is closed
under them.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from data_layer.errors import DataError
from data_layer.read import common as q
from data_layer.read import db
from data_layer.read import home as read_home
from data_layer.read.home import Home
from indicators.social.presets import PublishedIndexMethod, parse_published_methods


@st.cache_resource(show_spinner=False)
def connection() -> db.Conn:
    """The process-wide read-only connection (queries use their own cursors)."""
    conn, identity = db.connect_current()
    db.WATCH.opened(identity)
    return conn


def refresh_if_store_changed() -> bool:
    """Drop every cache of the old data version when the store file changed; True if dropped.

    Clearing (rather than keying every cache on the version) is safe for sessions in flight:
    a rerun keeps the objects it already holds, and the old connection stays open until the
    last holder lets it go. The watch drops once more shortly after, for results a rerun in
    flight may have cached from the old version meanwhile.
    """
    if not db.WATCH.poll():
        return False
    st.cache_data.clear()
    st.cache_resource.clear()
    return True


@st.cache_data(show_spinner=False)
def meta() -> dict[str, str]:
    return q.meta(connection())


@st.cache_data(show_spinner=False)
def area_systems() -> pd.DataFrame:
    return q.area_systems(connection())


@st.cache_data(show_spinner=False)
def catalogue(domain: str | None = None, text: str | None = None) -> pd.DataFrame:
    return q.catalogue(connection(), domain, text)


@st.cache_data(show_spinner=False)
def indicator(indicator_id: str, system_code: str = "") -> dict[str, Any] | None:
    """The catalogue record; with ``system_code`` the sources of that area system only."""
    return q.indicator(connection(), indicator_id, system_code)


@st.cache_data(show_spinner=False)
def indicator_coverage(indicator_id: str) -> pd.DataFrame:
    return q.indicator_coverage(connection(), indicator_id)


@st.cache_data(show_spinner=False)
def domain_counts() -> pd.DataFrame:
    return q.domain_counts(connection())


@st.cache_data(show_spinner=False)
def period_range() -> pd.DataFrame:
    return q.period_range(connection())


@st.cache_data(show_spinner=False)
def sources() -> pd.DataFrame:
    return q.sources(connection())


@st.cache_data(show_spinner=False)
def attribution_lines() -> list[str]:
    return q.attribution_lines(connection())


@st.cache_data(show_spinner=False)
def home() -> Home:
    """The Kommune of the store: where the pages open and how they name it."""
    return read_home.home(connection())


@st.cache_data(show_spinner=False)
def social_index_methods() -> tuple[PublishedIndexMethod, ...]:
    """Published social index methods of the store (parameter set ``social_index``).

    None when the store holds no such parameter set (or was built before it existed).
    """
    try:
        text = q.parameter(connection(), "social_index")
    except DataError:
        return ()
    return parse_published_methods(None if text is None else json.loads(text))
