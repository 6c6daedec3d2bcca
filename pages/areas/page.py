"""Sozialräume vergleichen: map and ranking, area profile, social index, typology, hot spots."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components import cache as data
from components import charts
from components.errors import run_guarded
from components.formatting import MISSING, fmt_period
from components.layout import page_header, sources_footer
from components.maps import deck as maps
from components.maps import legend as map_legend
from components.url_state import set_params, show_url_notes
from indicators.social import classify as cl
from pages.areas import analysis as sozial_analysis
from pages.areas import cache as data_sozial
from pages.areas import map as sozial_map
from pages.areas import sections as sozial_sections
from pages.areas import view as sozial_view
from pages.areas import view_cache as sozial_cache
from pages.areas.state import apply_map_click, ensure

SECTIONS = {
    "karte": "Karte & Rangfolge",
    "profil": "Gebietsprofil",
    "index": "Sozialindex",
    "typen": "Typisierung",
    "hotspots": "Hotspots",
}
MAP_KEYS = ("soz.map", "soz.map_index", "soz.map_typen", "soz.map_hot")
DEFAULT_SYSTEM, DEFAULT_LEVEL, DEFAULT_INDICATOR = "lor2021", "Planungsraum", "share_u6"


def choose_context() -> dict[str, Any]:
    """Area system, level, (Land filter), indicator and period – the view everything else uses."""
    systems = data.area_systems()
    names = dict(zip(systems["system_code"], systems["area_system"], strict=False))
    codes = list(dict.fromkeys(systems["system_code"]))
    c1, c2, c3, c4, c5 = st.columns([1.1, 1.1, 1.1, 2.2, 1.1])
    sys_default = DEFAULT_SYSTEM if DEFAULT_SYSTEM in codes else codes[0]
    ensure("soz.system", codes, "system", sys_default)
    system = c1.selectbox("Gebietssystem", codes, format_func=names.get, key="soz.system")
    levels = data_sozial.levels(system)["level"].tolist()
    lv_default = DEFAULT_LEVEL if DEFAULT_LEVEL in levels else levels[-1]
    ensure("soz.ebene", levels, "ebene", lv_default)
    level = c2.selectbox("Ebene", levels, key="soz.ebene")
    within = None
    filt = data_sozial.filter_areas(system, level)
    if not filt.empty:
        ids = filt["area_id"].tolist()
        fnames = dict(zip(filt["area_id"], filt["name"], strict=True))
        ensure("soz.land", ids, "land", ids[0])
        within = c3.selectbox(
            "Gebiete in",
            ids,
            format_func=fnames.get,
            key="soz.land",
            help="Sehr viele Gebiete: die Karte zeigt jeweils ein Land, damit sie flüssig bleibt.",
        )
    cat = data_sozial.indicators_for(system, level)
    inds = cat["indicator_id"].tolist()
    labels = {r.indicator_id: f"{r.name} ({r.domain})" for r in cat.itertuples()}
    ensure(
        "soz.ind", inds, "indikator", DEFAULT_INDICATOR if DEFAULT_INDICATOR in inds else inds[0]
    )
    indicator = c4.selectbox("Indikator", inds, format_func=labels.get, key="soz.ind")
    periods = data_sozial.periods(indicator, system, level)
    ensure("soz.zeit", periods, "zeit", periods[-1])
    period = c5.selectbox("Stichtag", periods, format_func=fmt_period, key="soz.zeit")
    meta = data.indicator(indicator) or {}
    root = data_sozial.root_area(system) or {"area_id": "", "name": "Gesamt"}
    ref_id = within or root["area_id"]
    ref_name = data_sozial.area_names(system).get(ref_id, root["name"])
    return {
        "system": system,
        "level": level,
        "within": within,
        "indicator": indicator,
        "period": period,
        "meta": meta,
        "ref_id": ref_id,
        "ref_name": ref_name,
        "catalogue": cat,
    }


def choose_area(ctx: dict[str, Any], label: str = "Gebiet") -> str:
    """Searchable area selection; a click on any map of the page selects too."""
    areas = data_sozial.level_areas(ctx["system"], ctx["level"], ctx["within"])
    ids = areas["area_id"].tolist()
    for key in MAP_KEYS:
        apply_map_click(key, "soz.gebiet", ids)
    names = {
        r.area_id: f"{r.name} ({r.local_id}, {r.parent_name or MISSING})"
        for r in areas.itertuples()
    }
    options = ["", *ids]
    ensure("soz.gebiet", options, "gebiet", "")
    return str(
        st.selectbox(
            label,
            options,
            format_func=lambda a: names.get(a, "– kein Gebiet gewählt –"),
            key="soz.gebiet",
            help="Tippen Sie einen Namen oder Schlüssel ein – oder klicken Sie auf die Karte.",
        )
    )


def section_map(ctx: dict[str, Any]) -> dict[str, str | None]:
    """Choropleth with classification, legend, ranking charts and the table."""
    meta, polarity = ctx["meta"], str(ctx["meta"].get("polarity") or "neutral")
    c1, c2, c3, c4 = st.columns([1.6, 1, 1, 1])
    methods = list(cl.METHODS)
    ensure("soz.methode", methods, "methode", "quantile")
    method = c1.selectbox("Klassenbildung", methods, format_func=cl.METHODS.get, key="soz.methode")
    ensure("soz.klassen", list(range(2, 10)), "klassen", 5)
    k = c2.select_slider("Klassen", list(range(2, 10)), key="soz.klassen")
    ensure("soz.fest", [False, True], "fest", False)
    fixed = c3.checkbox(
        "Feste Klassengrenzen",
        key="soz.fest",
        help="Gleiche Grenzen für alle Stichtage: Karten verschiedener Jahre sind vergleichbar.",
    )
    basemap = c4.checkbox(
        "Hintergrundkarte", key="soz.basis", help="Lädt Kacheln aus dem Internet."
    )
    area = choose_area(ctx, "Gebiet hervorheben (oder auf die Karte klicken)")
    view = (ctx["indicator"], ctx["period"], ctx["system"], ctx["level"], ctx["within"])
    classes = data_sozial.classification(
        *view, method, int(k), bool(fixed), int(meta.get("decimals") or 1)
    )
    colors = cl.palette(classes.k, polarity) if classes.k else []
    table = sozial_cache.table(view, polarity)
    tips = sozial_cache.tooltips(view, polarity)
    styled = sozial_view.styled_values(table, classes.classes, colors, meta, tips)
    selected = [area] if area else []
    left, right = st.columns([3, 1])
    with left:
        deck = sozial_view.build_deck(
            ctx["system"], ctx["level"], ctx["within"], styled, selected=selected, basemap=basemap
        )
        maps.show_map(
            deck,
            key="soz.map",
            alt=f"Karte: {meta.get('name')} je {ctx['level']}, Stand {fmt_period(ctx['period'])}. "
            "Die Werte stehen in der Tabelle unter der Karte.",
            selectable=True,
        )
        st.caption(charts.source_line(meta))
    with right:
        unit = str(meta.get("unit") or "")
        maps.legend(list(classes.labels), colors, title=classes.method_label, unit=unit)
        if classes.note:
            st.caption(classes.note)
        sozial_map.export_menu(
            (ctx["system"], ctx["level"], ctx["within"]),
            styled,
            map_legend.legend_of(classes.labels, colors, f"{classes.method_label} ({unit})"),
            key="soz.map.bild",
            title=f"{meta.get('name')} je {ctx['level']} ({ctx['ref_name']}), "
            f"Stand {fmt_period(ctx['period'])}",
            source=charts.source_line(meta),
            selected=selected,
        )
        sozial_sections.selected_summary(ctx, table, area)
    sozial_sections.ranking(ctx, table, selected)
    return {
        "methode": method,
        "klassen": str(k),
        "fest": "True" if fixed else None,
        "gebiet": area or None,
    }


def body() -> None:
    page_header(
        "Sozialräume vergleichen",
        "Wo ballen sich Bedarfe? Karten, Rangfolgen und Profile der Gebiete Ihrer Kommune – "
        "nach der Art des Berliner Monitorings Soziale Stadtentwicklung.",
    )
    notes = st.empty()
    ctx = choose_context()
    ensure("soz.bereich", list(SECTIONS), "bereich", "karte")
    section = (
        st.segmented_control("Ansicht", list(SECTIONS), format_func=SECTIONS.get, key="soz.bereich")
        or "karte"
    )
    handlers = {
        "karte": section_map,
        "profil": lambda c: sozial_sections.profile(c, choose_area(c)),
        "index": sozial_analysis.social_index,
        "typen": sozial_analysis.typology,
        "hotspots": sozial_analysis.hotspots,
    }
    params = handlers[section](ctx)
    set_params(
        system=ctx["system"],
        ebene=ctx["level"],
        land=ctx["within"],
        indikator=ctx["indicator"],
        zeit=ctx["period"],
        bereich=section,
        **params,
    )
    with notes.container():
        show_url_notes()
    sources_footer()


run_guarded(body)
