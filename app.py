"""Planungsatlas – entry point: page config, navigation and the shared sidebar only."""

from __future__ import annotations

import logging

import streamlit as st

from components import meeting
from components.sidebar import shared_sidebar


def run() -> None:
    """Configure the app and route to the chosen page."""
    st.set_page_config(
        page_title="Planungsatlas",
        page_icon="assets/favicon.png",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    pages = [
        st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
        st.Page(
            "pages/sozialraeume.py",
            title="Sozialräume vergleichen",
            icon=":material/map:",
            url_path="sozialraeume",
        ),
        st.Page(
            "pages/bedarf_angebot.py",
            title="Bedarf und Angebot",
            icon=":material/balance:",
            url_path="bedarf_angebot",
        ),
        st.Page(
            "pages/benchmarking.py",
            title="Kommunen vergleichen",
            icon=":material/leaderboard:",
            url_path="benchmarking",
        ),
        st.Page(
            "pages/projektion.py",
            title="Bevölkerungsprognose",
            icon=":material/trending_up:",
            url_path="projektion",
        ),
        st.Page(
            "pages/indikatoren.py",
            title="Indikatorenkatalog",
            icon=":material/menu_book:",
            url_path="indikatoren",
        ),
    ]
    nav = st.navigation(pages)
    by_path = {p.url_path: p for p in pages}
    meeting.start(by_path)
    shared_sidebar(nav.url_path, list(by_path))
    nav.run()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    run()
