"""German number and date formats for everything a user sees.

Pure functions, no Streamlit import. Conventions (decided once, used everywhere):

* decimal comma, thousands separator ``"."`` (``1.234,5``);
* rounding is *half up on the decimal representation* a user would round by
  hand (``0,125`` → ``0,13``; Python's ``round`` would give ``0,12``);
* negative numbers and falling changes use the minus sign U+2212 (``"−"``),
  never the hyphen; ``−0,0`` is never shown (it becomes ``0,0``);
* between number and ``%`` stands a normal no-break space U+00A0
  (DIN 5008: space before ``%``; no-break so the sign never wraps alone);
* missing values (``None``, ``NaN``, ``pd.NA``, ±inf) are shown as
  :data:`MISSING` (``"–"``, en dash), values hidden by disclosure control as
  :data:`SUPPRESSED` (``"."``). NB: in Destatis tables ``"–"`` means
  "nichts vorhanden" (exactly zero); the app legend must therefore explain
  ``"–"`` as "keine Angabe".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

#: Shown for a missing value.
MISSING = "–"
#: Shown for a value suppressed by disclosure control (Destatis convention).
SUPPRESSED = "."
#: Minus sign U+2212.
MINUS = "\u2212"
#: No-break space U+00A0 between number and unit.
NBSP = "\u00a0"

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^\d{4}$")
_YEAR = re.compile(r"^\d{4}$")

Number = float | int | np.floating | np.integer | Decimal | None


def _as_decimal(x: object) -> Decimal | None:
    """Return ``x`` as a finite Decimal, or ``None`` when it is missing."""
    if isinstance(x, bool | str):
        raise ValueError(f"Keine Zahl: {x!r}")
    if isinstance(x, Decimal):
        return x if x.is_finite() else None
    if isinstance(x, int | np.integer):
        return Decimal(int(x))
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise ValueError(f"Keine Zahl: {x!r}") from err
    if not math.isfinite(value):
        return None
    # repr gives the shortest decimal that round-trips: what the user "sees"
    return Decimal(repr(value))


def _group(digits: str) -> str:
    """Insert ``.`` every three digits from the right: ``'1234567'`` → ``'1.234.567'``."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def _format_abs(value: Decimal, decimals: int) -> tuple[str, bool]:
    """Round half up and format ``|value|``; return (text, is_negative_after_rounding)."""
    if decimals < 0:
        raise ValueError("decimals muss ≥ 0 sein.")
    quant = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quant, rounding=ROUND_HALF_UP)
    negative = rounded < 0
    text = f"{abs(rounded):f}"
    int_part, _, frac = text.partition(".")
    out = _group(int_part)
    if decimals:
        out += "," + frac
    return out, negative


def fmt_number(x: Number, decimals: int = 1, *, suppressed: bool = False) -> str:
    """Format a number the German way.

    Parameters
    ----------
    x : float, int, Decimal or None
        The value (any unit; the unit is not appended).
    decimals : int
        Digits after the comma (rounded half up).
    suppressed : bool
        True when the value is hidden by disclosure control: returns ``"."``.

    Examples
    --------
    >>> fmt_number(1234.5)
    '1.234,5'
    >>> fmt_number(1234567.891, 2)
    '1.234.567,89'
    >>> fmt_number(0.125, 2)
    '0,13'
    >>> fmt_number(-3.25)
    '−3,3'
    >>> fmt_number(-0.04)
    '0,0'
    >>> fmt_number(float("nan")), fmt_number(None), fmt_number(5, suppressed=True)
    ('–', '–', '.')
    """
    if suppressed:
        return SUPPRESSED
    value = _as_decimal(x)
    if value is None:
        return MISSING
    text, negative = _format_abs(value, decimals)
    return MINUS + text if negative else text


def fmt_int(x: Number, *, suppressed: bool = False) -> str:
    """Format a count without decimals (rounded half up).

    Examples
    --------
    >>> fmt_int(1510378)
    '1.510.378'
    >>> fmt_int(2.5), fmt_int(-1234)
    ('3', '−1.234')
    >>> fmt_int(None)
    '–'
    """
    return fmt_number(x, 0, suppressed=suppressed)


def fmt_percent(x: Number, decimals: int = 1, *, suppressed: bool = False) -> str:
    """Format a value that is already in percent (12.3 means 12.3 %).

    Number and ``%`` are separated by a no-break space U+00A0.

    Examples
    --------
    >>> fmt_percent(12.345)
    '12,3\\xa0%'
    >>> fmt_percent(12.35) == "12,4" + NBSP + "%"
    True
    >>> fmt_percent(float("nan")), fmt_percent(3, suppressed=True)
    ('–', '.')
    """
    text = fmt_number(x, decimals, suppressed=suppressed)
    if text in (MISSING, SUPPRESSED):
        return text
    return f"{text}{NBSP}%"


def fmt_signed(x: Number, decimals: int = 1, unit: str = "") -> str:
    """Format a change with an explicit sign: ``+``, ``−`` (U+2212) or ``±`` for zero.

    Parameters
    ----------
    x : float, int, Decimal or None
        The change.
    decimals : int
        Digits after the comma (rounded half up).
    unit : str
        Appended after a no-break space, e.g. ``"%"`` or ``"Prozentpunkte"``.

    Examples
    --------
    >>> fmt_signed(2.45)
    '+2,5'
    >>> fmt_signed(-1234.5, 0)
    '−1.235'
    >>> fmt_signed(0.01)
    '±0,0'
    >>> fmt_signed(-3.2, unit="%") == "−3,2" + NBSP + "%"
    True
    >>> fmt_signed(None, unit="%")
    '–'
    """
    value = _as_decimal(x)
    if value is None:
        return MISSING
    text, negative = _format_abs(value, decimals)
    if negative:
        sign = MINUS
    elif value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) == 0:
        sign = "±"
    else:
        sign = "+"
    return f"{sign}{text}{NBSP}{unit}" if unit else f"{sign}{text}"


def fmt_date(d: str | dt.date | pd.Timestamp | None) -> str:
    """Format a date as German text; never raises.

    ``"YYYY-MM-DD"``, ``date`` and ``Timestamp`` become ``TT.MM.JJJJ``; a month
    ``"YYYY-MM"`` becomes ``MM/JJJJ`` and a year ``"YYYY"`` stays as it is (a
    Stand is shown only as precisely as the source gives it). Missing values
    (``None``, ``NaT``, empty text) become :data:`MISSING`; anything else that
    is not a valid date is returned as given.

    Examples
    --------
    >>> fmt_date("2024-12-31")
    '31.12.2024'
    >>> fmt_date(dt.date(2021, 1, 1))
    '01.01.2021'
    >>> fmt_date("2026-02"), fmt_date("2023")
    ('02/2026', '2023')
    >>> fmt_date(None), fmt_date("2024-02-30"), fmt_date("31.12.2024")
    ('–', '2024-02-30', '31.12.2024')
    """
    if d is None:
        return MISSING
    if not isinstance(d, str):
        try:
            if pd.isna(d):  # NaT (an instance of datetime) or NaN
                return MISSING
        except (TypeError, ValueError):  # arrays and other non-scalars
            return str(d)
        if isinstance(d, dt.date):
            return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"  # date, datetime, Timestamp
        return str(d)
    text = d.strip()
    if not text:
        return MISSING
    match = _ISO_DATE.match(text)
    if match is not None:
        try:
            parsed = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return d
        return f"{parsed.day:02d}.{parsed.month:02d}.{parsed.year:04d}"
    month = _ISO_MONTH.match(text)
    if month is not None and 1 <= int(month[2]) <= 12:
        return f"{month[2]}/{month[1]}"
    if _ISO_YEAR.match(text):
        return text
    return d


def fmt_period(period: str | None) -> str:
    """Format a period string: a year stays ``"2022"``, a Stichtag becomes ``TT.MM.JJJJ``.

    Examples
    --------
    >>> fmt_period("2022")
    '2022'
    >>> fmt_period("2024-06-30")
    '30.06.2024'
    """
    if period is None:
        return MISSING
    text = str(period).strip()
    if _YEAR.match(text):
        return text
    return fmt_date(text)
