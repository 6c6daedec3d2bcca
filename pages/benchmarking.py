"""Placeholder until its issue is built: says what is coming."""

from __future__ import annotations

import streamlit as st

from components.layout import page_header

page_header("Kommunen vergleichen", "Diese Seite ist in Arbeit.")
st.info(
    "Geplant: Vergleichsgruppen ähnlicher Kreise und Gemeinden, Position je Indikator und Entwicklung über die Zeit. Die Daten dafür liegen bereits in der Datenbasis (siehe Start und Indikatorenkatalog)."
)
