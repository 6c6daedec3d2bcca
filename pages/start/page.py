"""Start: what the Datenbasis holds (area systems, indicators, periods, sources)."""

from __future__ import annotations

import streamlit as st

from components import cache as data
from components.errors import run_guarded
from components.formatting import fmt_date, fmt_int
from components.layout import page_header
from components.navigation import show_unknown_page_note


def body() -> None:
    page_header(
        "Planungsatlas",
        "Eine gemeinsame Datenbasis für Jugendhilfe-, Pflege-, Bildungs- und Sozialplanung: "
        "Wo leben welche Menschen, was brauchen sie, was gibt es schon – und wie verändert sich das?",
    )
    show_unknown_page_note()
    m = data.meta()
    systems = data.area_systems()
    cat = data.catalogue()
    c1, c2, c3 = st.columns(3)
    c1.metric("Gebietssysteme", fmt_int(systems["system_code"].nunique()))
    c2.metric("Indikatoren", fmt_int(len(cat)))
    c3.metric("Datenversion", m.get("data_version", "?"))

    st.subheader("Gebiete")
    table = systems.assign(
        Gebietsstand=systems["gebietsstand"].map(fmt_date),
        Anzahl=systems["n_areas"].map(fmt_int),
    ).rename(columns={"area_system": "Gebietssystem", "level": "Ebene"})
    st.dataframe(
        table[["Gebietssystem", "Gebietsstand", "Ebene", "Anzahl"]],
        hide_index=True,
        width="stretch",
    )

    left, right = st.columns(2)
    with left:
        st.subheader("Indikatoren nach Themenfeld")
        dc = data.domain_counts().rename(columns={"domain": "Themenfeld", "n": "Indikatoren"})
        st.dataframe(dc, hide_index=True, width="stretch")
    with right:
        st.subheader("Zeiträume")
        pr = data.period_range()
        pr = pr.assign(
            von=pr["first"].astype(str).map(fmt_date), bis=pr["last"].astype(str).map(fmt_date)
        )
        pr = pr.rename(columns={"area_system": "Gebietssystem", "n_periods": "Zeitpunkte"})
        st.dataframe(
            pr[["Gebietssystem", "von", "bis", "Zeitpunkte"]], hide_index=True, width="stretch"
        )

    st.subheader("Quellen und Namensnennung")
    st.markdown("Die Lizenzen der Datenquellen verlangen diese Namensnennungen:")
    for line in data.attribution_lines():
        st.markdown(f"- {line}")
    src = data.sources().rename(
        columns={
            "file": "Datei",
            "publisher": "Herausgeber",
            "licence": "Lizenz",
            "stand": "Stand",
            "package": "Datenpaket",
        }
    )
    with st.expander(f"Alle {len(src)} Quelldateien"):
        st.dataframe(
            src[["Datenpaket", "Datei", "Herausgeber", "Lizenz", "Stand"]],
            hide_index=True,
            width="stretch",
        )
    built = m.get("built_at", "")[:10]
    st.caption(
        f"Datenversion {m.get('data_version', '?')}, erstellt am {fmt_date(built) if built else '?'}."
    )


run_guarded(body)
