"""Placeholder until its issue is built: says what is coming."""

from __future__ import annotations

import streamlit as st

from components.layout import page_header

page_header("Bevölkerungsprognose", "Diese Seite ist in Arbeit.")
st.info(
    "Geplant: kleinräumige Bevölkerungsvorausberechnung mit Szenario-Schiebereglern, Varianten und Rückrechnung (Backtest). Die Daten dafür liegen bereits in der Datenbasis (siehe Start und Indikatorenkatalog)."
)
