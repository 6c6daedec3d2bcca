"""German number and date formats (components/formatting.py)."""

from __future__ import annotations

import datetime as dt
import doctest
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from components import formatting
from components.formatting import (
    fmt_date,
    fmt_int,
    fmt_number,
    fmt_percent,
    fmt_period,
    fmt_signed,
)

NB = "\u00a0"  # no-break space between number and unit
MINUS = "\u2212"


def test_doctests_pass() -> None:
    # components/ is not in pytest's testpaths, so run its doctests here.
    result = doctest.testmod(formatting, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234.56, 1, "1.234,6"),
        (0.05, 1, "0,1"),  # half up, not half even
        (0.15, 1, "0,2"),
        (2.675, 2, "2,68"),  # binary 2.67499… but shown as 2.675 → 2,68
        (999.95, 1, "1.000,0"),
        (1_000_000, 0, "1.000.000"),
        (123, 2, "123,00"),
        (-1234.5, 1, f"{MINUS}1.234,5"),
        (-0.04, 1, "0,0"),  # never "−0,0"
        (-0.05, 1, f"{MINUS}0,1"),
        (np.float64(12.25), 1, "12,3"),
        (np.int64(12345), 0, "12.345"),
        (Decimal("7.125"), 2, "7,13"),
        (0, 1, "0,0"),
    ],
)
def test_fmt_number(x: float, decimals: int, expected: str) -> None:
    assert fmt_number(x, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, float("inf"), -np.inf])
def test_missing_values_show_dash(missing: object) -> None:
    assert fmt_number(missing) == "–"  # type: ignore[arg-type]
    assert fmt_int(missing) == "–"  # type: ignore[arg-type]
    assert fmt_percent(missing) == "–"  # type: ignore[arg-type]
    assert fmt_signed(missing) == "–"  # type: ignore[arg-type]


def test_suppressed_shows_dot_even_with_value() -> None:
    assert fmt_number(3.0, suppressed=True) == "."
    assert fmt_int(None, suppressed=True) == "."
    assert fmt_percent(12.0, suppressed=True) == "."


@pytest.mark.parametrize("bad", ["12", True])
def test_non_numbers_raise(bad: object) -> None:
    with pytest.raises(ValueError, match="Keine Zahl"):
        fmt_number(bad)  # type: ignore[arg-type]


def test_negative_decimals_raise() -> None:
    with pytest.raises(ValueError):
        fmt_number(1.0, -1)


@pytest.mark.parametrize(
    ("x", "expected"),
    [(1510378, "1.510.378"), (0.5, "1"), (1.5, "2"), (2.5, "3"), (-2.5, f"{MINUS}3"), (999, "999")],
)
def test_fmt_int(x: float, expected: str) -> None:
    assert fmt_int(x) == expected


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (12.345, 1, f"12,3{NB}%"),
        (100, 0, f"100{NB}%"),
        (4.95, 1, f"5,0{NB}%"),
        (-1.25, 1, f"{MINUS}1,3{NB}%"),
        (1234.5, 1, f"1.234,5{NB}%"),
    ],
)
def test_fmt_percent(x: float, decimals: int, expected: str) -> None:
    assert fmt_percent(x, decimals) == expected


@pytest.mark.parametrize(
    ("x", "decimals", "unit", "expected"),
    [
        (2.45, 1, "", "+2,5"),
        (-2.45, 1, "", f"{MINUS}2,5"),
        (0.0, 1, "", "±0,0"),
        (-0.04, 1, "", "±0,0"),
        (0.05, 1, "", "+0,1"),
        (1234.0, 0, "", "+1.234"),
        (3.2, 1, "%", f"+3,2{NB}%"),
        (-0.8, 1, "Prozentpunkte", f"{MINUS}0,8{NB}Prozentpunkte"),
    ],
)
def test_fmt_signed(x: float, decimals: int, unit: str, expected: str) -> None:
    assert fmt_signed(x, decimals, unit) == expected


def test_minus_is_u2212_not_hyphen() -> None:
    assert "-" not in fmt_signed(-5.0)
    assert "-" not in fmt_number(-5.0)
    assert fmt_signed(-5.0)[0] == "\u2212"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        ("2024-12-31", "31.12.2024"),
        ("2021-01-01", "01.01.2021"),
        (" 2024-06-30 ", "30.06.2024"),
        (dt.date(2023, 3, 5), "05.03.2023"),
        (dt.datetime(2023, 3, 5, 14, 30), "05.03.2023"),
        (pd.Timestamp("2022-05-15"), "15.05.2022"),
        (None, "–"),
        (pd.NaT, "–"),
    ],
)
def test_fmt_date(d: object, expected: str) -> None:
    assert fmt_date(d) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        ("2026-02", "02/2026"),  # a facility list's Stand as month (OSM extract)
        (" 2026-02 ", "02/2026"),
        ("2023", "2023"),  # a yearly Stand stays a year
        ("", "–"),
        ("   ", "–"),
    ],
)
def test_fmt_date_month_and_year(d: str, expected: str) -> None:
    assert fmt_date(d) == expected


@pytest.mark.parametrize(
    "odd",
    [
        "31.12.2024",
        "2024-13-01",
        "2024-02-30",
        "2026-13",
        "2026-2",
        "24",
        "Stand unbekannt",
        "2024-12-31T10:00",
    ],
)
def test_fmt_date_returns_odd_input_unchanged(odd: str) -> None:
    assert fmt_date(odd) == odd


def test_fmt_date_never_raises_on_other_types() -> None:
    assert fmt_date(float("nan")) == "–"  # type: ignore[arg-type]
    assert fmt_date(20240101) == "20240101"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("period", "expected"),
    [("2022", "2022"), ("2024-06-30", "30.06.2024"), ("2024-12-31", "31.12.2024"), (None, "–")],
)
def test_fmt_period(period: str | None, expected: str) -> None:
    assert fmt_period(period) == expected


def test_fmt_period_shows_other_formats_as_given() -> None:
    # a period the app cannot read is shown as the source wrote it, never an exception
    assert fmt_period("2022-Q1") == "2022-Q1"
    assert fmt_period("2025-06") == "06/2025"
