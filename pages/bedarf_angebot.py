"""Placeholder until its issue is built: says what is coming."""

from __future__ import annotations

import streamlit as st

from components.layout import page_header

page_header("Bedarf und Angebot", "Diese Seite ist in Arbeit.")
st.info(
    "Geplant: Versorgungsquoten und fehlende Plätze je Gebiet, Einzugsbereiche (E2SFCA) und Planungsszenarien mit neuen oder geschlossenen Einrichtungen. Die Daten dafür liegen bereits in der Datenbasis (siehe Start und Indikatorenkatalog)."
)
