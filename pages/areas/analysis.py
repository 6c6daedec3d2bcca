"""Sections "Sozialindex", "Typisierung" and "Hotspots" of the page Sozialräume vergleichen."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts
from components.formatting import fmt_int, fmt_number, fmt_percent, fmt_period
from components.maps import deck as maps
from components.maps import legend as map_legend
from components.widgets import de_slider
from indicators.social import classify as cl
from indicators.social.composite import MSS_2021_DEFAULT, IndexConfig, agreement, composite_index
from indicators.social.hotspots import CLUSTER_CATEGORIES
from pages.areas import cache as data_sozial
from pages.areas import map as sozial_map
from pages.areas import view as sozial_view
from pages.areas.state import ensure, ensure_list

#: MSS_2021_DEFAULT input columns → indicator ids of the Datenbasis
MSS_IDS = {
    "s1_percentage_unemployed": "mss_s1_unemployed",
    "s3_percentage_transfer_payments_recipients": "mss_s3_transfer_recipients",
    "s4_percentage_transfer_payments_recipients_below_15_years": "mss_s4_child_poverty",
    "d1_percentage_unemployed": "mss_d1_unemployed_change",
    "d3_percentage_transfer_payments_recipients": "mss_d3_transfer_recipients_change",
    "d4_percentage_transfer_payments_recipients_below_15_years": "mss_d4_child_poverty_change",
}
PUBLISHED_STATUS, PUBLISHED_DYNAMICS, POPULATION = (
    "mss_status_index",
    "mss_dynamic_index",
    "pop_total",
)
PUBLISHED_DYNAMICS_CODES = {1.0: "+", 0.0: "±", -1.0: "−"}
DYNAMICS_RGB = {"positiv": (0, 114, 178), "stabil": (255, 255, 204), "negativ": (213, 94, 0)}
HOTSPOT_RGB = {
    "Hoch-Hoch": (213, 94, 0),
    "Niedrig-Niedrig": (0, 114, 178),
    "Hoch-Niedrig": (240, 180, 130),
    "Niedrig-Hoch": (150, 200, 235),
    "nicht signifikant": (245, 245, 245),
    "keine Angabe": maps.NO_DATA_RGB,
}
TYPOLOGY_PREFERRED = (
    "share_u6",
    "share_65plus",
    "share_migration_background",
    "mss_s4_child_poverty",
    "share_female",
)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def _map(ctx: dict[str, Any], styled: pd.DataFrame, key: str, alt: str) -> None:
    deck = sozial_view.build_deck(ctx["system"], ctx["level"], ctx["within"], styled)
    maps.show_map(deck, key=key, alt=alt)


def _export(
    ctx: dict[str, Any],
    styled: pd.DataFrame,
    key: str,
    legend: map_legend.MapLegend,
    title: str,
    source: dict[str, Any],
) -> None:
    """Export menu (PNG/SVG of the map, CSV/XLSX of its classes) beside a map of this section."""
    sozial_map.export_menu(
        (ctx["system"], ctx["level"], ctx["within"]),
        styled,
        legend,
        key=f"{key}.bild",
        title=f"{title} je {ctx['level']} ({ctx['ref_name']})",
        source=charts.source_line(source),
    )


# --------------------------------------------------------------------------- social index


def _index_settings(cands: pd.DataFrame) -> IndexConfig | None:
    """Widgets in an expander → IndexConfig (None with a warning if the settings are invalid)."""
    ids = cands["indicator_id"].tolist()
    names = dict(zip(cands["indicator_id"], cands["short_name"], strict=True))
    s_default = [MSS_IDS[c] for c in MSS_2021_DEFAULT.status_columns if MSS_IDS[c] in ids] or ids[
        :3
    ]
    d_default = [MSS_IDS[c] for c in MSS_2021_DEFAULT.dynamics_columns if MSS_IDS[c] in ids]
    with st.expander("Einstellungen: Indikatoren, Gewichte, Schwellen"):
        ensure_list("soz.idx_s", ids, "idx_status", s_default, 8)
        status = st.multiselect(
            "Status-Indikatoren", ids, format_func=names.get, key="soz.idx_s",
            placeholder="Indikatoren wählen",
        )  # fmt: skip
        ensure_list("soz.idx_d", [i for i in ids if i not in status], "idx_dynamik", d_default, 8)
        dyn = st.multiselect(
            "Dynamik-Indikatoren (Veränderung)",
            [i for i in ids if i not in status],
            format_func=names.get,
            key="soz.idx_d",
            placeholder="Indikatoren wählen",
        )
        st.caption("Gewichte (gleiche Gewichte wie im MSS = alle 1)")
        cols = st.columns(4)
        weights = {
            i: de_slider(cols[n % 4], names[i], 0.5, 10.0, 1.0, 0.5, key=f"soz.w.{i}", decimals=1)
            for n, i in enumerate([*status, *dyn])
        }
        t1, t2, t3, td, mp = _thresholds()
    try:
        return IndexConfig(
            status_columns=tuple(status),
            status_weights=tuple(float(weights[i]) for i in status),
            dynamics_columns=tuple(dyn),
            dynamics_weights=tuple(float(weights[i]) for i in dyn),
            status_thresholds=(float(t1), float(t2), float(t3)),
            dynamics_threshold=float(td),
            population_column=POPULATION,
            min_population=float(mp),
            higher_better=frozenset(
                cands.loc[cands["polarity"] == "higher_better", "indicator_id"]
            ),
            source=MSS_2021_DEFAULT.source,
        )
    except ValueError as exc:
        st.warning(f"Die Einstellungen sind so nicht möglich: {exc}")
        return None


def _thresholds() -> tuple[float, float, float, float, float]:
    """Class limits of the index in standard deviations and the minimum population."""
    c1, c2, c3, c4, c5 = st.columns(5)
    sd = {"decimals": 2, "unit": " SD"}
    return (
        de_slider(c1, "Schwelle hoch | mittel", -5.0, 5.0, -1.0, 0.25, key="soz.t1", **sd),
        de_slider(c2, "Schwelle mittel | niedrig", -5.0, 5.0, 1.0, 0.25, key="soz.t2", **sd),
        de_slider(c3, "Schwelle niedrig | sehr niedrig", -5.0, 5.0, 1.5, 0.25, key="soz.t3", **sd),
        de_slider(c4, "Dynamik-Schwelle ±", 0.25, 5.0, 1.0, 0.25, key="soz.td", **sd),
        de_slider(c5, "Mindest-Einwohnerzahl", 0.0, 5000.0, 300.0, 50.0, key="soz.minpop",
                  decimals=0),
    )  # fmt: skip


def _agreement_note(result: pd.DataFrame, matrix: pd.DataFrame, config: IndexConfig) -> None:
    pub_s = matrix.get(PUBLISHED_STATUS)
    if pub_s is None or pub_s.notna().sum() == 0:
        st.caption(
            "Für diesen Stichtag liegen keine veröffentlichten MSS-Klassen zum Vergleich vor."
        )
        return
    n = int(pub_s.notna().sum())
    status = agreement(result["status_class"], pub_s)
    c1, c2 = st.columns(2)
    c1.metric("Übereinstimmung Statusklassen", fmt_percent(status * 100, 2))
    text = f"Status: {fmt_int(round(status * n))} von {fmt_int(n)} Gebieten"
    pub_d = matrix.get(PUBLISHED_DYNAMICS)
    if config.dynamics_columns and pub_d is not None and pub_d.notna().any():
        dyn = agreement(result["dynamics_class"], pub_d.map(PUBLISHED_DYNAMICS_CODES))
        c2.metric("Übereinstimmung Dynamikklassen", fmt_percent(dyn * 100, 2))
        text += f"; Dynamik: {fmt_int(round(dyn * int(pub_d.notna().sum())))} von {fmt_int(int(pub_d.notna().sum()))}"
    st.info(
        "**Methode.** Jeder Indikator wird über die Gebiete mit mindestens "
        f"{fmt_int(config.min_population)} Einwohner/innen z-standardisiert, die z-Werte werden "
        "gewichtet gemittelt und erneut standardisiert (Index in Standardabweichungen). "
        f"Abgleich mit den veröffentlichten Klassen – hier gerade berechnet: {text}. "
        f"{MSS_2021_DEFAULT.source}"
    )


def social_index(ctx: dict[str, Any]) -> dict[str, str | None]:
    """MSS-style status and dynamics index with configurable indicators, weights and thresholds."""
    cat = ctx["catalogue"]
    cands = cat[(cat["polarity"] != "neutral") & ~cat["unit"].astype(str).str.startswith("Klasse")]
    st.subheader("Sozialindex (Status und Dynamik)")
    if len(cands) == 0:
        st.info("Auf dieser Ebene gibt es keine Indikatoren mit Wertung für einen Sozialindex.")
        return {}
    config = _index_settings(cands)
    if config is None:
        return {}
    ids = (*config.status_columns, *config.dynamics_columns)
    periods = data_sozial.common_periods(ids, ctx["system"], ctx["level"])
    if not periods:
        st.info("Die gewählten Indikatoren haben keinen gemeinsamen Stichtag auf dieser Ebene.")
        return {}
    c1, c2 = st.columns(2)
    ensure("soz.idx_zeit", periods, "idx_zeit", periods[-1])
    period = c1.selectbox("Stichtag des Index", periods, format_func=fmt_period, key="soz.idx_zeit")
    kinds = {"status": "Statusindex", "dynamik": "Dynamikindex"}
    ensure("soz.idx_karte", list(kinds), "indexkarte", "status")
    shown = c2.radio(
        "Karte", list(kinds), format_func=kinds.get, key="soz.idx_karte", horizontal=True
    )
    matrix = data_sozial.matrix_at(
        (*ids, POPULATION, PUBLISHED_STATUS, PUBLISHED_DYNAMICS),
        period,
        ctx["system"],
        ctx["level"],
    )
    try:
        result = composite_index(matrix, config)
    except ValueError as exc:
        st.warning(f"Der Index kann nicht berechnet werden: {exc}")
        return {"idx_zeit": period, "indexkarte": shown}
    _index_map(ctx, result, config, shown, period)
    _agreement_note(result, matrix, config)
    _index_table(ctx, result, matrix, period)
    return {"idx_zeit": period, "indexkarte": shown}


def _index_map(
    ctx: dict[str, Any], result: pd.DataFrame, config: IndexConfig, shown: str, period: str
) -> None:
    names = data_sozial.area_names(ctx["system"])
    if shown == "status":
        labels = [f"{i + 1} {lab}" for i, lab in enumerate(config.status_labels)]
        colors = dict(zip(labels, cl.palette(len(labels), "higher_worse"), strict=True))
        cats = result["status_class"].map(lambda c: None if pd.isna(c) else labels[int(c) - 1])
        lines = [f"Statusindex: {fmt_number(v, 2)} SD" for v in result["status_index"]]
        title = "Statusindex (1 = hoher sozialer Status)"
    else:
        labels = ["positiv", "stabil", "negativ"]
        colors = dict(DYNAMICS_RGB)
        cats = result["dynamics_label"]
        lines = [f"Dynamikindex: {fmt_number(v, 2)} SD" for v in result["dynamics_index"]]
        title = "Dynamikindex"
    styled = sozial_view.category_styled(pd.Series(names), cats, colors, lines)
    left, right = st.columns([3, 1])
    with left:
        _map(ctx, styled, "soz.map_index", f"Karte {title}. Die Klassen stehen in der Tabelle.")
    with right:
        sozial_view.category_legend(labels, colors, title)
        source = {"source": f"Planungsatlas, eigene Berechnung nach {MSS_2021_DEFAULT.source}",
                  "data_date": fmt_period(period)}  # fmt: skip
        legend = map_legend.legend_of(labels, [colors[c] for c in labels], title)
        _export(
            ctx, styled, "soz.map_index", legend, f"{title}, Stand {fmt_period(period)}", source
        )
        counts = cats.value_counts().reindex(labels).fillna(0).astype(int)
        st.dataframe(
            pd.DataFrame({"Klasse": labels, "Gebiete": [fmt_int(c) for c in counts]}),
            hide_index=True,
            key="soz.index_counts",
        )


def _index_table(
    ctx: dict[str, Any], result: pd.DataFrame, matrix: pd.DataFrame, period: str
) -> None:
    areas = data_sozial.level_areas(ctx["system"], ctx["level"], ctx["within"]).set_index("area_id")
    r = result.reindex(areas.index)
    pub = matrix.reindex(areas.index)
    table = pd.DataFrame(
        {
            "Gebiet": areas["name"],
            "Schlüssel": areas["local_id"],
            "Statusindex (SD)": r["status_index"].round(3),
            "Statusklasse": r["status_label"],
            "Dynamikindex (SD)": r["dynamics_index"].round(3),
            "Dynamikklasse": r["dynamics_label"],
            "veröffentlichte Statusklasse": pub.get(PUBLISHED_STATUS),
        }
    ).sort_values("Statusindex (SD)", na_position="last")
    with st.expander(f"Tabelle: Index je Gebiet ({fmt_int(len(table))} Gebiete)"):
        st.dataframe(table, hide_index=True, width="stretch", key="soz.index_table")
    meta = {"source": MSS_2021_DEFAULT.source, "data_date": fmt_period(period)}
    sozial_view.downloads(table, meta, f"sozialindex_{ctx['level']}_{period}", "soz.index_dl")


# --------------------------------------------------------------------------- typology


def typology(ctx: dict[str, Any]) -> dict[str, str | None]:
    """k-means or Ward types on chosen indicators: map and profile of each type."""
    cat = ctx["catalogue"]
    cands = cat[(cat["aggregation"] != "sum") & ~cat["unit"].astype(str).str.startswith("Klasse")]
    ids = cands["indicator_id"].tolist()
    names = dict(zip(cands["indicator_id"], cands["short_name"], strict=True))
    st.subheader("Typisierung: Gebiete mit ähnlichem Profil")
    if len(ids) == 0:
        st.info("Auf dieser Ebene gibt es keine geeigneten Indikatoren.")
        return {}
    default = [i for i in TYPOLOGY_PREFERRED if i in ids][:4] or ids[:3]
    c1, c2, c3 = st.columns([3, 1, 1])
    ensure_list("soz.typ_ind", ids, "typ_ind", default, 8)
    chosen = c1.multiselect(
        "Indikatoren",
        ids,
        format_func=names.get,
        key="soz.typ_ind",
        max_selections=8,
        placeholder="Indikatoren wählen",
    )
    ensure("soz.typ_k", list(range(2, 9)), "typen", 4)
    k = c2.select_slider("Anzahl Typen", list(range(2, 9)), key="soz.typ_k")
    methods = {"kmeans": "k-Means", "ward": "Ward"}
    ensure("soz.typ_verf", list(methods), "verfahren", "kmeans")
    method = c3.radio("Verfahren", list(methods), format_func=methods.get, key="soz.typ_verf")
    params = {"typ_ind": ",".join(chosen) or None, "typen": str(k), "verfahren": method}
    if not chosen:
        st.info("Bitte mindestens einen Indikator wählen.")
        return params
    try:
        result, used = data_sozial.typology(
            tuple(chosen), ctx["system"], ctx["level"], int(k), method
        )
    except ValueError as exc:
        st.warning(f"Die Typisierung ist so nicht möglich: {exc}")
        return params
    labels = [
        f"Typ {t} ({fmt_int(result.profile.loc[t, 'size'])} Gebiete)" for t in result.profile.index
    ]
    by_type = dict(zip(result.profile.index, labels, strict=True))
    colors = {
        lab: _rgb(charts.QUALITATIVE[i % len(charts.QUALITATIVE)]) for i, lab in enumerate(labels)
    }
    cats = result.labels.map(lambda t: None if pd.isna(t) else by_type[int(t)])
    styled = sozial_view.category_styled(
        pd.Series(data_sozial.area_names(ctx["system"])), cats, colors
    )
    left, right = st.columns([3, 1])
    with left:
        _map(
            ctx,
            styled,
            "soz.map_typen",
            f"Karte der {k} Gebietstypen; die Typprofile stehen im Diagramm.",
        )
    stand = ", ".join(f"{names[i]}: {fmt_period(used.get(i))}" for i in chosen)
    with right:
        sozial_view.category_legend(labels, colors, result.method_label)
        legend = map_legend.legend_of(labels, [colors[c] for c in labels], result.method_label)
        source = {"source": "Planungsatlas, eigene Berechnung", "data_date": stand}
        _export(ctx, styled, "soz.map_typen", legend, f"{k} Gebietstypen", source)
    st.caption(
        f"{result.method_label}, Startwert 42 (wiederholbar). Indikatoren z-standardisiert; "
        f"{fmt_int(result.n_missing)} Gebiete ohne vollständige Werte sind „keine Angabe“. Stand: {stand}."
    )
    _type_profile(result.profile, chosen, names, labels, used)
    return params


def _type_profile(
    profile: pd.DataFrame,
    chosen: list[str],
    names: dict[str, str],
    labels: list[str],
    used: dict[str, str],
) -> None:
    fig = go.Figure()
    for (_t, row), lab in zip(profile.iterrows(), labels, strict=True):
        fig.add_trace(go.Bar(name=lab, x=[names[i] for i in chosen], y=[row[i] for i in chosen]))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="Mittelwert in Standardabweichungen")
    charts.style(
        fig,
        title="Profil der Typen (0 = Durchschnitt aller Gebiete)",
        source=charts.source_line(None),
    )
    table = pd.DataFrame(
        {"Typ": labels, **{names[i]: [fmt_number(v, 2) for v in profile[i]] for i in chosen}}
    )
    charts.show(fig, key="soz.type_chart", table=table, table_label="Tabelle: Profil der Typen")
    sozial_view.downloads(
        table, None, "typisierung", "soz.type_dl", source="Planungsatlas, eigene Berechnung"
    )


# --------------------------------------------------------------------------- hot spots


def hotspots(ctx: dict[str, Any]) -> dict[str, str | None]:
    """Local Moran's I: significant clusters of high or low values of the current indicator."""
    meta = ctx["meta"]
    st.subheader(f"Hotspots: {meta.get('name')} ({fmt_period(ctx['period'])})")
    try:
        hot = data_sozial.hotspots(
            ctx["indicator"], ctx["period"], ctx["system"], ctx["level"], ctx["within"]
        )
    except ValueError as exc:
        st.info(f"Keine Hotspot-Analyse möglich: {exc}")
        return {}
    names = data_sozial.area_names(ctx["system"])
    lines = [
        "" if pd.isna(p) else f"p = {fmt_number(p, 3)}, Nachbarn: {n}"
        for p, n in zip(hot["p_value"], hot["n_neighbors"], strict=True)
    ]
    styled = sozial_view.category_styled(pd.Series(names), hot["cluster"], HOTSPOT_RGB, lines)
    left, right = st.columns([3, 1])
    with left:
        _map(ctx, styled, "soz.map_hot", "Karte der Hotspots; die Gebiete stehen in der Tabelle.")
    with right:
        labels = list(CLUSTER_CATEGORIES)
        maps.legend(
            labels[:-1],
            [HOTSPOT_RGB[c] for c in labels[:-1]],
            title="Local Moran's I",
            unit="α = 5 %",
        )
        legend = map_legend.legend_of(
            labels[:-1], [HOTSPOT_RGB[c] for c in labels[:-1]], "Local Moran's I (α = 5 %)"
        )
        title = f"Hotspots: {meta.get('short_name')}, Stand {fmt_period(ctx['period'])}"
        _export(ctx, styled, "soz.map_hot", legend, title, meta)
        counts = hot["cluster"].value_counts().reindex(labels).fillna(0).astype(int)
        st.dataframe(
            pd.DataFrame({"Muster": labels, "Gebiete": [fmt_int(c) for c in counts]}),
            hide_index=True,
            key="soz.hot_counts",
        )
    st.caption(
        "Hoch-Hoch: hoher Wert, umgeben von hohen Werten (Brennpunkt); Niedrig-Niedrig: niedriger Wert, "
        "umgeben von niedrigen Werten. Nachbarn = gemeinsame Grenze oder Ecke; 999 Zufallspermutationen, "
        "Startwert 42, Signifikanzniveau 5 %."
    )
    sig = hot[hot["cluster"].isin(["Hoch-Hoch", "Niedrig-Niedrig", "Hoch-Niedrig", "Niedrig-Hoch"])]
    table = pd.DataFrame(
        {
            "Gebiet": [names.get(a, a) for a in sig.index],
            "Muster": sig["cluster"].to_numpy(),
            "Local Moran's I": sig["I"].round(3).to_numpy(),
            "p-Wert": sig["p_value"].round(3).to_numpy(),
        }
    ).sort_values(["Muster", "Gebiet"])
    st.markdown(f"**{fmt_int(len(table))} Gebiete in signifikanten Mustern**")
    st.dataframe(table, hide_index=True, width="stretch", key="soz.hot_table")
    sozial_view.downloads(table, meta, f"hotspots_{ctx['indicator']}_{ctx['period']}", "soz.hot_dl")
    return {}
