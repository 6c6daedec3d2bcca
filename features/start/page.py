"""Start: what the Datenbasis holds (area systems, indicators, periods, sources)."""

from __future__ import annotations

import streamlit as st

from components import cache as data
from components import meeting
from components import meeting_slides as slides
from components.errors import run_guarded
from components.formatting import fmt_date, fmt_int
from components.layout import page_header
from components.navigation import show_unknown_page_note
from components.url_state import note_unused, show_url_notes
from features.start.cache import contributions, page_readiness
from features.start.tables import (
    contributions_table,
    domains_table,
    levels_table,
    periods_table,
    readiness_table,
    sources_table,
)


def body() -> None:
    page_header(
        "Planungsatlas",
        "Eine gemeinsame Datenbasis für Jugendhilfe-, Pflege-, Bildungs- und Sozialplanung: "
        "Wo leben welche Menschen, was brauchen sie, was gibt es schon – und wie verändert sich das?",
    )
    show_unknown_page_note()
    # the start page reads no view parameter: anything else in the link gets the shared note
    note_unused({meeting.PARAM, slides.PARAM})
    show_url_notes()
    meta = data.meta()
    systems = data.area_systems()
    c1, c2, c3 = st.columns(3)
    c1.metric("Gebietssysteme", fmt_int(systems["system_code"].nunique()))
    c2.metric("Indikatoren", fmt_int(len(data.catalogue())))
    built_at = meta.get("built_at", "")[:10]
    # the data version (a hash) is for exports and the footer, not a headline figure
    c3.metric("Daten zusammengestellt am", fmt_date(built_at) if built_at else "–")
    st.subheader("Gebiete")
    st.caption(f"Die Seiten öffnen auf: {data.home().place}")
    st.dataframe(levels_table(systems), hide_index=True, width="stretch")
    readiness()
    left, right = st.columns(2)
    with left:
        st.subheader("Indikatoren nach Themenfeld")
        st.dataframe(domains_table(data.domain_counts()), hide_index=True, width="stretch")
    with right:
        st.subheader("Zeiträume")
        st.dataframe(periods_table(data.period_range()), hide_index=True, width="stretch")
    contributions_section()
    sources()
    built = meta.get("built_at", "")[:10]
    st.caption(
        f"Datenversion {meta.get('data_version', '?')}, "
        f"erstellt am {fmt_date(built) if built else '?'}."
    )


def readiness() -> None:
    """Which page runs with these data – and what a Datenpaket must add where it does not."""
    st.subheader("Was mit diesen Daten läuft")
    st.dataframe(readiness_table(page_readiness()), hide_index=True, width="stretch")
    st.caption(
        "Dieselbe Übersicht gibt jeder Build aus; prüfen ohne zu schreiben: "
        "„python -m data_layer.build --package ORDNER --check“. Was fehlt, nennt Datei, Spalte, "
        "Altersgruppen oder Stichtage (Format: docs/datenpaket.md)."
    )


def contributions_section() -> None:
    """Contributions of Ämter and Träger: who delivered what, with Stand and coverage."""
    table = contributions_table(contributions())
    if table.empty:
        return
    st.subheader("Beiträge")
    st.caption(
        "Daten, die Ämter und freie Träger beigesteuert haben (Anleitung und Vorlagen: "
        "docs/beitraege.md, data/vorlagen/). Jede Grafik und jeder Export mit ihren Werten nennt sie."
    )
    st.dataframe(table, hide_index=True, width="stretch")


def sources() -> None:
    """The attribution lines the licences require, and every source file."""
    st.subheader("Quellen und Namensnennung")
    st.markdown("Die Lizenzen der Datenquellen verlangen diese Namensnennungen:")
    for line in data.attribution_lines():
        st.markdown(f"- {line}")
    table = sources_table(data.sources())
    with st.expander(f"Alle {len(table)} Quelldateien"):
        st.dataframe(table, hide_index=True, width="stretch")


run_guarded(body)
