"""Parts of a page that rerun alone (``st.fragment``), with the page's friendly failure and link."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from components.errors import run_guarded
from components.url_state import set_part_params

P = ParamSpec("P")
R = TypeVar("R")


def page_part(part: Callable[P, R]) -> Callable[P, R | None]:
    """``st.fragment`` around a part of a page whose widgets change nothing outside it.

    A widget inside the part reruns only the part: the rest of the page is neither computed
    nor redrawn. Such a rerun does not reach the end of the page, so the link is rewritten
    here: the page's whole view plus what the part wrote (``url_state.set_part_params``) – a
    fragment request sent while the page was still loading carries an incomplete query string.
    Errors get the page's German note in the part's place. Returns the part's result on a run
    of the whole page (``None`` after a failure). A widget that must change the rest of the
    page calls ``st.rerun(scope="app")``.
    """

    @st.fragment
    @functools.wraps(part)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        result: list[R] = []
        run_guarded(lambda: result.append(part(*args, **kwargs)))
        set_part_params()
        return result[0] if result else None

    return run
