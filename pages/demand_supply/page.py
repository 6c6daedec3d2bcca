"""Bedarf und Angebot: coverage and gaps per area, catchment access (E2SFCA), what-if scenarios."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts
from components.errors import run_guarded
from components.exports import csv_bytes, xlsx_bytes
from components.formatting import fmt_date, fmt_int, fmt_number, fmt_percent
from components.layout import data_stamp, page_header, sources_footer
from components.url_state import choice_param, set_params, show_url_notes
from components.widgets import de_slider
from data_layer.read.db import is_public_mode
from indicators.access.model import Settings, compute
from indicators.access.service_types import ServiceType
from indicators.access.whatif import apply_scenario
from pages.demand_supply import basis as b
from pages.demand_supply import cache as d
from pages.demand_supply import controls as ctl
from pages.demand_supply import map as bmap
from pages.demand_supply import sections as sec
from pages.demand_supply import view

MODES = {"plaetze": "Plätze", "anzahl": "Anzahl Einrichtungen"}
PERCENT = "\u00a0%"


def quota_help(s: ServiceType) -> str:
    src = s.quota_source
    return (
        f"Voreinstellung {fmt_percent(s.quota * 100, 2)} ({s.quota_status}): {src.publisher}, "
        f"{src.publication} ({src.year}). {s.quota_note}"
    )


def settings_row(
    services: dict[str, ServiceType], system: str
) -> tuple[ServiceType, str, str, tuple[str, str, int | None, str | None]]:
    ids = list(services)
    ctl.init("ba.leistung", choice_param("leistung", ids, "kita_u3"))
    c1, c2, c3, c4 = st.columns(4)
    sid = c1.selectbox(
        "Leistungsart", ids, format_func=lambda i: services[i].name, key="ba.leistung"
    )
    service = services[sid]
    levels = d.levels(system)
    ctl.init("ba.ebene", choice_param("ebene", levels, d.lowest_level(system)))
    level = c2.selectbox("Ebene", levels, key="ba.ebene")
    snaps = d.snapshots(service.service_type)
    ctl.init("ba.stand", choice_param("stand", snaps, snaps[-1]))
    ctl.ensure("ba.stand", snaps, snaps[-1])
    snap = c3.selectbox("Einrichtungen, Stand", snaps, format_func=fmt_date, key="ba.stand")
    periods = usable_periods(service, list(services.values()), system)
    projection = b.projection_available(system)
    with c4:
        basis = ctl.basis_widgets(periods, b.projection_years() if projection else [], projection)
    return service, level, snap, basis


def usable_periods(service: ServiceType, services: list[ServiceType], system: str) -> list[str]:
    sets = [set(d.periods_for_band(system, lo, hi)) for lo, hi in d.group_bands(service, services)]
    return sorted(set.intersection(*sets))


def sliders(
    service: ServiceType, detour_default: float, any_unknown: bool
) -> tuple[float, float, float, str]:
    lo, hi, step = (v * 100 for v in service.quota_slider)
    qkey, rkey = f"ba.quote.{service.id}", f"ba.radius.{service.id}"
    ctl.init(qkey, ctl.number_from_url("quote", lo, hi, round(service.quota * 100, 2)))
    r0 = service.catchment_radius_m
    r_lo, r_hi, r_step = max(100.0, r0 / 4), r0 * 3, 50.0 if r0 < 2000 else 250.0
    ctl.init(rkey, ctl.number_from_url("radius", r_lo, r_hi, r0))
    ctl.init("ba.umweg", ctl.number_from_url("umweg", 1.0, 2.0, detour_default))
    ctl.init("ba.modus", choice_param("modus", list(MODES), "anzahl" if any_unknown else "plaetze"))
    c1, c2, c3, c4 = st.columns(4)
    quota = de_slider(
        c1, "Bedarfsquote (%)", lo, hi, round(service.quota * 100, 2), step, key=qkey,
        decimals=2, unit=PERCENT, help=quota_help(service),
    )  # fmt: skip
    radius = de_slider(
        c2, "Einzugsbereich (Meter Weg)", r_lo, r_hi, r0, r_step, key=rkey, decimals=0,
        unit=" m",
        help=f"Voreinstellung {fmt_int(r0)} m ({service.catchment_status}): {service.catchment_rationale}",
    )  # fmt: skip
    detour = de_slider(
        c3, "Umwegfaktor", 1.0, 2.0, detour_default, 0.05, key="ba.umweg", decimals=2,
        help="Wegstrecke ÷ Luftlinie. Voreinstellung aus den gespeicherten Parametern (Annahme).",
    )  # fmt: skip
    mode = c4.radio(
        "Angebot zählen als", list(MODES), format_func=MODES.get, key="ba.modus",
        help="„Anzahl Einrichtungen“, wenn Platzzahlen fehlen: dann gibt es keine Versorgungsquote.",
    )  # fmt: skip
    return float(quota), float(radius), float(detour), str(mode)


def map_controls(count_mode: bool) -> tuple[str, str, bool]:
    """Layout of the maps, the view that drives ranking/table (and the single map), basemap."""
    ctl.init("ba.karten", choice_param("karten", list(ctl.LAYOUTS), "zwei"))
    ctl.init("ba.ansicht", choice_param("ansicht", list(sec.VIEWS), "gebiet"))
    c1, c2, c3 = st.columns([2, 2, 1])
    layout = c1.radio(
        "Karten", list(ctl.LAYOUTS), format_func=ctl.LAYOUTS.get, key="ba.karten",
        horizontal=True, help="Für Beamer: eine große Karte.",
    )  # fmt: skip
    vk = c2.radio(
        "Bewertung (Rangfolge, Tabelle" + (", Karte)" if layout == "eine" else ")"),
        list(sec.VIEWS), format_func=sec.VIEWS.get, key="ba.ansicht", horizontal=True,
        help="Im Gebiet: nur Plätze im Gebiet selbst. Mit Einzugsbereich: alle Plätze, die "
        "im Einzugsbereich erreichbar sind – auch von nebenan.",
    )  # fmt: skip
    basemap = c3.checkbox("Hintergrundkarte", key="ba.basemap")
    return str(layout), str(vk), bool(basemap)


def body() -> None:
    page_header(
        "Bedarf und Angebot",
        "Wie viele Plätze werden je Gebiet gebraucht, wie viele gibt es – und was ändert eine neue "
        "oder geschlossene Einrichtung?",
    )
    services_t, detour_param = d.service_types()
    services = {s.id: s for s in services_t}
    systems = d.systems_with_facilities(services_t[0].service_type) or ["lor2021"]
    system = choice_param("system", systems, "lor2021" if "lor2021" in systems else systems[0])
    service, level, snap, basis = settings_row(services, system)
    fac0 = d.facilities(service.service_type, snap)
    n_unknown = int(fac0["capacity"].isna().sum())
    quota_pct, radius, detour, mode_key = sliders(service, detour_param.value, n_unknown > 0)
    count_mode = mode_key == "anzahl"
    mode = "count" if count_mode else "places"
    unit = "Einrichtungen" if count_mode else "Plätze"
    ctl.init_scenario(service.service_type)
    show_url_notes()

    hier = d.hierarchy(system)
    leaf_map = d.leaf_to_level(system, level)
    areas = hier[hier["level"] == level]
    names = areas.set_index("area_id")["name"]
    group = d.group_services(service, services_t)
    settings = Settings(service, group, quota_pct / 100, radius, detour, mode)
    numbers = (settings.quota, radius, detour)
    base = b.outcome(system, level, service.id, snap, basis, numbers, mode)

    planned = ctl.planned_facilities(system)
    closed = ctl.known_closures(fac0)
    fac, _ = apply_scenario(fac0, service.service_type, planned, closed)
    out = base
    scenario = bool(planned or closed)
    if scenario:
        pop = b.population(system, d.group_bands(service, services_t), basis)
        dist = d.straight_distances(system, service.service_type, snap)
        share = b.capacity_share(system, basis, service.id, settings.quota, mode)
        out = compute(pop, fac, b.centroids(system), leaf_map, settings, dist, share)
    table = out.table.copy()
    if scenario:
        table["gap_change"] = table["gap"] - base.table["gap"]
        table["acc_gap_change"] = table["acc_gap"] - base.table["acc_gap"]
    ctl.show_notes()

    basis_text = b.Basis(*basis).label()
    source = (
        f"Bevölkerung: {basis_text}; Einrichtungen: {service.service_type}, Stand "
        f"{fmt_date(snap)}; Bedarfsquote {fmt_percent(quota_pct, 2)} "
        f"({service.quota_status}: {service.quota_source.publisher}, {service.quota_source.year})"
    )
    if basis[0] == b.PROJECTION:
        st.info(
            f"Bedarf aus der {basis_text} – dieselben Zahlen wie auf der Seite "
            "„Bevölkerungsprognose“. Das Angebot ist der heutige Stand der Einrichtungen."
        )
    if n_unknown and not count_mode:
        st.warning(
            f"{fmt_int(n_unknown)} Einrichtungen haben keine Platzzahl. Gebiete mit solchen "
            "Einrichtungen zeigen „keine Angabe“; für einen Überblick „Anzahl Einrichtungen“ wählen."
        )
    view.metric_row(table, base.table if scenario else None, count_mode)
    if scenario:
        st.info(
            f"Planungsszenario aktiv: {len(planned)} geplante, {len(closed)} geschlossene "
            "Einrichtung(en). Es wird nur in dieser Sitzung gerechnet und nirgends gespeichert."
            + (" (Öffentliche Fassung.)" if is_public_mode() else "")
        )

    layout, vk, basemap = map_controls(count_mode)
    show_url_notes()  # karten/ansicht are read only here
    m = sec.MapInput(
        table, base.table["gap"], names, count_mode, system, level, fac,
        (service.service_type, snap), service.name, basemap,
    )  # fmt: skip
    tips = view.area_tooltips(table, names, count_mode)
    map_source = charts.source_line({"source": source, "data_date": fmt_date(snap)})
    if layout == "zwei":
        events = sec.side_by_side(m, tips)
        for col, key in zip(st.columns(2), sec.VIEWS, strict=True):
            with col:
                map_export_menu(m, key, map_source)
        st.caption(map_source)
        view.operator_legend()
        take_click(events)
        with st.container(border=True):
            left, _ = st.columns(2)
            with left:
                scenario_panel(areas, fac, leaf_map, unit, scenario, planned, closed, fac0)
    else:
        left, right = st.columns([3, 1])
        with left:
            event, breaks = sec.one_map(m, vk, tips, key="ba.karte", height=600, zoom_shift=0.4)
            st.caption(map_source)
        take_click([event])
        with right:
            sec.legend(m, vk, breaks)
            map_export_menu(m, vk, map_source)
            view.operator_legend()
            scenario_panel(areas, fac, leaf_map, unit, scenario, planned, closed, fac0)

    method_note(service, settings, out, detour_param.rationale, count_mode)
    outputs(table, names, hier, count_mode, vk, source, service, level, snap, basis, settings)
    snapshot_section(service, services_t, system, level, settings, leaf_map, names, count_mode)
    set_params(
        leistung=service.id, ebene=level, stand=snap, ansicht=vk, modus=mode_key,
        quote=f"{quota_pct:g}", radius=f"{radius:g}", umweg=f"{detour:g}", karten=layout,
        system=system if len(systems) > 1 else None, **ctl.url_basis(basis), **ctl.url_values(),
    )  # fmt: skip
    sources_footer()


def map_export_menu(m: sec.MapInput, view_key: str, source: str) -> None:
    """Export menu of the map of ``view_key``: picture of the areas, table of the classes."""
    column = sec.column_of(view_key, m.count_mode)
    bmap.export_menu(m, column, sec.VIEWS[view_key], key=f"ba.karte.{view_key}.bild",
                     source=source)  # fmt: skip


def take_click(events: list) -> None:
    """A click on a map selects the area in the planning panel (drawn after the maps)."""
    if clicked := sec.clicked_area(events):
        st.session_state["ba.ort"] = clicked


def scenario_panel(areas, fac, leaf_map, unit, scenario, planned, closed, fac0) -> None:  # type: ignore[no-untyped-def]
    st.markdown("**Planungsszenario**")
    ctl.whatif_panel(areas, fac, leaf_map, unit, ctl.reset_scenario)
    if scenario:
        st.dataframe(scenario_list(fac, planned, closed, fac0), hide_index=True, width="stretch")


def scenario_list(
    fac: pd.DataFrame, planned: list, closed: list[str], fac0: pd.DataFrame
) -> pd.DataFrame:
    rows = [
        ("neu", f"Geplante Einrichtung {i}", fmt_int(p.capacity)) for i, p in enumerate(planned, 1)
    ]
    info = fac0.set_index("facility_id")
    rows += [
        ("geschlossen", str(info.at[f, "name"]), fmt_int(info.at[f, "capacity"])) for f in closed
    ]
    return pd.DataFrame(rows, columns=["Änderung", "Einrichtung", "Plätze"])


def method_note(service: ServiceType, s: Settings, out, detour_note: str, count_mode: bool) -> None:
    with st.expander("So wird gerechnet (Methode und Annahmen)"):
        st.markdown(
            f"- **Bedarf** = Einwohner/innen {service.target_note} × Bedarfsquote "
            f"{fmt_percent(s.quota * 100, 2)}. {quota_help(service)}\n"
            f"- **Angebot im Gebiet** = Plätze der Einrichtungen, die im Gebiet liegen"
            + (
                f" × Anteil {fmt_percent(out.share * 100, 1)}: {service.capacity_share.note}"
                if service.capacity_share and not count_mode
                else ""
            )
            + ".\n- **Versorgungsquote** = Angebot ÷ Bedarf; **Lücke** = Angebot − Bedarf "
            "(negativ: Plätze fehlen). Gröbere Ebenen summieren Bedarf und Angebot der Planungsräume.\n"
            f"- **Einzugsbereich** (E2SFCA, Luo & Qi 2009): Jede Einrichtung verteilt ihre Plätze auf "
            f"die Gebietsmittelpunkte im Umkreis von {fmt_int(s.radius_m)} m Weg (Luftlinie × "
            f"Umwegfaktor {fmt_number(s.detour, 2)}), nahe Gebiete stärker. {service.decay.source} "
            f"{detour_note} Ein Gebiet ohne eigene Einrichtung kann so von nebenan gut versorgt sein.\n"
            f"- {fmt_int(out.unreached_facilities)} Einrichtungen mit {fmt_int(out.unreached_supply)} "
            "Plätzen erreichen keinen Gebietsmittelpunkt im Einzugsbereich und zählen in der "
            "Erreichbarkeit nicht mit."
        )


def outputs(table, names, hier, count_mode, vk, source, service, level, snap, basis, s) -> None:
    column = sec.column_of(vk, False)
    st.subheader("Wo fehlen die meisten Plätze?")
    if not count_mode:
        fig, alt = view.ranking_figure(
            table, names, column, f"{service.name}: größte Lücken ({sec.VIEWS[vk]}, {level})",
            charts.source_line({"source": source, "data_date": fmt_date(snap)}),
        )  # fmt: skip
        charts.show(fig, key="ba.rangfolge", table=alt)
    shown = view.display_table(
        table.sort_values(column if not count_mode else "n_facilities"), names, count_mode
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="ba.tabelle")
    meta = {"Leistungsart": service.name, "Bedarfsquote (%)": s.quota * 100,
            "Einzugsbereich (m)": s.radius_m, "Umwegfaktor": s.detour,
            "Bevölkerung": b.Basis(*basis).label(), "Stand Einrichtungen": snap}  # fmt: skip
    export = view.export_frame(table, hier, meta)
    c1, c2 = st.columns(2)
    stamp, name = data_stamp(), f"bedarf_angebot_{service.id}_{level.lower()}"
    c1.download_button(
        "Tabelle als CSV",
        lambda: csv_bytes(export, source=source, stamp=stamp, data_date=snap),
        file_name=f"{name}.csv",
        mime="text/csv",
        key="ba.csv",
    )
    c2.download_button(
        "Tabelle als Excel (XLSX)",
        lambda: xlsx_bytes(export, source=source, stamp=stamp, data_date=snap),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="ba.xlsx",
    )


def snapshot_section(service, services_t, system, level, s, leaf_map, names, count_mode) -> None:
    snaps = d.snapshots(service.service_type)
    if len(snaps) < 2:
        return
    st.subheader(f"Entwicklung des Angebots: Stand {fmt_date(snaps[0])} und {fmt_date(snaps[-1])}")
    pair = (snaps[0], snaps[-1])
    comp = d.snapshot_comparison(system, level, service.id, s.quota, s.mode, pair)
    used = comp.attrs.get("periods", {})
    st.caption(
        "Beide Stände werden am selben Bedarf gemessen: Bevölkerung zum nächstgelegenen Stichtag "
        "mit passenden Altersgruppen ("
        + ", ".join(f"Stand {fmt_date(k)} → {fmt_date(v)}" for k, v in used.items())
        + "). Das Planungsszenario ist hier nicht enthalten."
    )
    view.comparison_metrics(comp, pair, count_mode)
    st.dataframe(
        view.comparison_table(comp, names, pair, count_mode), hide_index=True, width="stretch"
    )


run_guarded(body)
