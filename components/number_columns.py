"""German number formats for whole columns at once (same text as ``components.formatting``).

The scalar formatters build a ``Decimal`` per value; for tables of a few
hundred rows × ten columns that is the slowest part of a rerun. These helpers
round with numpy and only fall back to the scalar formatter for the rare
values where binary floating point could decide a half-up tie differently
(fractional part within 1e-6 of .5, or huge values). The result is identical
text (tested against the scalar functions with Hypothesis).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from components.formatting import MINUS, MISSING, NBSP, fmt_number, fmt_signed

_TIE_TOLERANCE = 1e-6
_EXACT_LIMIT = 2.0**50


def _as_floats(values: Iterable[object] | pd.Series | np.ndarray) -> np.ndarray:
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype=float, na_value=np.nan)
    return pd.Series(list(values) if not isinstance(values, np.ndarray) else values).to_numpy(
        dtype=float, na_value=np.nan
    )


def _digits(q: int, decimals: int) -> str:
    """``q`` (|value| × 10^decimals, rounded) as German digits: ``123456, 1`` → ``'12.345,6'``."""
    if not decimals:
        return f"{q:,}".replace(",", ".")
    whole, frac = divmod(q, 10**decimals)
    return f"{whole:,}".replace(",", ".") + "," + f"{frac:0{decimals}d}"


def fmt_numbers(
    values: Iterable[object] | pd.Series | np.ndarray,
    decimals: int = 1,
    *,
    signed: bool = False,
    percent: bool = False,
) -> list[str]:
    """Format many numbers like :func:`~components.formatting.fmt_number` (or ``fmt_signed``).

    ``percent`` appends no-break space and ``%`` (like ``fmt_percent``); missing
    values give ``"–"``.

    >>> fmt_numbers([1234.5, -0.04, 0.125, float("nan")], 1)
    ['1.234,5', '0,0', '0,1', '–']
    >>> fmt_numbers([2.5, -27.5, 0.2], 0, signed=True)
    ['+3', '−28', '±0']
    >>> fmt_numbers([136.49], 1, percent=True) == ["136,5" + NBSP + "%"]
    True
    """
    x = _as_floats(values)
    finite = np.isfinite(x)
    scaled = np.where(finite, np.abs(x), 0.0) * 10.0**decimals
    rounded = np.floor(scaled + 0.5)
    frac = scaled - np.floor(scaled)
    tricky = finite & ((np.abs(frac - 0.5) < _TIE_TOLERANCE) | (scaled >= _EXACT_LIMIT))
    negative = (x < 0) & (rounded > 0)
    suffix = NBSP + "%" if percent else ""
    out: list[str] = []
    for value, ok, hard, q, neg in zip(
        x.tolist(),
        finite.tolist(),
        tricky.tolist(),
        rounded.tolist(),
        negative.tolist(),
        strict=True,
    ):
        if not ok:
            out.append(MISSING)
            continue
        if hard:
            text = fmt_signed(value, decimals) if signed else fmt_number(value, decimals)
            out.append(text + suffix)
            continue
        sign = MINUS if neg else ("+" if q > 0 else "±") if signed else ""
        out.append(sign + _digits(int(q), decimals) + suffix)
    return out


def fmt_ints(values: Iterable[object] | pd.Series | np.ndarray) -> list[str]:
    """Counts without decimals, like :func:`~components.formatting.fmt_int`.

    >>> fmt_ints([1510378, 2.5, -1234, None])
    ['1.510.378', '3', '−1.234', '–']
    """
    return fmt_numbers(values, 0)
