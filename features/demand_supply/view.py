"""Figures, map styling, legends and tables of the page "Bedarf und Angebot"."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts
from components.formatting import MISSING, fmt_int, fmt_number, fmt_percent, fmt_signed
from components.maps import deck as maps
from components.number_columns import fmt_ints, fmt_numbers
from indicators.access.classes import classify_gap, count_classes
from indicators.access.totals import region_totals, supply_change

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


#: the page's one sign convention (shown once on the page, used by every figure and table)
SIGN_NOTE = (
    "**Fehlbedarf** = Bedarf größer als Angebot (so viele Plätze fehlen); **Überschuss** = "
    "Angebot größer als Bedarf (so viele Plätze sind mehr da als gebraucht). Beide Zahlen sind "
    "nie negativ; in jedem Gebiet ist höchstens eine von beiden größer als 0."
)


def shortfall(gaps: pd.Series) -> pd.Series:
    """Fehlbedarf (places, ≥ 0) from the balance ``gap`` = supply − demand (NaN stays NaN).

    >>> shortfall(pd.Series([-27.5, 3.0])).tolist()
    [27.5, 0.0]
    """
    return (-gaps).clip(lower=0.0)


def surplus(gaps: pd.Series) -> pd.Series:
    """Überschuss (places, ≥ 0) from ``gap`` = supply − demand (NaN stays NaN).

    >>> surplus(pd.Series([-27.5, 3.0])).tolist()
    [0.0, 3.0]
    """
    return gaps.clip(lower=0.0)


def gap_labels(breaks: tuple[float, float, float]) -> list[str]:
    """Legend texts of the 7 classes (places), largest Fehlbedarf first."""
    s, m, big = (fmt_int(b) for b in breaks)
    return [
        f"Fehlbedarf {big} Plätze und mehr",
        f"Fehlbedarf {m} bis unter {big}",
        f"Fehlbedarf {s} bis unter {m}",
        f"ausgeglichen (weniger als {s} Abweichung)",
        f"Überschuss {s} bis unter {m}",
        f"Überschuss {m} bis unter {big}",
        f"Überschuss {big} Plätze und mehr",
    ]


def _gap_texts(gaps: pd.Series) -> list[str]:
    """'Fehlbedarf n Plätze' / 'Überschuss n Plätze' / 'keine Angabe' per value."""
    amounts = fmt_ints(gaps.abs())
    return [
        "keine Angabe"
        if t == MISSING
        else f"Fehlbedarf {t} Plätze"
        if g < 0
        else f"Überschuss {t} Plätze"
        for g, t in zip(gaps.tolist(), amounts, strict=True)
    ]


def area_tooltips(
    table: pd.DataFrame, names: pd.Series, count_mode: bool, estimated: bool = False
) -> pd.Series:
    """HTML tooltip per area (escaped names): demand, supply, coverage, gap, catchment view.

    ``estimated``: the residents of the target group are estimated (marked "geschätzt")."""
    est = " (geschätzt)" if estimated else ""
    label = table["area_id"].map(names).fillna(table["area_id"])
    heads = [f"<b>{html.escape(str(n))}</b><br/>" for n in label]
    if count_mode:
        bodies = [
            f"Kinder/Personen der Zielgruppe{est}: {p}<br/>Anzahl Einrichtungen: {n}<br/>"
            f"Einrichtungen je 1.000 Bedarf (Einzugsbereich): {a}"
            for p, n, a in zip(
                fmt_ints(table["population"]),
                fmt_ints(table["n_facilities"]),
                fmt_numbers(table["acc_coverage_pct"]),
                strict=True,
            )
        ]
    else:
        cols = zip(
            fmt_ints(table["demand"]),
            fmt_ints(table["supply"]),
            fmt_numbers(table["coverage_pct"], 0, percent=True),
            _gap_texts(table["gap"]),
            fmt_ints(table["acc_supply"]),
            fmt_numbers(table["acc_coverage_pct"], 0, percent=True),
            _gap_texts(table["acc_gap"]),
            strict=True,
        )
        bodies = [
            f"Bedarf{est}: {dem} Plätze<br/>Angebot im Gebiet: {sup} Plätze ({cov})<br/>"
            f"Im Gebiet: {gap}<br/>Mit Einzugsbereich: {acc} Plätze erreichbar ({acov}), {agap}"
            for dem, sup, cov, gap, acc, acov, agap in cols
        ]
    return pd.Series([h + b for h, b in zip(heads, bodies, strict=True)], index=table.index)


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


def styled_count(
    table: pd.DataFrame, column: str, breaks: list[float], tips: pd.Series
) -> pd.DataFrame:
    ok = table[column].notna()
    cls = count_classes(table.loc[ok, column], breaks)
    return pd.DataFrame(
        {
            "area_id": table.loc[ok, "area_id"],
            "fill": [COUNT_RGB[c] for c in cls],
            "tooltip": tips[ok],
        }
    )


def count_labels(breaks: list[float]) -> list[str]:
    """Legend texts of the count classes: "0,0 bis 2,0", "2,0 bis 3,5", …"""
    labels, lo = [], 0.0
    for b in breaks:
        labels.append(f"{fmt_number(lo)} bis {fmt_number(b)}")
        lo = b
    return labels


def count_legend(breaks: list[float], title: str, unit: str) -> None:
    labels = count_labels(breaks)
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


def operator_legend(places: bool = True) -> None:
    """Legend of the facility points; ``places`` = their size follows the place counts."""
    maps.legend(
        list(maps.OPERATOR_RGB),
        list(maps.OPERATOR_RGB.values()),
        title="Einrichtungen nach Trägerart",
        unit="Punktgröße ∝ Plätze" if places else "ohne Platzzahlen",
        no_data=False,
    )


def ranking_figure(
    table: pd.DataFrame, names: pd.Series, column: str, title: str, source: str, n: int = 15
) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars of the ``n`` areas with the largest Fehlbedarf (most negative gap)."""
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
            hovertemplate="%{y}: Fehlbedarf %{text} Plätze<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Fehlbedarf (Plätze)")
    fig = charts.style(fig, title=title, source=source, height=max(320, 30 * len(top) + 160))
    alt = pd.DataFrame(
        {"Gebiet": labels, "Fehlbedarf (Plätze)": [fmt_int(-v) for v in top[column]]}
    )
    return fig, alt


def display_table(
    table: pd.DataFrame, names: pd.Series, count_mode: bool, estimated: bool = False
) -> pd.DataFrame:
    """The per-area table as the user sees it (German numbers as text)."""
    est = " (geschätzt)" if estimated else ""
    out = pd.DataFrame({"Gebiet": table["area_id"].map(names).fillna(table["area_id"])})
    out[f"Zielgruppe{est}"] = fmt_ints(table["population"])
    out["Anzahl Einrichtungen"] = fmt_ints(table["n_facilities"])
    if count_mode:
        out[f"Einrichtungen je 1.000 Zielgruppe{est}"] = fmt_numbers(table["facilities_per_1000"])
        return out
    out[f"Bedarf (Plätze{', geschätzt' if estimated else ''})"] = fmt_ints(table["demand"])
    out["Angebot im Gebiet"] = fmt_ints(table["supply"])
    out["Versorgungsquote"] = fmt_numbers(table["coverage_pct"], 0, percent=True)
    out["Fehlbedarf im Gebiet"] = fmt_ints(shortfall(table["gap"]))
    out["Überschuss im Gebiet"] = fmt_ints(surplus(table["gap"]))
    out["Erreichbar (Einzugsbereich)"] = fmt_ints(table["acc_supply"])
    out["Versorgungsquote Einzugsbereich"] = fmt_numbers(table["acc_coverage_pct"], 0, percent=True)
    out["Fehlbedarf mit Einzugsbereich"] = fmt_ints(shortfall(table["acc_gap"]))
    out["Überschuss mit Einzugsbereich"] = fmt_ints(surplus(table["acc_gap"]))
    if "gap_change" in table:
        out["Änderung Angebot durch Szenario"] = fmt_numbers(table["gap_change"], 0, signed=True)
    return out


def export_frame(
    table: pd.DataFrame,
    hier: pd.DataFrame,
    meta: dict[str, str | float],
    estimated: bool = False,
) -> pd.DataFrame:
    """Numbers (not text) for CSV/XLSX, with the settings as columns."""
    info = hier.set_index("area_id")
    est = " (geschätzt)" if estimated else ""
    out = pd.DataFrame(
        {
            "Gebietsschlüssel": table["area_id"].map(info["local_id"]),
            "Gebiet": table["area_id"].map(info["name"]),
            f"Einwohner Zielgruppe{est}": table["population"],
            f"Bedarf (Plätze{', geschätzt' if estimated else ''})": table["demand"],
            "Anzahl Einrichtungen": table["n_facilities"],
            "Einrichtungen ohne Platzzahl": table["n_without_capacity"],
            "Angebot im Gebiet (Plätze bzw. Anzahl)": table["supply"],
            "Versorgungsquote (%)": table["coverage_pct"],
            "Fehlbedarf im Gebiet (Plätze)": shortfall(table["gap"]),
            "Überschuss im Gebiet (Plätze)": surplus(table["gap"]),
            "Erreichbares Angebot Einzugsbereich": table["acc_supply"],
            "Versorgungsquote Einzugsbereich": table["acc_coverage_pct"],
            "Fehlbedarf mit Einzugsbereich (Plätze)": shortfall(table["acc_gap"]),
            "Überschuss mit Einzugsbereich (Plätze)": surplus(table["acc_gap"]),
        }
    )
    if "gap_change" in table:
        out["Änderung Angebot im Gebiet durch Szenario (Plätze)"] = table["gap_change"]
        out["Änderung erreichbares Angebot durch Szenario (Plätze)"] = table["acc_gap_change"]
    for key, value in meta.items():
        out[key] = value
    return out


def metric_row(
    table: pd.DataFrame, base: pd.DataFrame | None, count_mode: bool, estimated: bool = False
) -> None:
    """Totals over all areas of the level (= the whole study region); the fifth figure adds
    up the places missing in the areas with Fehlbedarf (a surplus elsewhere does not help the
    families there)."""
    c1, c2, c3, c4, c5 = st.columns(5)
    t = region_totals(table)
    est = ", geschätzt" if estimated else ""
    if count_mode:
        c1.metric(f"Zielgruppe (Personen{est})", fmt_int(t.population))
        c2.metric("Anzahl Einrichtungen", fmt_int(t.n_facilities))
        return
    c1.metric(
        f"Bedarf (Plätze{est})",
        fmt_int(t.demand),
        help=f"Zielgruppe{' (geschätzt)' if estimated else ''}: {fmt_int(t.population)} Personen",
    )
    delta = None
    if base is not None:
        delta = fmt_signed(supply_change(table, base), 0) + " durch Szenario"
    c2.metric("Angebot (Plätze)", fmt_int(t.supply), delta=delta)
    c3.metric("Versorgungsquote", fmt_percent(t.coverage_pct, 1))
    c4.metric("Fehlbedarf (Plätze)" if t.gap < 0 else "Überschuss (Plätze)", fmt_int(abs(t.gap)))
    short = shortfall(table["gap"])
    n_short = int((short >= 0.5).sum())  # at least one place (as shown, rounded)
    c5.metric(
        "Fehlbedarf vor Ort (Plätze)",
        fmt_int(short[short >= 0.5].sum()),
        help=f"Fehlende Plätze, summiert über die {fmt_int(n_short)} von "
        f"{fmt_int(int(table['gap'].notna().sum()))} Gebieten, in denen Plätze fehlen – "
        "ohne Verrechnung mit dem Überschuss anderer "
        "Gebiete. Die Zahl hängt von der Ebene ab: feinere Gebiete zeigen mehr örtlichen Mangel.",
    )


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
    out[f"Angebot {a[:4]}"] = fmt_ints(comp[f"supply_{a}"])
    out[f"Angebot {b[:4]}"] = fmt_ints(comp[f"supply_{b}"])
    out["Veränderung"] = fmt_numbers(comp[f"supply_{b}"] - comp[f"supply_{a}"], 0, signed=True)
    if not count_mode:
        for snap in (a, b):
            out[f"Fehlbedarf {snap[:4]}"] = fmt_ints(shortfall(comp[f"gap_{snap}"]))
            out[f"Überschuss {snap[:4]}"] = fmt_ints(surplus(comp[f"gap_{snap}"]))
    return out
