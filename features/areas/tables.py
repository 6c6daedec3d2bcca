"""Texts, tooltips and tables of "Sozialräume vergleichen" (German formatting, downloads)."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from components.exports import csv_bytes, xlsx_bytes
from components.formatting import (
    MISSING,
    SUPPRESSED,
    Number,
    fmt_int,
    fmt_number,
    fmt_period,
)
from components.layout import data_stamp
from features.areas.context import IndicatorInfo

FLAG_TEXT = {
    "observed": "wie veröffentlicht",
    "derived": "berechnet",
    "estimated": "geschätzt (umgerechnet)",
    "missing": "keine Angabe",
    "suppressed": "Geheimhaltung",
}


def flag_text(flag: object, status: object, reason: object, min_denominator: object) -> str:
    """German flag with the reason, e.g. "keine Angabe (Nenner unter 300)"."""
    if status == "below_min":
        return (
            f"keine Angabe (zu geringe Fallzahl: Nenner unter {fmt_int(_number(min_denominator))})"
        )
    if status == "suppressed":
        return "Geheimhaltung / zu geringe Fallzahl"
    text = FLAG_TEXT.get(str(flag), str(flag))
    why = str(reason).strip() if isinstance(reason, str) else ""
    return f"{text} ({why})" if why else text


def _number(value: object) -> Number:
    """A number cell as it is (NaN stays NaN: shown as "–"); anything else None."""
    if isinstance(value, int | float | np.integer | np.floating | Decimal):
        return value
    return None


def value_text(value: object, status: object, decimals: int) -> str:
    """The value as shown ("Geheimhaltung" as the suppression mark)."""
    if status == "suppressed":
        return SUPPRESSED
    return fmt_number(_number(value), decimals)


def _tooltip(row: Any, info: IndicatorInfo) -> str:
    name = html.escape(str(row.name_))
    unit = html.escape(info.unit)
    value = value_text(row.value, row.status, info.decimals)
    flag = html.escape(flag_text(row.flag, row.status, row.flag_reason, row.min_denominator))
    rank = html.escape(str(row.rank_text))
    short = html.escape(info.short_name)
    return (
        f"<b>{name}</b> ({html.escape(str(row.local_id))})<br/>{short}: {value} {unit}"
        f"<br/>{rank}<br/><i>{flag}</i>"
    )


def tooltips(table: pd.DataFrame, info: IndicatorInfo) -> list[str]:
    """Map tooltip (HTML) per row of a ranked table (``indicators.social.profile.ranked_values``)."""
    frame = table.rename(columns={"name": "name_"})
    return [_tooltip(row, info) for row in frame.itertuples()]


def ranking_table(
    table: pd.DataFrame, info: IndicatorInfo, ancestors: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown table with German texts, export table with numbers), sorted by rank.

    ``ancestors`` (area_id → one column per coarser level, named like it): the levels above
    the direct parent are shown as columns of their own (e.g. the Bezirk beside the
    Bezirksregion and its Prognoseraum).
    """
    t = table.sort_values(["rank", "name"], na_position="last")
    flags = [
        flag_text(f, s, r, m)
        for f, s, r, m in zip(
            t["flag"], t["status"], t["flag_reason"], t["min_denominator"], strict=True
        )
    ]
    shown = pd.DataFrame(
        {
            "Rang": [MISSING if pd.isna(r) else str(int(r)) for r in t["rank"]],
            "Gebiet": t["name"].to_numpy(),
            "Schlüssel": t["local_id"].to_numpy(),
            "Übergeordnet": t["parent_name"].fillna(MISSING).to_numpy(),
            "Wert": [
                value_text(v, s, info.decimals)
                for v, s in zip(t["value"], t["status"], strict=True)
            ],
            "Zähler": [fmt_number(x, 0) for x in t["numerator"]],
            "Nenner": [fmt_number(x, 0) for x in t["denominator"]],
            "Kennzeichnung": flags,
        }
    )
    export = pd.DataFrame(
        {
            "Rang": t["rank"].to_numpy(),
            "Gebiet": t["name"].to_numpy(),
            "Schlüssel": t["local_id"].to_numpy(),
            "Übergeordnet": t["parent_name"].to_numpy(),
            f"Wert ({info.record.get('unit', '')})": t["value"].astype(float).to_numpy(),
            "Zähler": t["numerator"].astype(float).to_numpy(),
            "Nenner": t["denominator"].astype(float).to_numpy(),
            "Kennzeichnung": flags,
        }
    )
    if ancestors is not None and ancestors.shape[1] > 1:
        upper = ancestors.iloc[:, :-1].reindex(t.index)
        at = list(shown.columns).index("Übergeordnet")
        for i, level in enumerate(upper.columns):
            names = upper[level].to_numpy()
            shown.insert(at + i, str(level), [MISSING if pd.isna(n) else n for n in names])
            export.insert(at + i, str(level), names)
    return shown, export


def period_caption(info: IndicatorInfo, period: str, level: str, n: int, n_value: int) -> str:
    return (
        f"{info.name} · {level} · Stand {fmt_period(period)} · "
        f"{fmt_int(n_value)} von {fmt_int(n)} Gebieten mit Wert"
    )


def downloads(
    frame: pd.DataFrame, source: dict[str, Any] | None, name: str, key: str, *, text: str = ""
) -> None:
    """CSV and XLSX of the shown table, both naming source, data date and data version.

    ``source``: a record with ``source`` and ``data_date``; ``text`` overrides its source.
    """
    src = text or str((source or {}).get("source") or "Planungsatlas")
    date = str((source or {}).get("data_date") or "")
    stamp = data_stamp()
    c1, c2 = st.columns(2)
    c1.download_button(
        "Tabelle als CSV",
        lambda: csv_bytes(frame, source=src, stamp=stamp, data_date=date),  # built on click
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}.csv",
        on_click="ignore",
    )
    c2.download_button(
        "Tabelle als Excel (XLSX)",
        lambda: xlsx_bytes(frame, source=src, stamp=stamp, data_date=date),  # built on click
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}.xlsx",
        on_click="ignore",
    )
