"""Notes of "Bedarf und Angebot": basis and data warnings, totals, and how it is computed."""

from __future__ import annotations

import streamlit as st

from components.formatting import fmt_int, fmt_number, fmt_percent
from data_layer.read.db import is_public_mode
from features.demand_supply import basis as b
from features.demand_supply import cache as d
from features.demand_supply import partial
from features.demand_supply import view as v
from features.demand_supply.context import DemandView
from features.demand_supply.controls import quota_help
from features.demand_supply.results import Result
from features.demand_supply.scenario import Scenario
from indicators.access.model import Outcome


def notices(view: DemandView, scen: Scenario, res: Result) -> None:
    """Where the residents come from, missing place counts, totals, the active scenario."""
    if view.basis.kind == b.PROJECTION and view.basis.scenario is not None:
        st.info(
            f"Bedarf aus der Bevölkerungsprognose {view.basis.year} (31.12.) mit dem Szenario, "
            "das Sie auf der Seite „Bevölkerungsprognose“ eingestellt haben – dieselben Zahlen "
            f"wie dort. Szenario: {view.basis.scenario.label()}. Das Angebot ist der heutige "
            "Stand der Einrichtungen, auf jeder Bevölkerungsgrundlage dieselbe Zahl."
        )
    elif view.basis.kind == b.PROJECTION:
        st.info(
            f"Bedarf aus der {view.basis.label()} – dieselbe Vorausberechnung wie auf der Seite "
            "„Bevölkerungsprognose“ mit den Annahmen dieser Variante. Ein eigenes Szenario "
            "bringt dort der Link „Bedarf und Angebot mit diesem Szenario“ hierher. Das Angebot "
            "ist der heutige Stand der Einrichtungen, auf jeder Bevölkerungsgrundlage dieselbe Zahl."
        )
    partial.estimate_note(view)
    n_unknown = int(scen.stored["capacity"].isna().sum())
    if not view.places_known:
        st.info(
            f"Keine der {fmt_int(len(scen.stored))} Einrichtungen hat eine Platzzahl (Spalte "
            "`capacity` in `facilities.csv` leer). Gezählt wird deshalb die Anzahl der "
            "Einrichtungen – ohne Bedarf in Plätzen, Versorgungsquote und Fehlbedarf. Mit "
            "Platzzahlen in `capacity` zeigt die Seite auch, wo Plätze fehlen (docs/datenpaket.md)."
        )
    elif n_unknown and not view.count_mode:
        st.warning(
            f"{fmt_int(n_unknown)} Einrichtungen haben keine Platzzahl. Gebiete mit solchen "
            "Einrichtungen zeigen „keine Angabe“; für einen Überblick „Anzahl Einrichtungen“ wählen."
        )
    base = res.base.table if res.scenario else None
    v.metric_row(res.table, base, view.count_mode, view.estimated)
    if not view.count_mode:
        st.caption(v.SIGN_NOTE)
    if res.scenario:
        st.info(
            f"Planungsszenario aktiv: {len(scen.planned)} geplante, {len(scen.closed)} "
            "geschlossene Einrichtung(en). Es wird nur in dieser Sitzung gerechnet und nirgends "
            "gespeichert." + (" (Öffentliche Fassung.)" if is_public_mode() else "")
        )
        if view.service.capacity_share is not None and not view.count_mode:
            st.caption(share_note(view, res.out.share))


def _unreached_pct(out: Outcome) -> float:
    """Share (%) of all places in the table that reach no demand point within the radius."""
    total = float(out.table["supply"].sum())
    return out.unreached_supply / total * 100 if total > 0 else 0.0


def _zero_access(out: Outcome) -> int:
    """Areas of the level with demand > 0 and no reachable place."""
    t = out.table
    return int(((t["demand"] > 0) & (t["acc_supply"].fillna(0.0) <= 0)).sum())


def share_note(view: DemandView, share: float) -> str:
    """Why a new facility adds fewer places than it has: the share counting for the service."""
    per_100 = fmt_number(share * 100, 1)
    return (
        f"Von 100 Plätzen einer Einrichtung zählen {per_100} für „{view.service.name}“: Anteil "
        f"{fmt_percent(share * 100, 1)} der Plätze, berechnet aus der "
        f"{b.Basis(b.REGISTER, view.basis.period).label()} (heutiger Stand, für jede "
        f"Bevölkerungsgrundlage gleich). Regel: {view.service.capacity_share.note if view.service.capacity_share else ''}"
    )


def demand_point_note(view: DemandView) -> str:
    """Where the catchment puts the demand: one representative point per lowest-level area."""
    lowest = d.lowest_level(view.system)
    coarse = (
        f" Die Ebene „{view.level}“ fasst die Punkte ihrer Gebiete der Ebene „{lowest}“ mit "
        "deren Bedarf zusammen, also nach Einwohner/innen gewichtet, so fein die Daten reichen."
        if view.level != lowest
        else ""
    )
    return (
        f"Der Bedarf eines Gebiets der Ebene „{lowest}“ liegt auf einem Punkt, der sicher im "
        "Gebiet liegt (anders als der Flächenschwerpunkt, der bei verwinkelten Gebieten "
        "außerhalb liegen kann). Er ist nicht nach Einwohner/innen gewichtet: Die Datenbasis "
        f"enthält keine Einwohnerzahlen unterhalb der Ebene „{lowest}“ (etwa Blöcke, Adressen "
        "oder Rasterzellen). In großen Gebieten kann der Weg zu Einrichtungen deshalb kürzer "
        f"oder länger sein als für die meisten Einwohner/innen.{coarse}"
    )


def method_note(view: DemandView, out: Outcome, detour_note: str) -> None:
    """The method and its assumptions, with the numbers of this view."""
    service, s = view.service, view.settings
    share = (
        f" × Anteil {fmt_percent(out.share * 100, 1)}: {service.capacity_share.note}"
        if service.capacity_share and not view.count_mode
        else ""
    )
    with st.expander("So wird gerechnet (Methode und Annahmen)"):
        st.markdown(
            f"- **Bedarf** = Einwohner/innen {service.target_note}"
            f"{' (geschätzt, siehe Hinweis oben)' if view.estimated else ''} × Bedarfsquote "
            f"{fmt_percent(s.quota * 100, 2)}. {quota_help(service)}\n"
            f"- **Angebot im Gebiet** = Plätze der Einrichtungen, die im Gebiet liegen{share}.\n"
            "- **Versorgungsquote** = Angebot ÷ Bedarf; **Fehlbedarf** = Bedarf − Angebot, wo "
            "der Bedarf größer ist; **Überschuss** = Angebot − Bedarf, wo das Angebot größer ist. "
            "Gröbere Ebenen summieren Bedarf und Angebot der Gebiete "
            f"der Ebene „{d.lowest_level(view.system)}“.\n"
            f"- **Einzugsbereich** (E2SFCA, Luo & Qi 2009): Jede Einrichtung verteilt ihre Plätze auf "
            f"die Bedarfspunkte im Umkreis von {fmt_int(s.radius_m)} m Weg (Luftlinie × "
            f"Umwegfaktor {fmt_number(s.detour, 2)}), nahe Gebiete stärker. {service.decay.source} "
            f"{detour_note} Ein Gebiet ohne eigene Einrichtung kann so von nebenan gut versorgt sein.\n"
            f"- **Bedarfspunkte**: {demand_point_note(view)}\n"
            f"- {fmt_int(out.unreached_facilities)} Einrichtungen mit {fmt_int(out.unreached_supply)} "
            "Plätzen erreichen keinen Bedarfspunkt im Einzugsbereich und zählen in der "
            f"Erreichbarkeit nicht mit ({fmt_percent(_unreached_pct(out), 1)} der Plätze). "
            f"{fmt_int(_zero_access(out))} Gebiete mit Bedarf erreichen im Einzugsbereich keinen "
            f"Platz. Voreinstellung des Radius: {fmt_int(service.catchment_radius_m)} m "
            f"({service.catchment_status}): {service.catchment_rationale}"
        )
