"""Indicator catalogue: search, filter by domain, full metadata, coverage, CSV download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import cache as data
from components.errors import run_guarded
from components.exports import csv_bytes
from components.formatting import fmt_int
from components.layout import data_stamp, page_header, sources_footer
from components.url_state import show_url_notes
from features.catalogue.tables import availability_table, list_table, metadata_table
from features.catalogue.view import (
    KEYS,
    CatalogueView,
    filter_widgets,
    indicator_widget,
    seed_indicator,
)


def body() -> None:
    page_header(
        "Indikatorenkatalog", "Alle Kennzahlen mit Definition, Quelle, Stand und Verfügbarkeit."
    )
    full = data.catalogue()
    chosen_filter = filter_widgets(sorted(full["domain"].unique().tolist()))
    cat = data.catalogue(chosen_filter.domain, chosen_filter.search)
    st.caption(f"{fmt_int(len(cat))} von {fmt_int(len(full))} Indikatoren")
    st.dataframe(list_table(cat), hide_index=True, width="stretch")
    download(cat)
    ids = cat["indicator_id"].tolist()
    seed_indicator(ids)
    show_url_notes()
    if not ids:
        st.info("Keine Indikatoren gefunden. Bitte Suchbegriff oder Themenfeld ändern.")
        CatalogueView(chosen_filter, None).write_url()
        return
    chosen = indicator_widget(ids, dict(zip(cat["indicator_id"], cat["name"], strict=True)))
    CatalogueView(chosen_filter, chosen).write_url()
    details(chosen)


def download(cat: pd.DataFrame) -> None:
    """The shown catalogue as a German CSV."""
    st.download_button(
        "Katalog als CSV herunterladen",
        csv_bytes(
            cat.drop(columns=["derived"]),
            source="Planungsatlas-Indikatorenkatalog",
            stamp=data_stamp(),
        ),
        file_name="indikatorenkatalog.csv",
        mime="text/csv",
        key=KEYS("csv"),
    )


def details(indicator_id: str) -> None:
    """Full metadata and availability of one indicator, then the sources."""
    meta = data.indicator(indicator_id)
    if meta is None:
        st.warning("Dieser Indikator ist nicht verfügbar.")
        return
    st.subheader(str(meta["name"]))
    st.table(metadata_table(meta))
    cov = data.indicator_coverage(indicator_id)
    st.markdown("**Verfügbarkeit** (Gebietssystem, Ebene, Zeitpunkte)")
    if cov.empty:
        st.info("Für diesen Indikator liegen keine Werte vor.")
    else:
        st.dataframe(availability_table(cov), hide_index=True, width="stretch")
    sources_footer()


run_guarded(body)
