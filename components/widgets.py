"""Widgets that show numbers the German way.

Streamlit's ``st.slider`` and ``st.number_input`` print decimals with a point ("1.55"); a
committee reads "1,55". :func:`de_slider` is a ``select_slider`` over the grid
``min_value, min_value + step, …, max_value`` whose labels come from
:func:`components.formatting.fmt_number`. The value stays a float, so URL state and callers
work as with ``st.slider``.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import streamlit as st

from components.formatting import fmt_number


def grid(min_value: float, max_value: float, step: float, decimals: int) -> list[float]:
    """The options of a slider: every ``step`` from ``min_value`` to ``max_value``, rounded.

    >>> grid(1.0, 1.2, 0.05, 2)
    [1.0, 1.05, 1.1, 1.15, 1.2]
    >>> grid(0.0, 10.0, 2.5, 1)
    [0.0, 2.5, 5.0, 7.5, 10.0]
    """
    if step <= 0 or max_value < min_value:
        raise ValueError("Schrittweite muss positiv sein und das Maximum ≥ Minimum.")
    n = int(round((max_value - min_value) / step))
    values = np.round(min_value + step * np.arange(n + 1), decimals)
    return [float(v) for v in values if v <= max_value + step / 1000]


def snap(value: float, options: list[float]) -> float:
    """The option nearest to ``value`` (ties go to the lower option).

    >>> snap(1.56, [1.5, 1.55, 1.6])
    1.55
    >>> snap(99.0, [1.0, 2.0])
    2.0
    """
    arr = np.asarray(options, dtype=float)
    return float(arr[int(np.argmin(np.abs(arr - float(value))))])


def with_default(options: list[float], value: float, decimals: int) -> list[float]:
    """``options`` with the default ``value`` added in order when it lies inside and is missing.

    >>> with_default([40.0, 45.0, 50.0], 45.84, 2)
    [40.0, 45.0, 45.84, 50.0]
    >>> with_default([40.0, 45.0, 50.0], 99.0, 2)
    [40.0, 45.0, 50.0]
    """
    v = round(float(value), decimals)
    if v in options or not options[0] <= v <= options[-1]:
        return options
    return sorted([*options, v])


def _finite(current: object, default: float) -> float:
    """``current`` as a finite float, else ``default`` (a broken session value never raises).

    >>> _finite("1,5", 2.0), _finite(float("nan"), 2.0), _finite(3, 2.0)
    (2.0, 2.0, 3.0)
    """
    try:
        number = float(current)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float(default)
    return number if np.isfinite(number) else float(default)


def label(value: float, decimals: int, unit: str = "") -> str:
    """German label of a slider value.

    >>> label(1.55, 2)
    '1,55'
    >>> label(45.5, 1, " %")
    '45,5 %'
    """
    return fmt_number(value, decimals) + unit


@functools.lru_cache(maxsize=64)
def _labels(options: tuple[float, ...], decimals: int, unit: str) -> dict[float, str]:
    """German label per option, formatted once per slider grid (not on every rerun)."""
    return {v: label(v, decimals, unit) for v in options}


def de_slider(
    container: Any,
    label_text: str,
    min_value: float,
    max_value: float,
    value: float,
    step: float,
    *,
    key: str,
    decimals: int,
    unit: str = "",
    help: str | None = None,  # noqa: A002 - same name as in Streamlit
) -> float:
    """A slider with German number labels ("1,55"); returns the chosen float.

    ``value`` is the default (e.g. a quota from the stored parameters); it is always one of the
    options, also when it is off the grid, so the default is never rounded away. It is the
    start value when the key is not yet in the session state (a caller that reads the URL puts
    the value there first). A value in the session state that is not an option is moved to the
    nearest option, so a value from a shared link never makes the widget fail.
    """
    options = with_default(grid(min_value, max_value, step, decimals), value, decimals)
    if key in st.session_state:
        current = st.session_state[key]
        snapped = snap(_finite(current, value), options)
        if not isinstance(current, float) or current != snapped:
            st.session_state[key] = snapped
        kwargs: dict[str, Any] = {}
    else:
        kwargs = {"value": snap(value, options)}
    texts = _labels(tuple(options), decimals, unit)
    chosen = container.select_slider(
        label_text,
        options=options,
        format_func=texts.__getitem__,
        key=key,
        help=help,
        **kwargs,
    )
    return float(chosen)
