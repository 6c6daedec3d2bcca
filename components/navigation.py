"""Routing: the pages in the navigation, and unknown addresses leading to the start page.

Streamlit answers an address that matches no page with an English "Page not found" dialog.
:func:`navigate` registers a hidden alias page for such a path (when it is a plain path
segment), which switches to the start page; the start page then shows
:func:`show_unknown_page_note` once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import unquote, urlsplit

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from components.url_state import current_params

UNKNOWN_PAGE_KEY = "_unknown_page"
#: A path segment that can serve as an alias page (Streamlit's url_path rules, kept short).
_SEGMENT = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


def unknown_path(url: str | None, known: Iterable[str]) -> str:
    """The requested last path segment if it names no page and can be an alias, else ``""``.

    >>> unknown_path("http://localhost:8501/statistik", ["sozialraeume", "start"])
    'statistik'
    >>> unknown_path("http://localhost:8501/sozialraeume", ["sozialraeume"])
    ''
    >>> unknown_path("http://localhost:8501/", ["sozialraeume"])
    ''
    >>> unknown_path("http://x/%3Cscript%3E", [])
    ''
    >>> unknown_path(None, [])
    ''
    """
    if not url:
        return ""
    path = unquote(urlsplit(url).path).strip("/")
    segment = path.rsplit("/", 1)[-1]
    if not segment or segment in set(known) or not _SEGMENT.match(segment):
        return ""
    return segment


def show_unknown_page_note() -> None:
    """Once after a redirect from an unknown address: say so in German."""
    requested = st.session_state.pop(UNKNOWN_PAGE_KEY, None)
    if requested:
        st.info(
            f"Die Seite „{requested}“ gibt es im Planungsatlas nicht. Sie sehen die Startseite; "
            "die Seiten finden Sie links in der Navigation.",
            icon=":material/info:",
        )


def _to_start() -> None:
    """Body of an alias page; never reached, :func:`navigate` switches to the start page first."""


def navigate(pages: Sequence[StreamlitPage]) -> StreamlitPage:
    """The navigation of ``pages`` (the first is the start page), with aliases for unknown paths.

    "/start" (the name a reader would guess) and any other unknown address lead to the start
    page at "/" instead of Streamlit's English "Page not found" dialog: a hidden alias page for
    the requested path switches over, the start page then says so in German.
    """
    known = [p.url_path for p in pages]
    unknown = unknown_path(st.context.url, [*known, "start"])
    aliases = [
        st.Page(_to_start, title="Start", url_path=u, visibility="hidden")
        for u in {"start", unknown}
        if u
    ]
    nav = st.navigation([*pages, *aliases])
    if nav.url_path in {a.url_path for a in aliases}:
        if nav.url_path != "start":
            st.session_state[UNKNOWN_PAGE_KEY] = nav.url_path
        st.switch_page(pages[0], query_params=current_params())
    return nav
