"""Map, ranking and table building blocks of the page "Sozialräume vergleichen"."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from components import charts
from components.exports import csv_bytes, xlsx_bytes
from components.formatting import MISSING, SUPPRESSED, fmt_int, fmt_number, fmt_period
from components.layout import data_stamp
from components.maps import deck as maps
from indicators.social import classify as cl
from indicators.social.profile import rank_areas
from pages.areas import cache as data_sozial
from pages.areas import map as sozial_map

FLAG_TEXT = {
    "observed": "beobachtet",
    "derived": "berechnet",
    "estimated": "geschätzt (umgerechnet)",
    "missing": "keine Angabe",
    "suppressed": "Geheimhaltung",
}
MANY_AREAS = 40
TOP_N = 10
RGB = tuple[int, int, int]


def flag_text(flag: str, status: str, reason: object, min_denominator: float) -> str:
    """German flag with the reason, e.g. "keine Angabe (Nenner unter 300)"."""
    if status == "below_min":
        return f"keine Angabe (zu geringe Fallzahl: Nenner unter {fmt_int(min_denominator)})"
    if status == "suppressed":
        return "Geheimhaltung / zu geringe Fallzahl"
    text = FLAG_TEXT.get(flag, flag)
    why = str(reason).strip() if isinstance(reason, str) else ""
    return f"{text} ({why})" if why else text


def value_text(value: float | None, status: str, decimals: int) -> str:
    if status == "suppressed":
        return SUPPRESSED
    return fmt_number(value, decimals)


def ranked(values: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """Values with rank columns (1 = highest value) indexed by area_id."""
    v = values.set_index("area_id")
    ranks = rank_areas(v["value"].astype(float), polarity)
    return v.join(ranks[["rank", "rank_text"]])


def _tooltip(row: Any, meta: Mapping[str, Any], decimals: int) -> str:
    name = html.escape(str(row.name_))
    unit = html.escape(str(meta.get("unit") or ""))
    value = value_text(row.value, row.status, decimals)
    flag = html.escape(flag_text(row.flag, row.status, row.flag_reason, row.min_denominator))
    rank = html.escape(str(row.rank_text))
    short = html.escape(str(meta.get("short_name") or ""))
    return (
        f"<b>{name}</b> ({html.escape(str(row.local_id))})<br/>{short}: {value} {unit}"
        f"<br/>{rank}<br/><i>{flag}</i>"
    )


def tooltips(table: pd.DataFrame, meta: Mapping[str, Any], decimals: int) -> list[str]:
    """Map tooltip (HTML) per row of a :func:`ranked` table."""
    frame = table.rename(columns={"name": "name_"})
    return [_tooltip(row, meta, decimals) for row in frame.itertuples()]


def styled_values(
    table: pd.DataFrame,
    classes: pd.Series,
    colors: Sequence[RGB],
    meta: Mapping[str, Any],
    tips: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per-area fill colour (grey = keine Angabe) and tooltip for the choropleth.

    ``tips``: precomputed :func:`tooltips` of ``table`` (they do not depend on the classes).
    """
    cls = classes.reindex(table.index).fillna(cl.NO_DATA_CLASS).astype(int)
    fills = [tuple(colors[c]) if 0 <= c < len(colors) else maps.NO_DATA_RGB for c in cls]
    if tips is None:
        tips = tooltips(table, meta, int(meta.get("decimals") or 1))
    return pd.DataFrame({"area_id": table.index, "fill": fills, "tooltip": list(tips)})


def category_styled(
    names: pd.Series, categories: pd.Series, colors: Mapping[str, RGB], lines: Sequence[str] = ()
) -> pd.DataFrame:
    """Fill and tooltip for a categorical map (index class, type, hot spot); NA = keine Angabe."""
    rows = []
    extra = list(lines) or [""] * len(categories)
    for (area_id, cat), more in zip(categories.items(), extra, strict=True):
        label = "keine Angabe" if pd.isna(cat) else str(cat)
        name = html.escape(str(names.get(area_id, area_id)))
        tip = f"<b>{name}</b><br/>{html.escape(label)}"
        if more:
            tip += f"<br/>{html.escape(more)}"
        rows.append((area_id, colors.get(label, maps.NO_DATA_RGB), tip))
    return pd.DataFrame(rows, columns=["area_id", "fill", "tooltip"])


def build_deck(
    system_code: str,
    level: str,
    within: str | None,
    styled: pd.DataFrame,
    *,
    selected: Sequence[str] = (),
    basemap: bool = False,
) -> pdk.Deck:
    """Choropleth deck (no basemap by default) with a thick outline around selected areas."""
    feats = data_sozial.features(system_code, level, within)
    extra = []
    chosen = [f for f in feats if f[0] in set(selected)]
    if chosen:
        outline = {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": f[3], "properties": {}} for f in chosen],
        }
        extra.append(
            pdk.Layer(
                "GeoJsonLayer",
                data=outline,
                id="auswahl",
                filled=False,
                stroked=True,
                get_line_color=[0, 0, 0],
                line_width_min_pixels=3,
                pickable=False,
            )
        )
    view = data_sozial.view(system_code, level, within)
    key = (system_code, level, within)
    return sozial_map.deck(key, feats, styled, view, extra_layers=extra, basemap=basemap)


def category_legend(labels: Sequence[str], colors: Mapping[str, RGB], title: str) -> None:
    maps.legend(list(labels), [colors[c] for c in labels], title=title, unit="Klassen")


# --------------------------------------------------------------------------- tables


def ranking_table(
    table: pd.DataFrame, meta: Mapping[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown table with German texts, export table with numbers), sorted by rank."""
    decimals = int(meta.get("decimals") or 1)
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
                value_text(v, s, decimals) for v, s in zip(t["value"], t["status"], strict=True)
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
            f"Wert ({meta.get('unit', '')})": t["value"].astype(float).to_numpy(),
            "Zähler": t["numerator"].astype(float).to_numpy(),
            "Nenner": t["denominator"].astype(float).to_numpy(),
            "Kennzeichnung": flags,
        }
    )
    return shown, export


def downloads(
    frame: pd.DataFrame, meta: Mapping[str, Any] | None, name: str, key: str, source: str = ""
) -> None:
    """CSV and XLSX of the shown table, both naming source, data date and data version."""
    src = source or str((meta or {}).get("source") or "Planungsatlas")
    date = str((meta or {}).get("data_date") or "")
    stamp = data_stamp()
    c1, c2 = st.columns(2)
    c1.download_button(
        "Tabelle als CSV",
        csv_bytes(frame, source=src, stamp=stamp, data_date=date),
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


# --------------------------------------------------------------------------- charts


def _bar_colors(ids: Sequence[str], selected: Sequence[str]) -> list[str]:
    return [charts.HIGHLIGHT if a in set(selected) else charts.QUALITATIVE[0] for a in ids]


def ranking_figure(
    table: pd.DataFrame,
    meta: Mapping[str, Any],
    reference: float | None,
    reference_name: str,
    selected: Sequence[str],
) -> go.Figure:
    """Sorted bars (all areas, or the top and bottom ten when there are many)."""
    t = table[table["value"].notna()].sort_values("value", ascending=False)
    many = len(t) > MANY_AREAS
    if many:
        keep = pd.concat([t.head(TOP_N), t[t.index.isin(selected)], t.tail(TOP_N)])
        t = keep[~keep.index.duplicated()].sort_values("value", ascending=False)
    labels = [f"{n} ({int(r)})" for n, r in zip(t["name"], t["rank"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=t["value"],
            y=labels,
            orientation="h",
            marker_color=_bar_colors(list(t.index), selected),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    if reference is not None:
        fig.add_vline(
            x=reference,
            line_dash="dash",
            line_color="#000",
            annotation_text=f"{reference_name}: {fmt_number(reference, int(meta.get('decimals') or 1))}",
            annotation_position="top",
        )
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=str(meta.get("unit") or ""))
    title = (
        f"{meta.get('short_name')}: höchste und niedrigste {TOP_N} von {fmt_int(len(table))} Gebieten"
        if many
        else f"{meta.get('short_name')}: alle Gebiete nach Wert (Rang in Klammern)"
    )
    return charts.style(
        fig, title=title, source=charts.source_line(dict(meta)), height=max(420, 24 * len(t) + 140)
    )


def histogram_figure(
    table: pd.DataFrame,
    meta: Mapping[str, Any],
    reference: float | None,
    reference_name: str,
    selected_values: Mapping[str, float],
) -> go.Figure:
    """Distribution of the values with the Kommune value and the selected areas as lines."""
    values = table["value"].dropna().astype(float)
    fig = go.Figure(go.Histogram(x=values, nbinsx=30, marker_color=charts.QUALITATIVE[4]))
    if reference is not None:
        fig.add_vline(
            x=reference,
            line_dash="dash",
            line_color="#000",
            annotation_text=reference_name,
            annotation_position="top right",
        )
    for name, value in selected_values.items():
        fig.add_vline(
            x=value,
            line_color=charts.HIGHLIGHT,
            line_width=3,
            annotation_text=name,
            annotation_position="top left",
        )
    fig.update_xaxes(title=str(meta.get("unit") or ""))
    fig.update_yaxes(title="Anzahl Gebiete")
    return charts.style(
        fig,
        title=f"Verteilung: {meta.get('short_name')} ({fmt_int(len(values))} Gebiete mit Wert)",
        source=charts.source_line(dict(meta)),
        height=380,
    )


def period_caption(meta: Mapping[str, Any], period: str, level: str, n: int, n_value: int) -> str:
    return (
        f"{meta.get('name')} · {level} · Stand {fmt_period(period)} · "
        f"{fmt_int(n_value)} von {fmt_int(n)} Gebieten mit Wert"
    )
