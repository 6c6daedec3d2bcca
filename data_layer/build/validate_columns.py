"""Column checks shared by the validators: the first bad row raises, naming file, line and field.

Errors are German ``ImportValidationError`` s; every helper returns a new series and never
modifies its input.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from data_layer.build.located import first_row, is_feature_file, located_error
from data_layer.build.readers import numeric_column
from data_layer.errors import ImportValidationError

#: A period: a year or a day (JJJJ or JJJJ-MM-TT).
PERIOD = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


def row_lines(frame: pd.DataFrame, file_name: str = "") -> pd.Series:
    """The row number of every row in the file.

    ``_line`` if the reader kept it; else the lines a YAML reader noted (``attrs["lines"]``);
    else the position: feature 1 is the first feature of a geometry file, line 2 the first
    row of a table (after its header).
    """
    if "_line" in frame.columns:
        return frame["_line"].astype(int)
    noted = frame.attrs.get("lines")
    if isinstance(noted, list) and len(noted) == len(frame):
        return pd.Series([int(x.get("", 0)) for x in noted], index=frame.index)
    start = first_row(file_name or str(frame.attrs.get("file", "")))
    return pd.Series(np.arange(start, len(frame) + start), index=frame.index)


def line_at(frame: pd.DataFrame, idx: Any, field: str, file_name: str = "") -> int:
    """Line (or feature number) of row ``idx``; of its ``field`` when a YAML reader noted it."""
    noted = frame.attrs.get("lines")
    if "_line" not in frame.columns and isinstance(noted, list) and len(noted) == len(frame):
        pos = list(frame.index).index(idx)
        return int(noted[pos].get(field) or noted[pos].get("", 0))
    return int(row_lines(frame, file_name).loc[idx])


def fail_at(frame: pd.DataFrame, mask: pd.Series, file_name: str, field: str, message: str) -> None:
    """Raise for the first row where ``mask`` is true."""
    if bool(mask.any()):
        idx = mask[mask].index[0]
        line = line_at(frame, idx, field, file_name)
        value = frame.loc[idx, field] if field in frame.columns else ""
        raise located_error(file_name, line, field, message.format(value=value))


def require_columns(
    frame: pd.DataFrame, columns: list[str], file_name: str, optional: set[str]
) -> None:
    for col in columns:
        if col not in frame.columns and col not in optional:
            header = None if is_feature_file(file_name) else 1
            raise ImportValidationError(file_name, header, col, "Pflichtspalte fehlt.")


def text_column(frame: pd.DataFrame, col: str) -> pd.Series:
    """Column ``col`` as stripped text (missing column or cell → empty text)."""
    if col not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[col].where(frame[col].notna(), "").astype(str).str.strip()


def area_and_period(frame: pd.DataFrame, out: pd.DataFrame, file_name: str, area_ids: Any) -> None:
    """``area_id`` (a known area) and ``period`` (JJJJ or JJJJ-MM-TT) of a value table into
    ``out``; the first bad row stops the import with file, row and field."""
    out["area_id"] = text_column(frame, "area_id")
    fail_at(
        frame,
        ~out["area_id"].isin(area_ids),
        file_name,
        "area_id",
        "unbekannte Gebietskennung „{value}“.",
    )
    out["period"] = text_column(frame, "period")
    fail_at(
        frame,
        ~out["period"].str.match(PERIOD),
        file_name,
        "period",
        "Zeitpunkt „{value}“: erwartet JJJJ oder JJJJ-MM-TT.",
    )


def nullable(series: pd.Series) -> pd.Series:
    """Empty text → None (object dtype, so None stays None)."""
    obj = series.astype(object)
    return obj.where(obj != "", None)


def number_column(frame: pd.DataFrame, col: str, **kw: bool) -> tuple[pd.Series, pd.Series]:
    """Numbers of column ``col`` and, per row, why a number is missing.

    Options (keywords, as in :func:`data_layer.build.readers.numeric_column`): ``required``
    (default true: an empty cell raises), ``non_negative``, ``allow_symbols`` (GENESIS
    symbols such as ``-`` or ``.`` mean missing).
    """
    if col not in frame.columns:
        empty = pd.Series(np.nan, index=frame.index, dtype="float64")
        return empty, pd.Series("", index=frame.index, dtype=object)
    if pd.api.types.is_numeric_dtype(frame[col]):
        values = frame[col].astype("float64")
        if kw.get("non_negative"):
            fail_at(
                frame,
                values < 0,
                str(frame.attrs.get("file", "")),
                col,
                "negative Anzahl ({value}) ist nicht zulässig.",
            )
        if kw.get("required", True):
            fail_at(
                frame, values.isna(), str(frame.attrs.get("file", "")), col, "Pflichtfeld ist leer."
            )
        return values, pd.Series(
            np.where(values.isna(), "leer", ""), index=frame.index, dtype=object
        )
    return numeric_column(frame, col, **kw)


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DE_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DE_MONTH = re.compile(r"^(\d{1,2})\.(\d{4})$")


def iso_date(text: str) -> str | None:
    """A date as ISO text: day ``JJJJ-MM-TT`` or year ``JJJJ``; a month (``JJJJ-MM``) becomes
    its first day, the way a "Stand 01.2026" list is dated. German writing (``TT.MM.JJJJ``,
    ``MM.JJJJ``) is read too; ``None`` if the text is no date. Empty stays empty.

    >>> [iso_date(t) for t in ("31.12.2024", "2026-02", "02.2026", "1.7.2023", "2024", "")]
    ['2024-12-31', '2026-02-01', '2026-02-01', '2023-07-01', '2024', '']
    >>> iso_date("2024-02-30"), iso_date("Februar 2026"), iso_date("2026-13")
    (None, None, None)
    """
    t = text.strip()
    if t == "" or re.fullmatch(r"\d{4}", t):
        return t
    day = _ISO_DAY.match(t) or _DE_DAY.match(t)
    if day is not None:
        y, m, d = day.groups() if t[4:5] == "-" else day.groups()[::-1]
        try:
            return dt.date(int(y), int(m), int(d)).isoformat()
        except ValueError:
            return None
    month = _ISO_MONTH.match(t) or _DE_MONTH.match(t)
    if month is not None:
        y, m = month.groups() if t[4:5] == "-" else month.groups()[::-1]
        return f"{int(y):04d}-{int(m):02d}-01" if 1 <= int(m) <= 12 else None
    return None


def date_column(frame: pd.DataFrame, col: str, file_name: str) -> pd.Series:
    """Column ``col`` as ISO dates (see :func:`iso_date`); an unreadable date is refused."""
    text = text_column(frame, col)
    iso = text.map(iso_date)
    fail_at(
        frame,
        iso.isna(),
        file_name,
        col,
        "„{value}“ ist kein Datum (erlaubt: JJJJ-MM-TT, TT.MM.JJJJ, JJJJ-MM und MM.JJJJ für den "
        "Monatsersten, oder JJJJ).",
    )
    return iso.astype(object)
