"""Friendly failure: users see a German note, operators get the traceback in the log."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from data_layer.errors import DataError

log = logging.getLogger("planungsatlas")


def ensure_app_shell() -> None:
    """Make a shared link work on a fresh server.

    Streamlit treats an app with a ``pages/`` folder as a legacy multipage app until
    some session has called ``st.navigation``; the very first visitor who opens
    ``/indikatoren`` directly would get the bare page without navigation. Switching
    the flag and rerunning lets ``app.py`` route the same URL properly.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def run_guarded(page: Callable[[], None]) -> None:
    """Run a page; DataError → its message, anything else → a generic note (logged)."""
    ensure_app_shell()
    try:
        page()
    except DataError as exc:
        st.error(exc.message)
    except Exception:  # noqa: BLE001 - last line of defence, logged for the operator
        log.exception("Unerwarteter Fehler auf einer Seite")
        st.error(
            "Diese Ansicht konnte nicht angezeigt werden. Bitte laden Sie die Seite neu oder "
            "wählen Sie eine andere Auswahl. Der Fehler wurde protokolliert."
        )
