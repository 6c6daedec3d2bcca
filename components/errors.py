"""Friendly failure: users see a German note, operators get the traceback in the log."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from data_layer.errors import DataError

log = logging.getLogger("planungsatlas")

P = ParamSpec("P")
R = TypeVar("R")


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


def guarded_fragment(part: Callable[P, R]) -> Callable[P, R | None]:
    """``st.fragment`` around a part of a page, with the page's friendly failure.

    A widget inside the part reruns only the part (the rest of the page is neither computed
    nor redrawn). Such a rerun does not reach the end of the page, so the part writes its own
    URL parameters. Returns the part's result on a run of the whole page (``None`` after a
    failure, which shows the German note in the part's place).
    """

    @st.fragment
    @functools.wraps(part)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        result: list[R] = []
        run_guarded(lambda: result.append(part(*args, **kwargs)))
        return result[0] if result else None

    return run
