"""Figures, map styling, legends and tables of the page "Bedarf und Angebot"."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from components import charts, maps
from components.bedarf_model import classify_gap
from components.formatting import fmt_int, fmt_number, fmt_percent, fmt_signed

#: ColorBrewer PuOr (7 classes, colour-blind safe): orange = places missing, purple = surplus
GAP_RGB = [
    (179, 88, 6),
    (241, 163, 64),
    (254, 224, 182),
    (247, 247, 247),
    (216, 218, 235),
    (153, 142, 195),
    (84, 39, 136),
]
#: ColorBrewer Blues (5 classes) for counts in "Anzahl Einrichtungen" mode
COUNT_RGB = [(239, 243, 255), (189, 215, 231), (107, 174, 214), (49, 130, 189), (8, 81, 156)]


def gap_labels(breaks: tuple[float, float, float]) -> list[str]:
    """Legend texts of the 7 gap classes (places), most missing first."""
    s, m, big = (fmt_int(b) for b in breaks)
    return [
        f"{big} und mehr Plätze fehlen",
        f"{m} bis unter {big} fehlen",
        f"{s} bis unter {m} fehlen",
        f"ausgeglichen (weniger als {s} Abweichung)",
        f"{s} bis unter {m} Überschuss",
        f"{m} bis unter {big} Überschuss",
        f"{big} und mehr Plätze Überschuss",
    ]


def _gap_text(gap: float) -> str:
    if pd.isna(gap):
        return "keine Angabe"
    if gap < 0:
        return f"{fmt_int(-gap)} Plätze fehlen"
    return f"{fmt_int(gap)} Plätze Überschuss"


def area_tooltips(table: pd.DataFrame, names: pd.Series, count_mode: bool) -> pd.Series:
    """HTML tooltip per area (escaped names): demand, supply, coverage, gap, catchment view."""
    tips = []
    for row in table.itertuples(index=False):
        name = html.escape(str(names.get(row.area_id, row.area_id)))
        if count_mode:
            body = (
                f"Kinder/Personen der Zielgruppe: {fmt_int(row.population)}<br/>"
                f"Anzahl Einrichtungen: {fmt_int(row.n_facilities)}<br/>"
                f"Einrichtungen je 1.000 Bedarf (Einzugsbereich): {fmt_number(row.acc_coverage_pct)}"
            )
        else:
            body = (
                f"Bedarf: {fmt_int(row.demand)} Plätze<br/>"
                f"Angebot im Gebiet: {fmt_int(row.supply)} Plätze "
                f"({fmt_percent(row.coverage_pct, 0)})<br/>"
                f"Im Gebiet: {_gap_text(row.gap)}<br/>"
                f"Mit Einzugsbereich: {fmt_int(row.acc_supply)} Plätze erreichbar "
                f"({fmt_percent(row.acc_coverage_pct, 0)}), {_gap_text(row.acc_gap)}"
            )
        tips.append(f"<b>{name}</b><br/>{body}")
    return pd.Series(tips, index=table.index)


def styled_gap(
    table: pd.DataFrame, column: str, breaks: tuple[float, float, float], tips: pd.Series
) -> pd.DataFrame:
    """area_id, fill, tooltip for the diverging gap map (NaN → not listed → grey)."""
    cls = classify_gap(table[column], breaks)
    ok = cls >= 0
    return pd.DataFrame(
        {
            "area_id": table.loc[ok, "area_id"],
            "fill": [GAP_RGB[c] for c in cls[ok]],
            "tooltip": tips[ok],
        }
    )


def count_breaks(values: pd.Series) -> list[float]:
    """Upper limits of 5 quantile classes (at least distinct)."""
    v = values.dropna()
    if v.empty:
        return [1.0]
    return sorted(set(np.quantile(v, [0.2, 0.4, 0.6, 0.8, 1.0]).round(1).tolist()))


def styled_count(
    table: pd.DataFrame, column: str, breaks: list[float], tips: pd.Series
) -> pd.DataFrame:
    v = table[column]
    ok = v.notna()
    cls = np.searchsorted(np.asarray(breaks), v[ok].to_numpy(float), side="left")
    cls = np.clip(cls, 0, len(breaks) - 1)
    return pd.DataFrame(
        {
            "area_id": table.loc[ok, "area_id"],
            "fill": [COUNT_RGB[c] for c in cls],
            "tooltip": tips[ok],
        }
    )


def count_legend(breaks: list[float], title: str, unit: str) -> None:
    labels, lo = [], 0.0
    for b in breaks:
        labels.append(f"{fmt_number(lo)} bis {fmt_number(b)}")
        lo = b
    maps.legend(labels, COUNT_RGB[: len(labels)], title=title, unit=unit)


def facility_tips(fac: pd.DataFrame) -> pd.DataFrame:
    """Facilities with an HTML tooltip: name, places (or 'unbekannt'), operator, operator type."""
    cap = fac["capacity"].map(lambda c: "unbekannt" if pd.isna(c) else fmt_int(c))
    tips = [
        f"<b>{html.escape(str(n))}</b><br/>Plätze: {c}<br/>Träger: {html.escape(str(o or '–'))}"
        f" ({html.escape(str(t))})"
        for n, c, o, t in zip(fac["name"], cap, fac["operator"], fac["operator_type"], strict=True)
    ]
    return fac.assign(tip=tips)


def operator_legend() -> None:
    maps.legend(
        list(maps.OPERATOR_RGB),
        list(maps.OPERATOR_RGB.values()),
        title="Einrichtungen nach Trägerart",
        unit="Punktgröße ∝ Plätze",
        no_data=False,
    )


def ranking_figure(
    table: pd.DataFrame, names: pd.Series, column: str, title: str, source: str, n: int = 15
) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars of the ``n`` areas with the most missing places (most negative gap)."""
    top = table.dropna(subset=[column]).nsmallest(n, column)
    top = top[top[column] < 0]
    labels = top["area_id"].map(names).fillna(top["area_id"])
    fig = go.Figure(
        go.Bar(
            x=-top[column],
            y=labels,
            orientation="h",
            marker_color=charts.HIGHLIGHT,
            text=[fmt_int(-v) for v in top[column]],
            textposition="outside",
            hovertemplate="%{y}: %{text} Plätze fehlen<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="fehlende Plätze")
    charts.style(fig, title=title, source=source, height=max(320, 30 * len(top) + 160))
    alt = pd.DataFrame({"Gebiet": labels, "fehlende Plätze": [fmt_int(-v) for v in top[column]]})
    return fig, alt


def display_table(table: pd.DataFrame, names: pd.Series, count_mode: bool) -> pd.DataFrame:
    """The per-area table as the user sees it (German numbers as text)."""
    out = pd.DataFrame({"Gebiet": table["area_id"].map(names).fillna(table["area_id"])})
    out["Zielgruppe"] = table["population"].map(fmt_int)
    out["Anzahl Einrichtungen"] = table["n_facilities"].map(fmt_int)
    if count_mode:
        out["Einrichtungen je 1.000 Zielgruppe"] = table["facilities_per_1000"].map(fmt_number)
        return out
    out["Bedarf (Plätze)"] = table["demand"].map(fmt_int)
    out["Angebot im Gebiet"] = table["supply"].map(fmt_int)
    out["Versorgungsquote"] = table["coverage_pct"].map(lambda v: fmt_percent(v, 0))
    out["Lücke im Gebiet"] = table["gap"].map(lambda v: fmt_signed(v, 0))
    out["Erreichbar (Einzugsbereich)"] = table["acc_supply"].map(fmt_int)
    out["Versorgungsquote Einzugsbereich"] = table["acc_coverage_pct"].map(
        lambda v: fmt_percent(v, 0)
    )
    out["Lücke mit Einzugsbereich"] = table["acc_gap"].map(lambda v: fmt_signed(v, 0))
    if "gap_change" in table:
        out["Änderung durch Szenario"] = table["gap_change"].map(lambda v: fmt_signed(v, 0))
    return out


def export_frame(table: pd.DataFrame, hier: pd.DataFrame, meta: dict[str, object]) -> pd.DataFrame:
    """Numbers (not text) for CSV/XLSX, with the settings as columns."""
    info = hier.set_index("area_id")
    out = pd.DataFrame(
        {
            "Gebietsschlüssel": table["area_id"].map(info["local_id"]),
            "Gebiet": table["area_id"].map(info["name"]),
            "Einwohner Zielgruppe": table["population"],
            "Bedarf (Plätze)": table["demand"],
            "Anzahl Einrichtungen": table["n_facilities"],
            "Einrichtungen ohne Platzzahl": table["n_without_capacity"],
            "Angebot im Gebiet (Plätze bzw. Anzahl)": table["supply"],
            "Versorgungsquote (%)": table["coverage_pct"],
            "Lücke im Gebiet (Plätze; negativ = fehlen)": table["gap"],
            "Erreichbares Angebot Einzugsbereich": table["acc_supply"],
            "Versorgungsquote Einzugsbereich": table["acc_coverage_pct"],
            "Lücke mit Einzugsbereich (Plätze)": table["acc_gap"],
        }
    )
    if "gap_change" in table:
        out["Änderung der Lücke durch Szenario"] = table["gap_change"]
        out["Änderung Lücke Einzugsbereich durch Szenario"] = table["acc_gap_change"]
    for key, value in meta.items():
        out[key] = value
    return out


def metric_row(table: pd.DataFrame, base: pd.DataFrame | None, count_mode: bool) -> None:
    """Totals over all areas of the level (= the whole study region)."""
    c1, c2, c3, c4 = st.columns(4)
    pop = float(table["population"].sum())
    if count_mode:
        c1.metric("Zielgruppe (Personen)", fmt_int(pop))
        c2.metric("Anzahl Einrichtungen", fmt_int(table["n_facilities"].sum()))
        return
    demand = float(table["demand"].sum())
    supply = table["supply"].sum(min_count=len(table)) if table["supply"].notna().all() else np.nan
    gap = supply - demand
    c1.metric("Bedarf (Plätze)", fmt_int(demand), help=f"Zielgruppe: {fmt_int(pop)} Personen")
    delta = None
    if base is not None:
        delta = (
            fmt_signed(float(table["supply"].sum() - base["supply"].sum()), 0) + " durch Szenario"
        )
    c2.metric("Angebot (Plätze)", fmt_int(supply), delta=delta)
    c3.metric("Versorgungsquote", fmt_percent(supply / demand * 100 if demand else np.nan, 1))
    c4.metric("Plätze fehlen" if gap < 0 else "Plätze Überschuss", fmt_int(abs(gap)))


def comparison_metrics(comp: pd.DataFrame, pair: tuple[str, str], count_mode: bool) -> None:
    cols = st.columns(len(pair) + 1)
    for col, snap in zip(cols, pair, strict=False):
        supply = comp[f"supply_{snap}"].sum()
        label = f"Angebot Stand {snap[:4]}"
        if count_mode:
            col.metric(label, f"{fmt_int(supply)} Einrichtungen")
        else:
            cov = supply / comp[f"demand_{snap}"].sum() * 100
            col.metric(
                label, f"{fmt_int(supply)} Plätze", help=f"Versorgungsquote {fmt_percent(cov)}"
            )
    change = comp[f"supply_{pair[1]}"].sum() - comp[f"supply_{pair[0]}"].sum()
    cols[-1].metric("Veränderung", fmt_signed(change, 0))


def comparison_table(
    comp: pd.DataFrame, names: pd.Series, pair: tuple[str, str], count_mode: bool
) -> pd.DataFrame:
    a, b = pair
    out = pd.DataFrame({"Gebiet": comp["area_id"].map(names).fillna(comp["area_id"])})
    out[f"Angebot {a[:4]}"] = comp[f"supply_{a}"].map(fmt_int)
    out[f"Angebot {b[:4]}"] = comp[f"supply_{b}"].map(fmt_int)
    out["Veränderung"] = (comp[f"supply_{b}"] - comp[f"supply_{a}"]).map(lambda v: fmt_signed(v, 0))
    if not count_mode:
        out[f"Lücke {a[:4]}"] = comp[f"gap_{a}"].map(lambda v: fmt_signed(v, 0))
        out[f"Lücke {b[:4]}"] = comp[f"gap_{b}"].map(lambda v: fmt_signed(v, 0))
    return out


class _CompactDeck(pdk.Deck):
    """A Deck whose JSON is compact: pydeck's ``indent=2`` forces the slow pure-Python encoder
    (about 5 × slower for a 542-area map); the content is identical."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def compact(deck: pdk.Deck) -> pdk.Deck:
    """Serialise ``deck`` compactly (same JSON content, about 5 × faster)."""
    deck.__class__ = _CompactDeck
    return deck


def with_tips(fac: pd.DataFrame, cached: pd.DataFrame) -> pd.DataFrame:
    """Facilities with tooltips: reuse the cached ones, compute only for planned facilities."""
    tips = fac["facility_id"].map(cached.set_index("facility_id")["tip"])
    new = tips.isna()
    if new.any():
        tips[new] = facility_tips(fac[new])["tip"]
    return fac.assign(tip=tips)


def visible_points(layer: pdk.Layer) -> pdk.Layer:
    """Keep facility points visible at city zoom (radius in metres × 3, at least 1.5 pixels)."""
    layer.radius_scale = 3
    layer.radius_min_pixels = 1.5
    return layer
