"""Friendly failure: users see a German note, operators get the traceback in the log."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from data_layer.errors import DataError

log = logging.getLogger("planungsatlas")


def run_guarded(page: Callable[[], None]) -> None:
    """Run a page; DataError → its message, anything else → a generic note (logged)."""
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
