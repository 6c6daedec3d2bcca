"""Placeholder until its issue is built: says what is coming."""

from __future__ import annotations

import streamlit as st

from components.layout import page_header

page_header("Sozialräume vergleichen", "Diese Seite ist in Arbeit.")
st.info(
    "Geplant: Karten, Rangfolgen, Gebietsprofile, Sozialindex (Status/Dynamik nach MSS-Methode), Typisierung und Hotspots für alle Gebietsebenen. Die Daten dafür liegen bereits in der Datenbasis (siehe Start und Indikatorenkatalog)."
)
