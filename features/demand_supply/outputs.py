"""Ranking, table with downloads, and the development between facility snapshots."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import bar_list, charts
from components.exports import csv_bytes, xlsx_bytes
from components.focus import ancestor_columns, restrict
from components.formatting import fmt_date
from components.layout import data_stamp
from features.demand_supply import cache as d
from features.demand_supply import view as v
from features.demand_supply.context import KEYS, VIEWS, DemandView, MapView
from features.demand_supply.results import Areas, Result
from features.demand_supply.sections import column_of, ranking_note
from indicators.frame_memo import remember


def ranking_and_table(view: DemandView, mv: MapView, res: Result, areas: Areas) -> None:
    """Areas with the largest gaps (bars), the table of all areas, CSV/XLSX."""
    column = column_of(mv.view_key, False)
    service, source = view.service, view.source()
    st.subheader(
        f"Einrichtungen je {view.level}" if view.count_mode else "Wo ist der Fehlbedarf am größten?"
    )
    # what follows depends only on the table and the view: derived once per shared table
    # (every session and every return to a setting reuses it; ``frame_memo``, #17)
    same = (view.system, view.level, view.count_mode, view.estimated, areas.focus)
    if not view.count_mode:
        title = f"{service.name}: größter Fehlbedarf ({VIEWS[mv.view_key]}, {view.level})"
        line = charts.source_line({"source": source, "data_date": fmt_date(view.snapshot)})
        fig, alt, note = remember(
            res.table,
            ("ranking", *same, column, title, line),
            lambda: (
                *v.ranking_figure(res.table, areas.names, column, title, line),
                ranking_note(res.table, areas.names, column, view.level, VIEWS[mv.view_key]),
            ),
        )
        # the bars as a table (cheap for the browser on every quota step), the figure for exports
        bar_list.show_or_note(fig, note, key=KEYS("rangfolge"), table=alt, header=view.level)
    order = column if not view.count_mode else "n_facilities"
    shown = remember(
        res.table, ("table", *same, order), lambda: _area_table(view, res, areas, order)
    )
    st.dataframe(shown, hide_index=True, width="stretch", key=KEYS("tabelle"))
    _downloads(view, res, areas)


def _area_table(view: DemandView, res: Result, areas: Areas, order: str) -> pd.DataFrame:
    """The table of all areas as shown: German numbers, the coarser levels beside each area."""
    ordered = res.table.sort_values(order)
    shown = v.display_table(ordered, areas.names, view.count_mode, view.estimated)
    upper = ancestor_columns(view.system, view.level).reindex(ordered["area_id"])
    for i, level in enumerate(upper.columns):
        shown.insert(1 + i, str(level), upper[level].fillna("–").to_numpy())
    return shown


def _downloads(view: DemandView, res: Result, areas: Areas) -> None:
    s, snap, source = view.settings, view.snapshot, view.source()
    meta: dict[str, str | float] = {"Leistungsart": view.service.name, "Bedarfsquote (%)": s.quota * 100,
            "Einzugsbereich (m)": s.radius_m, "Umwegfaktor": s.detour,
            "Bevölkerung": view.basis.label(), "Stand Einrichtungen": snap}  # fmt: skip
    if areas.focus is not None:
        meta["Fokus"] = areas.focus.label

    def export() -> pd.DataFrame:  # built on a click only (the buttons' data are deferred)
        return remember(
            res.table,
            ("export", view.system, view.estimated, tuple(meta.items())),
            lambda: v.export_frame(res.table, areas.hierarchy, meta, view.estimated),
        )

    c1, c2 = st.columns(2)
    stamp, name = data_stamp(), f"bedarf_angebot_{view.service.id}_{view.level.lower()}"
    c1.download_button(
        "Tabelle als CSV",
        lambda: csv_bytes(export(), source=source, stamp=stamp, data_date=snap),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=KEYS("csv"),
    )
    c2.download_button(
        "Tabelle als Excel (XLSX)",
        lambda: xlsx_bytes(export(), source=source, stamp=stamp, data_date=snap),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=KEYS("xlsx"),
    )


def snapshot_section(view: DemandView, areas: Areas) -> str | None:
    """Supply at the first and the last facility snapshot, on the same demand: a closed
    section computed only when the visitor opens it (two more balances per setting). Returns
    its URL value (``"1"`` open, ``None`` closed or no second snapshot)."""
    snaps = d.snapshots(view.service.service_type)
    if len(snaps) < 2:
        return None
    pair = (snaps[0], snaps[-1])
    box = st.expander(
        f"Entwicklung des Angebots: Stand {fmt_date(pair[0])} und {fmt_date(pair[1])}",
        key=KEYS("entwicklung"), on_change="rerun", icon=":material/history:",
    )  # fmt: skip
    if not box.open:
        return None
    with box:
        _snapshot_comparison(view, areas, pair)
    return "1"


def _snapshot_comparison(view: DemandView, areas: Areas, pair: tuple[str, str]) -> None:
    s = view.settings
    comp = d.snapshot_comparison(view.system, view.level, view.service.id, s.quota, s.mode, pair)
    comp = restrict(comp, areas.focus, view.level)
    used = comp.attrs.get("periods", {})
    st.caption(
        "Beide Stände werden am selben Bedarf gemessen: Bevölkerung zum nächstgelegenen Stichtag "
        "mit passenden Altersgruppen ("
        + ", ".join(f"Stand {fmt_date(k)} → {fmt_date(val)}" for k, val in used.items())
        + ")"
        + ("; die Zielgruppe ist aus gröberen Altersgruppen geschätzt" if view.estimated else "")
        + ". Das Planungsszenario ist hier nicht enthalten."
    )
    v.comparison_metrics(comp, pair, view.count_mode)
    table = remember(
        comp,
        ("comparison", view.system, view.level, pair, view.count_mode),
        lambda: v.comparison_table(comp, areas.names, pair, view.count_mode),
    )
    st.dataframe(table, hide_index=True, width="stretch")
