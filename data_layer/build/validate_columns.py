"""Column checks shared by the validators: the first bad row raises, naming file, line and field.

Errors are German ``ImportValidationError`` s; every helper returns a new series and never
modifies its input.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from data_layer.build.readers import numeric_column
from data_layer.errors import ImportValidationError

#: A period: a year or a day (JJJJ or JJJJ-MM-TT).
PERIOD = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


def row_lines(frame: pd.DataFrame) -> pd.Series:
    """The file line of every row (``_line`` if the reader kept it, else header + position)."""
    if "_line" in frame.columns:
        return frame["_line"].astype(int)
    return pd.Series(np.arange(2, len(frame) + 2), index=frame.index)


def fail_at(frame: pd.DataFrame, mask: pd.Series, file_name: str, field: str, message: str) -> None:
    """Raise for the first row where ``mask`` is true."""
    if bool(mask.any()):
        idx = mask[mask].index[0]
        line = int(row_lines(frame).loc[idx])
        value = frame.loc[idx, field] if field in frame.columns else ""
        raise ImportValidationError(file_name, line, field, message.format(value=value))


def require_columns(
    frame: pd.DataFrame, columns: list[str], file_name: str, optional: set[str]
) -> None:
    for col in columns:
        if col not in frame.columns and col not in optional:
            raise ImportValidationError(file_name, 1, col, "Pflichtspalte fehlt.")


def text_column(frame: pd.DataFrame, col: str) -> pd.Series:
    """Column ``col`` as stripped text (missing column or cell → empty text)."""
    if col not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[col].where(frame[col].notna(), "").astype(str).str.strip()


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
