"""Section "Typisierung": k-means or Ward types of areas on chosen indicators."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts
from components.formatting import fmt_int, fmt_number, fmt_period
from components.maps import legend as map_legend
from components.url_state import seed_choice, seed_list
from features.areas import cache, tables
from features.areas import map as area_map
from features.areas.context import KEYS, AreaView, Params
from indicators.social.palette import RGB
from indicators.social.typology import ClusterMethod, TypologyResult

TYPE_COUNTS = list(range(2, 9))
METHOD_LABELS: dict[ClusterMethod, str] = {"kmeans": "k-Means", "ward": "Ward"}
MAX_INDICATORS = 8


@dataclass(frozen=True)
class TypologyChoice:
    """Indicators, number of types and clustering method."""

    indicators: tuple[str, ...]
    k: int
    method: ClusterMethod

    def url_params(self) -> Params:
        return {
            "typ_ind": ",".join(self.indicators) or None,
            "typen": str(self.k),
            "verfahren": self.method,
        }


def typology_candidates(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Indicators that can describe a type: no counts (sums), no classes."""
    no_sum = catalogue["aggregation"] != "sum"
    return catalogue[no_sum & ~catalogue["unit"].astype(str).str.startswith("Klasse")]


def _rgb(hex_colour: str) -> RGB:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def default_indicators(cands: pd.DataFrame, indicator: str, n: int = 4) -> list[str]:
    """Up to ``n`` indicators chosen by data: the page's indicator first, then the shares
    (``%``) of the catalogue order, then the rest – never by name."""
    ids = [str(i) for i in cands["indicator_id"]]
    shares = [str(i) for i, u in zip(cands["indicator_id"], cands["unit"], strict=True) if u == "%"]
    ordered = [indicator] if indicator in ids else []
    ordered += [i for i in [*shares, *ids] if i not in ordered]
    return list(dict.fromkeys(ordered))[:n]


def choose_typology(ids: list[str], names: dict[str, str], default: list[str]) -> TypologyChoice:
    c1, c2, c3 = st.columns([3, 1, 1])
    seed_list(KEYS("typ_ind"), ids, "typ_ind", default, MAX_INDICATORS)
    chosen = c1.multiselect(
        "Indikatoren",
        ids,
        format_func=lambda i: names.get(i, i),
        key=KEYS("typ_ind"),
        max_selections=MAX_INDICATORS,
        placeholder="Indikatoren wählen",
    )
    seed_choice(KEYS("typ_k"), TYPE_COUNTS, "typen", 4)
    k = c2.select_slider("Anzahl Typen", TYPE_COUNTS, key=KEYS("typ_k"))
    methods: list[ClusterMethod] = list(METHOD_LABELS)
    seed_choice(KEYS("typ_verf"), methods, "verfahren", "kmeans")
    method = c3.radio(
        "Verfahren", methods, format_func=lambda m: METHOD_LABELS[m], key=KEYS("typ_verf")
    )
    return TypologyChoice(tuple(chosen), int(k), method or "kmeans")


def typology(view: AreaView) -> Params:
    """k-means or Ward types on chosen indicators: map and profile of each type."""
    cands = typology_candidates(view.catalogue)
    ids = [str(i) for i in cands["indicator_id"]]
    names = {
        str(k): str(v) for k, v in zip(cands["indicator_id"], cands["short_name"], strict=True)
    }
    st.subheader("Typisierung: Gebiete mit ähnlichem Profil")
    if len(ids) == 0:
        st.info("Auf dieser Ebene gibt es keine geeigneten Indikatoren.")
        return {}
    choice = choose_typology(ids, names, default_indicators(cands, view.indicator))
    if not choice.indicators:
        st.info("Bitte mindestens einen Indikator wählen.")
        return choice.url_params()
    try:
        result, used = cache.typology(
            choice.indicators, view.system, view.level, choice.k, choice.method
        )
    except ValueError as exc:
        st.warning(f"Die Typisierung ist so nicht möglich: {exc}")
        return choice.url_params()
    labels = [
        f"Typ {t} ({fmt_int(result.profile.loc[t, 'size'])} Gebiete)" for t in result.profile.index
    ]
    stand = ", ".join(f"{names[i]}: {fmt_period(used.get(i))}" for i in choice.indicators)
    _type_map(view, result, labels, choice.k, stand)
    st.caption(
        f"{result.method_label}, Startwert 42 (wiederholbar). Indikatoren z-standardisiert; "
        f"{fmt_int(result.n_missing)} Gebiete ohne vollständige Werte sind „keine Angabe“. "
        f"Stand: {stand}."
    )
    _type_profile(result.profile, list(choice.indicators), names, labels)
    return choice.url_params()


def _type_map(
    view: AreaView, result: TypologyResult, labels: list[str], k: int, stand: str
) -> None:
    """Map of the types with legend and export."""
    by_type = dict(zip(result.profile.index, labels, strict=True))
    colors = {
        lab: _rgb(charts.QUALITATIVE[i % len(charts.QUALITATIVE)]) for i, lab in enumerate(labels)
    }
    cats = result.labels.map(lambda t: None if pd.isna(t) else by_type[int(t)])
    styled = area_map.category_styled(cache.area_names(view.system), cats, colors)
    left, right = st.columns([3, 1])
    with left:
        area_map.show_section_map(
            view,
            styled,
            KEYS("map_typen"),
            f"Karte der {k} Gebietstypen; die Typprofile stehen im Diagramm.",
        )
    with right:
        area_map.category_legend(labels, colors, result.method_label)
        legend = map_legend.legend_of(labels, [colors[c] for c in labels], result.method_label)
        source = {"source": "Planungsatlas, eigene Berechnung", "data_date": stand}
        area_map.section_export(
            view, styled, KEYS("map_typen"), legend, f"{k} Gebietstypen", source
        )


def _type_profile(
    profile: pd.DataFrame, chosen: list[str], names: dict[str, str], labels: list[str]
) -> None:
    """Mean z-score of every indicator per type (grouped bars and a table)."""
    fig = go.Figure()
    for (_t, row), lab in zip(profile.iterrows(), labels, strict=True):
        fig.add_trace(go.Bar(name=lab, x=[names[i] for i in chosen], y=[row[i] for i in chosen]))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="Mittelwert in Standardabweichungen")
    fig = charts.style(
        fig,
        title="Profil der Typen (0 = Durchschnitt aller Gebiete)",
        source=charts.source_line(None),
    )
    table = pd.DataFrame(
        {"Typ": labels, **{names[i]: [fmt_number(v, 2) for v in profile[i]] for i in chosen}}
    )
    charts.show(fig, key=KEYS("type_chart"), table=table, table_label="Tabelle: Profil der Typen")
    tables.downloads(
        table, None, "typisierung", KEYS("type_dl"), text="Planungsatlas, eigene Berechnung"
    )
