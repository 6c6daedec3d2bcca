"""Ziele und Maßnahmen: Ampel overview, attainment per area, measures, draft goals (internal)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from components import cache as data
from components.errors import run_guarded
from components.focus import Focus, choose_focus, url_of
from components.formatting import fmt_date, fmt_int
from components.layout import page_header, sources_footer
from components.url_state import (
    StateKeys,
    permalink,
    seed_choice,
    set_params,
    show_url_notes,
)
from data_layer.errors import DataError
from data_layer.goal_spec import Goal
from data_layer.read.db import is_public_mode
from data_layer.read.goals import draft_file, save_draft
from features.goals import map as goal_map
from features.goals import model, report
from features.goals.tables import area_table, overview, shown, targets_text

KEYS = StateKeys("ziele")
NO_GOALS = (
    "Diese Datenbasis enthält noch keine Ziele. Ziele kommen als Datei „ziele.yaml“ "
    "(Maßnahmen: „massnahmen.yaml“) in ein Datenpaket – Format in docs/datenpaket.md, "
    "Abschnitt „Ziele und Maßnahmen“ – und werden mit „python -m data_layer.build“ übernommen."
)


def _areas_of(
    goal: model.GoalRow, drafts: dict[str, Goal], focus: Focus | None = None
) -> pd.DataFrame:
    """The areas a goal applies to, narrowed to the focus (a Kommune-wide goal keeps its
    area: the focus lies inside it)."""
    if goal.draft:
        areas = model.draft_areas(drafts[goal.goal_id], data.home().system_code)
    else:
        areas = model.goal_areas(goal.goal_id)
    if focus is None or areas.empty:
        return areas
    mine = areas["system_code"].astype(str) == focus.system
    inside: set[str] = set()
    for level in areas.loc[mine, "level"].astype(str).unique():
        inside |= focus.ids_at(level)
    return areas.loc[~mine | areas["area_id"].isin(inside)].reset_index(drop=True)


def _measures_of(measures: pd.DataFrame, goal_id: str) -> pd.DataFrame:
    """The measures linked to one goal."""
    hit = [goal_id in str(x or "").split(",") for x in measures["goal_ids"]]
    return measures.loc[pd.Series(hit, index=measures.index, dtype=bool)]


def _measures_in_focus(measures: pd.DataFrame, focus: Focus | None) -> pd.DataFrame:
    """The measures that reach an area inside the focus (any level of its area system)."""
    if focus is None or measures.empty:
        return measures
    systems = data.area_systems()
    inside: set[str] = set()
    for level in systems.loc[systems["system_code"] == focus.system, "level"].astype(str):
        inside |= focus.ids_at(level)
    hit = [bool(inside & set(str(x or "").split(","))) for x in measures["area_ids"]]
    return measures.loc[pd.Series(hit, index=measures.index, dtype=bool)]


def _points(measures: pd.DataFrame) -> list[tuple[float, float, str]]:
    """(lon, lat, title) of the measures with a location."""
    return [
        (float(x), float(y), str(t))
        for x, y, t in zip(measures["lon"], measures["lat"], measures["title"], strict=True)
        if pd.notna(x) and pd.notna(y)
    ]


def _reached(measures: pd.DataFrame) -> set[str]:
    """The areas the measures reach."""
    return {a for ids in measures["area_ids"].fillna("") for a in str(ids).split(",") if a}


def draft_form() -> None:
    """Internal mode only: a new draft goal into the workspace file (never the store)."""
    with st.expander("Neues Ziel entwerfen (interner Modus)"):
        st.caption(f"Entwürfe werden in {draft_file().name} gespeichert, nicht in der Datenbasis.")
        home = data.home()
        cat = data.catalogue()
        levels = list(data.area_systems().query("system_code == @home.system_code")["level"])
        with st.form(KEYS("entwurf")):
            title = st.text_input("Titel", key=KEYS("titel"))
            topic = st.text_input("Thema", value="Jugendhilfe", key=KEYS("thema"))
            owner = st.text_input("Verantwortlich (Amt/Dezernat)", key=KEYS("amt"))
            ind = st.selectbox(
                "Indikator",
                cat["indicator_id"].tolist(),
                format_func=lambda i: str(
                    dict(zip(cat["indicator_id"], cat["name"], strict=True)).get(i, i)
                ),
                key=KEYS("indikator"),
            )
            cmp = st.radio("Vergleich", ["≥", "≤"], horizontal=True, key=KEYS("vergleich"))
            target = st.number_input("Zielwert", value=0.0, key=KEYS("zielwert"))
            deadline = st.date_input("Frist", key=KEYS("frist"))
            level = st.selectbox("Ebene", levels, index=len(levels) - 1, key=KEYS("ebene"))
            url = st.text_input("Quelle (Adresse des Dokuments)", value="https://", key=KEYS("url"))
            sent = st.form_submit_button("Entwurf speichern")
        if sent:
            goal_id = "entwurf_" + re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40]
            try:
                save_draft(
                    {
                        "goal_id": goal_id,
                        "title": title,
                        "topic": topic,
                        "owner": owner,
                        "targets": [{"indicator_id": ind, "comparison": cmp, "target": target}],
                        "deadline": deadline.isoformat(),
                        "areas": {"level": level, "area_system": home.system_code},
                        "source": {
                            "title": "Entwurf",
                            "publisher": owner or "–",
                            "url": url,
                            "date": deadline.isoformat(),
                        },
                    }
                )
            except DataError as exc:
                st.error(exc.message)
                return
            st.success(f"Entwurf „{title}“ gespeichert.")
            st.rerun()


def body() -> None:
    page_header(
        "Ziele und Maßnahmen",
        "Beschlossene Ziele mit ihren Indikatoren: wo sie erreicht sind, wo sie auf Kurs sind "
        "und welche Maßnahmen wo wirken.",
    )
    stored = list(model.stored_goals())
    drafts = model.draft_goals()
    goals = stored + [row for row, _ in drafts]
    draft_specs = {row.goal_id: spec for row, spec in drafts}
    if not goals:
        show_url_notes()
        st.info(NO_GOALS)
        if not is_public_mode():
            draft_form()
        return
    focus = choose_focus(data.home().system_code)
    if focus:
        st.caption(
            f"Fokus: {focus.label} – Ampel, Tabellen, Karte, Maßnahmen und Bericht nur für "
            "die Gebiete darin (ein Ziel für die ganze Kommune gilt auch dort)."
            if any((_areas_of(g, draft_specs)["system_code"] == focus.system).any() for g in goals)
            else f"Fokus: {focus.label} – die Ziele dieser Datenbasis gelten für Gebiete eines "
            "anderen Gebietssystems (z. B. Kreise); eingeengt werden nur die Maßnahmen."
        )
    areas_of = {g.goal_id: _areas_of(g, draft_specs, focus) for g in goals}
    tables = {g.goal_id: model.area_attainment(g, areas_of[g.goal_id]) for g in goals}
    st.subheader("Ampel: alle Ziele auf einen Blick")
    st.caption(
        "● erreicht · ◐ auf Kurs (beim bisherigen Tempo bis zur Frist erreicht) · ○ nicht auf "
        "Kurs · – keine Daten (kein Wert oder kein Trend; nie als erreicht gezählt). Ampel = "
        "häufigster Stand der Gebiete."
    )
    st.dataframe(overview(goals, tables), hide_index=True, width="stretch")
    ids = [g.goal_id for g in goals]
    names = {g.goal_id: g.title + (" (Entwurf)" if g.draft else "") for g in goals}
    seed_choice(KEYS("ziel"), ids, "ziel", ids[0])
    show_url_notes()
    chosen = str(st.selectbox("Ziel", ids, format_func=lambda i: names[i], key=KEYS("ziel")))
    goal = next(g for g in goals if g.goal_id == chosen)
    table = tables[chosen]
    st.subheader(names[chosen])
    st.markdown(
        f"**Zielgröße:** {targets_text(goal)} · **Frist:** {fmt_date(goal.deadline)} · "
        f"**Verantwortlich:** {goal.owner} · **Geltungsbereich:** {goal.areas_text}  \n"
        f"**Quelle:** {goal.source}"
    )
    st.dataframe(shown(area_table(table)), hide_index=True, width="stretch")
    measures = _measures_in_focus(model.measures(), focus)
    mine = _measures_of(measures, chosen)
    st.subheader("Maßnahmen zu diesem Ziel")
    if mine.empty:
        where = f" in {focus.name}" if focus else ""
        st.info(f"Zu diesem Ziel ist{where} keine Maßnahme erfasst.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Maßnahme": mine["title"],
                    "Verantwortlich": mine["responsible"] + " (" + mine["responsible_type"] + ")",
                    "von": mine["start_date"].map(fmt_date),
                    "bis": mine["end_date"].map(lambda d: fmt_date(d) if pd.notna(d) else "offen"),
                    "Gebiete": mine["area_ids"].fillna("").str.count(",") + 1,
                }
            ),
            hide_index=True,
            width="stretch",
        )
    gaps = goal_map.gap_ids(table, _reached(mine))
    areas = areas_of[chosen]
    st.subheader("Karte: Stand je Gebiet und Maßnahmen")
    goal_map.goal_map(areas, table, mine, gaps, title=names[chosen], key=KEYS("karte"), focus=focus)
    st.subheader("Gebiete mit hohem Bedarf ohne Maßnahme")
    if not gaps:
        st.success("Jedes Gebiet, das nicht auf Kurs ist, wird von einer Maßnahme erreicht.")
    else:
        gap_names = table.loc[table["area_id"].astype(str).isin(gaps), "name"].astype(str)
        st.markdown(
            f"{fmt_int(len(gaps))} Gebiete sind nicht auf Kurs und keine Maßnahme erreicht sie: "
            + ", ".join(gap_names.head(30))
            + (" …" if len(gaps) > 30 else "")
        )
    set_params(ziel=chosen, **url_of(focus))
    details = (
        f"Zielgröße: {targets_text(goal)}; Frist {fmt_date(goal.deadline)}; verantwortlich: "
        f"{goal.owner}; Geltungsbereich: {goal.areas_text}."
        + (f" Fokus des Berichts: {focus.label}." if focus else "")
    )
    shown_measures = pd.DataFrame(
        {"Maßnahme": mine["title"], "Verantwortlich": mine["responsible"],
         "von": mine["start_date"].map(fmt_date)}
    )  # fmt: skip

    def all_maps() -> list[tuple[str, bytes | None]]:
        out = []
        for g in goals:
            ms = _measures_of(measures, g.goal_id)
            out.append(
                (
                    names[g.goal_id],
                    report.goal_map(
                        areas_of[g.goal_id],
                        tables[g.goal_id],
                        names[g.goal_id],
                        _points(ms),
                        goal_map.gap_ids(tables[g.goal_id], _reached(ms)),
                    ),
                )
            )
        return out

    link = permalink("ziele", {"ziel": chosen, "fokus": focus.area_id if focus else ""})
    report.report_button(
        lambda: report.report_pdf(
            report.report_document(
                overview(goals, tables),
                names[chosen],
                details,
                area_table(table).drop(columns=["Hinweis"]),
                shown_measures,
                [f"{names[g.goal_id]}: {g.source}" for g in goals],
                all_maps(),
                link,
            )
        ),
        KEYS("pdf"),
        identity=link + "|" + ",".join(sorted(names)),  # a new draft: a new report
    )
    if not is_public_mode():
        draft_form()
    sources_footer()


run_guarded(body)
