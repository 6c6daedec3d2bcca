"""Cached data access for the page "Kommunen vergleichen".

Large, read-only frames that every rerun needs (areas with search keys, the snapshot of all
indicators of a level and the wide feature matrix for "strukturell ähnlich") are kept with
``st.cache_resource`` so a rerun does not unpickle 100 000+ rows; callers must never mutate
them (the pure ``indicators`` functions never do). Small results use ``st.cache_data``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from components import cache as data
from components.cache import connection
from components.formatting import MISSING, fmt_date
from data_layer.errors import DataError
from data_layer.read import peers as qb
from features.benchmarking import view as bench_view
from features.benchmarking import view_change
from features.benchmarking.model import Indicator
from indicators.peers.change import (
    ChangeKind,
    change_over_period,
    peer_band_series,
    position_of_changes,
)
from indicators.peers.distance import z_distances
from indicators.peers.levels import kommunen_system
from indicators.peers.stats import position_overview
from indicators.peers.tables import calendar_years
from indicators.peers.tables import feature_matrix as wide_features
from indicators.search import add_search_keys, display_name, pick_labels

LEVELS: tuple[str, ...] = qb.BENCH_LEVELS

#: shown when the store holds no Germany-wide Kommunen (Kreise and Gemeinden)
NO_KOMMUNEN = (
    "Diese Datenbasis enthält keine deutschlandweiten Kommunen (Kreise und Gemeinden mit "
    "Indikatoren), mit denen sich Ihre Kommune vergleichen ließe. Bitte die Datenbasis mit der "
    "Deutschland-Basis bauen: `python -m data_layer.build --package <Ihr Datenpaket>` nimmt "
    "sie standardmäßig mit."
)


@st.cache_data(show_spinner=False)
def system() -> str | None:
    """Code of the Germany-wide Kommunen system of the store (levels Kreis and Gemeinde),
    ``None`` when the store has none (a Kommune's own package built alone)."""
    return kommunen_system(data.area_systems())


def system_code() -> str:
    """:func:`system`, or a German note (:class:`DataError`) when the store has none."""
    code = system()
    if code is None:
        raise DataError(NO_KOMMUNEN)
    return code


@st.cache_data(show_spinner=False)
def gebietsstand() -> str | None:
    """Gebietsstand of the Kommunen system as German date (``"01.01.2025"``), ``None`` when
    the store gives none."""
    code = system()
    raw = qb.gebietsstand(connection(), code) if code is not None else None
    text = fmt_date(raw)
    return None if text == MISSING else text


def gebietsstand_text() -> str:
    """ "Gebietsstand 01.01.2025" of the store (a wording without date when it gives none)."""
    return bench_view.gebietsstand_text(gebietsstand())


def gebietsstand_note() -> str:
    """The note on the Gebietsstand of the store and the harmonised values."""
    return bench_view.gebietsstand_note(gebietsstand())


@st.cache_resource(show_spinner=False, max_entries=4)
def areas(level: str) -> pd.DataFrame:
    """Kommunen of the level (read-only) with search keys; column ``ags`` = ``local_id``."""
    frame = qb.bench_areas(connection(), system_code(), level)
    return add_search_keys(frame.assign(ags=frame["local_id"]))


@st.cache_data(show_spinner=False, max_entries=4)
def indicators(level: str) -> pd.DataFrame:
    """Catalogue rows of the indicators with values on the level."""
    return qb.level_indicators(connection(), system_code(), level)


@st.cache_data(show_spinner=False, max_entries=4)
def periods(level: str) -> pd.DataFrame:
    """Periods with values per indicator on the level."""
    return qb.level_periods(connection(), system_code(), level)


@st.cache_data(show_spinner=False, max_entries=4)
def years(level: str) -> list[int]:
    """Calendar years with any indicator value on the level, ascending."""
    return calendar_years(periods(level)["period"])


@st.cache_resource(show_spinner=False, max_entries=16)
def snapshot(level: str, year: int) -> pd.DataFrame:
    """Every indicator at its latest period up to 31.12. of ``year`` (long table, read-only)."""
    frame = qb.level_snapshot(connection(), system_code(), level, dt.date(year, 12, 31))
    frame["value"] = frame["value"].astype(float)
    return frame


@st.cache_resource(show_spinner=False, max_entries=16)
def feature_matrix(level: str, year: int) -> pd.DataFrame:
    """Wide table ``area_id`` × indicator (values of :func:`snapshot`), read-only."""
    return wide_features(snapshot(level, year), areas(level)["area_id"].tolist())


@st.cache_data(show_spinner=False, max_entries=32)
def series(level: str, indicator_id: str) -> pd.DataFrame:
    """All periods of one indicator for every area of the level."""
    return qb.indicator_level_series(connection(), system_code(), level, indicator_id)


@st.cache_resource(show_spinner=False, max_entries=32)
def long_series(level: str, indicator_id: str) -> pd.DataFrame:
    """``area_id, period, value`` of :func:`series`, one shared read-only object per indicator:
    the peer statistics check and index it once, not on every rerun (#17)."""
    return series(level, indicator_id)[["area_id", "period", "value"]]


@st.cache_resource(show_spinner=False, max_entries=4)
def area_labels(level: str) -> dict[str, str]:
    """AGS → "München (09162000, Bayern)" for every Kommune of the level (read-only); a name
    that occurs more than once also names the Kreis (Gemeinden) or the type (Kreise)."""
    a = areas(level)
    if level == "Gemeinde":
        kreise = areas("Kreis")
        names = {
            k: f"{t if isinstance(t, str) and t else 'Kreis'} {display_name(str(n))}"
            for k, n, t in zip(kreise["area_id"], kreise["name"], kreise["type"], strict=True)
        }
        details = [names.get(p) for p in a["parent_id"]]
    else:
        details = a["type"].tolist()
    return pick_labels(a["local_id"].tolist(), a["name"].tolist(), a["land_name"].tolist(), details)


@st.cache_resource(show_spinner=False, max_entries=4)
def areas_by_id(level: str) -> pd.DataFrame:
    """:func:`areas` indexed by ``area_id`` (read-only; indexing 10 000+ ids once per process)."""
    return areas(level).set_index("area_id")


@st.cache_resource(show_spinner=False, max_entries=4)
def area_names(level: str) -> dict[str, str]:
    """area_id → stored name of every Kommune of the level (read-only; built once per process,
    not on every rerun: 10 000+ Gemeinden)."""
    a = areas(level)
    return {str(k): str(n) for k, n in zip(a["area_id"].tolist(), a["name"].tolist(), strict=True)}


@st.cache_data(show_spinner=False, max_entries=32)
def distances(
    level: str, year: int, own: str, columns: tuple[str, ...]
) -> tuple[pd.DataFrame, list[str]]:
    """``indicators.peers.distance.z_distances`` on :func:`feature_matrix` and its notes."""
    dist = z_distances(feature_matrix(level, year), own, list(columns))
    return dist, [str(n) for n in dist.attrs.get("notes", [])]


@st.cache_data(show_spinner=False, max_entries=32)
def changes(level: str, indicator_id: str, start: str, end: str, kind: ChangeKind) -> pd.DataFrame:
    """Change of every area of the level between two periods (independent of the peer group)."""
    return change_over_period(long_series(level, indicator_id), start, end, kind)


@st.cache_resource(show_spinner=False, max_entries=3)
def overview(level: str) -> pd.DataFrame:
    """Overview geometry of a level for the map of Germany (``area_id``, ``local_id``, ``name``,
    ``wkb``; read-only)."""
    return qb.overview_geometries(connection(), system_code(), level)


@st.cache_resource(show_spinner=False, max_entries=64)
def overview_parts(
    level: str,
    year: int,
    own: str,
    peers: tuple[str, ...],
    ids: tuple[str, ...],
    own_name: str,
    stamp: str,
    max_chart_rows: int,
) -> tuple[pd.DataFrame, pd.DataFrame, str, Any]:
    """Position overview of ``own`` among ``peers``: (shown table, export table, source line,
    figure or ``None`` above ``max_chart_rows``); shared by every session with the same view
    (read-only: ``charts.show`` and the exports never mutate them). ``stamp``: the data stamp."""
    cat = indicators(level).set_index("indicator_id")
    snap = snapshot(level, year)
    pos = position_overview(snap, cat, own, list(peers), list(ids))
    own_rows = snap[snap["area_id"] == own].set_index("indicator_id")
    shown, export = bench_view.overview_table(pos, cat, own_rows)
    sources = "; ".join(sorted(set(cat.loc[pos["indicator_id"], "source"])))
    source = f"Quellen: {sources} · {gebietsstand_note()} · {stamp}"
    fig = (
        bench_view.overview_figure(pos, cat, own_name, source)
        if len(pos) <= max_chart_rows
        else None
    )
    return shown, export, source, fig


@st.cache_resource(show_spinner=False, max_entries=64)
def series_parts(
    level: str, own: str, peers: tuple[str, ...], meta: Indicator, own_name: str, source: str
) -> tuple[Any, pd.DataFrame, list[str]]:
    """The series chart of ``meta`` (own line in the peers' band), its table and the band's
    periods; shared by every session with the same view (read-only)."""
    ser = series(level, meta.indicator_id)
    band = peer_band_series(long_series(level, meta.indicator_id), list(peers))
    own_ser = ser[ser["area_id"] == own]
    fig = view_change.series_figure(own_ser, band, meta, own_name, source)
    table = view_change.series_table(own_ser, band, meta.decimals)
    return fig, table, [str(p) for p in band["period"]]


@st.cache_resource(show_spinner=False, max_entries=64)
def change_parts(
    level: str,
    own: str,
    peers: tuple[str, ...],
    meta: Indicator,
    period: tuple[str, str],
    kind: ChangeKind,
    unit: str,
    title: str,
    source: str,
) -> tuple[pd.Series, Any, pd.DataFrame]:
    """Own change among the peers' changes between two periods: (assessment of
    ``change_position``, bar chart, table); shared by every session with the same view."""
    start, end = period
    changes_ = changes(level, meta.indicator_id, start, end, kind)
    res = position_of_changes(changes_, own, list(peers), meta.polarity)
    from features.benchmarking.national import area_names as shown_names  # cycle at import

    names = shown_names(level)  # short, unique names: as in every other chart
    fig = view_change.change_figure(
        changes_, own, list(peers), names, unit, title=title, source=source
    )
    table = view_change.change_table(changes_, own, list(peers), names, unit)
    return res, fig, table


def warm() -> None:
    """Fill the caches every view of the page needs (process start-up): both levels' areas,
    labels and names, indicators and years, and the geometry of Kreise and Gemeinden."""
    from components.maps.splice import warm_area_json
    from features.benchmarking import map as bench_map

    for level in ("Kreis", "Gemeinde"):
        if areas(level).empty:
            continue
        areas_by_id(level)
        area_names(level)
        area_labels(level)
        indicators(level)
        for year in years(level)[-1:]:
            snapshot(level, year)
            feature_matrix(level, year)
    if not areas("Kreis").empty:
        warm_area_json(("bench", "Kreis"), bench_map.level_features("Kreis"))
    ags = data.home().kommune_ags
    if ags and not areas("Gemeinde").empty:
        bench_map.level_features("Gemeinde")
        gemeinden = areas_by_id("Gemeinde")
        own = f"{system_code()}:{ags}" if ags else ""
        if own in gemeinden.index:
            land = str(gemeinden.at[own, "land"])
            warm_area_json(("bench", land), bench_map.land_features(land))
