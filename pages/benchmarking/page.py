"""Kommunen vergleichen: peer groups, position per indicator, development, map."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from components import charts
from components.errors import run_guarded
from components.exports import csv_bytes, xlsx_bytes
from components.formatting import fmt_int, fmt_number, fmt_period, fmt_signed
from components.layout import data_stamp, page_header, sources_footer
from components.url_state import choice_param, set_params, show_url_notes
from indicators.peers.groups import PeerDefinition, resolve_peers, size_bands
from indicators.peers.stats import change_position, peer_band_series, position
from indicators.search import display_name
from pages.benchmarking import cache as data_bench
from pages.benchmarking import map_view as bench_map_view
from pages.benchmarking import view as bench_view
from pages.benchmarking.controls import (
    PeerChoice,
    level_and_kommune,
    peer_controls,
    removal_control,
)
from pages.benchmarking.state import MODES, init_widget, list_value
from pages.profiles import api as steckbrief_kommune

PREFIX = "de2024:"
DEFAULT_DOMAIN = {"Kreis": "Arbeit", "Gemeinde": ""}
DEFAULT_INDICATOR = {"Kreis": "inkar_unemployment_rate", "Gemeinde": "pop_total"}


def _automatic_peers(level: str, ags: str, choice: PeerChoice) -> tuple[list[str], list[str]]:
    """Automatic peer group (area ids, nearest first) and notes on the similarity features."""
    definition = PeerDefinition(
        modes=tuple(MODES[m][0] for m in choice.modes),
        k=choice.k,
        columns=choice.features,
        size_scale=level.lower(),
    )
    if not definition.modes:
        return [], []
    features = data_bench.feature_matrix(level, max(data_bench.years(level)))
    auto = resolve_peers(data_bench.areas(level), features, PREFIX + ags, definition)
    notes: list[str] = []
    if "similar" in definition.modes:
        year = max(data_bench.years(level))
        notes = data_bench.distances(level, year, PREFIX + ags, choice.features)[1]
    return auto, notes


def _final_peers(
    auto: list[str], added: tuple[str, ...], removed: list[str], own: str
) -> list[str]:
    ids = [*auto, *(PREFIX + a for a in added)]
    drop = {PREFIX + r for r in removed} | {own}
    return [a for a in dict.fromkeys(ids) if a not in drop]


def _peer_table(level: str, own: str, peers: list[str], choice: PeerChoice) -> pd.DataFrame:
    areas = data_bench.areas(level).set_index("area_id")
    sel = areas.loc[peers]
    table = pd.DataFrame(
        {
            "Kommune": sel["name"],
            "Schlüssel": sel["local_id"],
            "Land": sel["land_name"],
            "Typ": sel["type"],
            "Einwohner/innen": sel["population"].map(fmt_int),
            "Größenklasse": size_bands(sel["population"], level.lower()),
        }
    )
    if "aehnlich" in choice.modes and choice.features:
        year = max(data_bench.years(level))
        dist = data_bench.distances(level, year, own, choice.features)[0]
        dist = dist.set_index("area_id")["distance"]
        table["Abstand"] = [fmt_number(dist.get(a), 2) for a in peers]
    return table.reset_index(drop=True)


def _overview(level: str, own: str, peers: list[str], year: int, domain: str, own_name: str):
    cat = data_bench.indicators(level).set_index("indicator_id")
    ids = cat.index[cat["domain"] == domain] if domain else cat.index
    snap = data_bench.snapshot(level, year)
    snap = snap[snap["indicator_id"].isin(set(ids))]
    pos = position(snap[["area_id", "indicator_id", "value"]], own, peers, cat["polarity"])
    order = {i: n for n, i in enumerate(cat.sort_values(["domain", "name"]).index)}
    pos = pos.sort_values("indicator_id", key=lambda s: s.map(order)).reset_index(drop=True)
    own_rows = snap[snap["area_id"] == own].set_index("indicator_id")
    shown, export = bench_view.overview_table(pos, cat, own_rows)
    sources = "; ".join(sorted(set(cat.loc[pos["indicator_id"], "source"])))
    source = f"Quellen: {sources} · {bench_view.GEBIETSSTAND_NOTE} · {data_stamp()}"
    if len(pos) <= 20:
        fig = bench_view.overview_figure(pos, cat, own_name, source)
        charts.show(fig, key="bench.fig_overview")
    else:
        st.caption("Für mehr als 20 Indikatoren zeigt die Seite nur die Tabelle.")
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(
        "„Mittlere Hälfte“: die Hälfte der Vergleichskommunen liegt in diesem Bereich "
        "(unteres bis oberes Quartil). „Rang“: Anteil der Kommunen mit niedrigerem Wert in "
        "Prozent (0 = niedrigster, 100 = höchster Wert). ≈ = umgerechneter Wert."
    )
    stamp = data_stamp()
    c1, c2 = st.columns(2)
    note = bench_view.GEBIETSSTAND_NOTE
    c1.download_button(  # files are built on click only
        "Vergleichstabelle als CSV",
        lambda: csv_bytes(export, source=source, stamp=stamp, data_date=note),
        file_name=f"vergleich_{own.removeprefix(PREFIX)}.csv",
        mime="text/csv",
        key="bench.csv",
        on_click="ignore",
    )
    c2.download_button(
        "Vergleichstabelle als Excel (XLSX)",
        lambda: xlsx_bytes(export, source=source, stamp=stamp, data_date=note),
        file_name=f"vergleich_{own.removeprefix(PREFIX)}.xlsx",
        key="bench.xlsx",
        on_click="ignore",
    )
    return cat, list(ids)


def _development(level: str, own: str, peers: list[str], meta: pd.Series, own_name: str):
    ser = data_bench.series(level, str(meta.name))
    band = peer_band_series(ser[["area_id", "period", "value"]], peers)
    own_ser = ser[ser["area_id"] == own]
    source = f"{charts.source_line(meta.to_dict())} · {bench_view.GEBIETSSTAND_NOTE}"
    dec = int(meta["decimals"])
    fig = bench_view.series_figure(own_ser, band, meta, own_name, source)
    charts.show(
        fig,
        key="bench.fig_series",
        table=bench_view.series_table(own_ser, band, dec),
        table_label="Tabelle zur Zeitreihe",
    )
    periods = band["period"].tolist()
    st.subheader("Entwicklung: holt die Kommune auf oder fällt sie zurück?")
    if len(periods) < 2:
        st.info("Für diesen Indikator gibt es nur einen Zeitpunkt – keine Entwicklung darstellbar.")
        return
    init_widget("bench.von", choice_param("von", periods, periods[0]))
    init_widget("bench.bis", choice_param("bis", periods, periods[-1]))
    c1, c2 = st.columns(2)
    start = c1.selectbox("von", periods, format_func=fmt_period, key="bench.von")
    end = c2.selectbox("bis", periods, format_func=fmt_period, key="bench.bis")
    if start >= end:
        st.warning("Bitte einen Anfangszeitpunkt vor dem Endzeitpunkt wählen.")
        set_params(von=start, bis=end)
        return
    kind = "absolute" if meta["unit"] == "%" else "percent"
    unit = bench_view.change_unit(kind, str(meta["unit"]))
    long = ser[["area_id", "period", "value"]]
    res = change_position(long, own, peers, start, end, str(meta["polarity"]), kind)
    m1, m2 = st.columns(2)
    m1.metric(f"Veränderung {own_name}", fmt_signed(res["value"], 1, unit))
    m2.metric("Median der Vergleichsgruppe", fmt_signed(res["peer_median"], 1, unit))
    st.markdown(
        f"**Bewertung der Veränderung {fmt_period(start)}–{fmt_period(end)}:** "
        f"{res['bewertung']} ({fmt_int(res['n_peers'])} Vergleichskommunen mit Werten)."
    )
    changes = data_bench.changes(level, str(meta.name), start, end, kind)
    names = data_bench.areas(level).set_index("area_id")["name"].to_dict()
    title = f"Veränderung {meta['short_name']} {fmt_period(start)}–{fmt_period(end)}"
    fig = bench_view.change_figure(changes, own, peers, names, unit, title=title, source=source)
    charts.show(
        fig,
        key="bench.fig_change",
        table=bench_view.change_table(changes, own, peers, names, unit),
        table_label="Tabelle zur Veränderung",
    )
    set_params(von=start, bis=end)


def _domain_and_year(level: str, cat: pd.DataFrame) -> tuple[str, int]:
    domains = sorted(cat["domain"].unique().tolist())
    years = data_bench.years(level)[::-1]
    init_widget("bench.bereich", choice_param("bereich", domains, DEFAULT_DOMAIN[level]))
    init_widget("bench.jahr", int(choice_param("jahr", [str(y) for y in years], str(years[0]))))
    c1, c2 = st.columns(2)
    domain = c1.selectbox(
        "Themenfeld",
        ["", *domains],
        format_func=lambda d: d or "alle Themenfelder",
        key="bench.bereich",
    )
    year = c2.selectbox(
        "Stand bis Jahr",
        years,
        key="bench.jahr",
        help="Je Indikator der neueste Wert bis zum Ende dieses Jahres; das Jahr steht in der "
        "Spalte „Stand“.",
    )
    return domain, int(year)


def _peer_section(
    level: str, ags: str, feature_names: dict[str, str]
) -> tuple[PeerChoice, list[str]]:
    own = PREFIX + ags
    choice = peer_controls(level, ags, feature_names)
    if "aehnlich" in choice.modes and not choice.features:
        st.warning("Für „strukturell ähnlich“ bitte mindestens ein Merkmal wählen.")
        choice = replace(choice, modes=tuple(m for m in choice.modes if m != "aehnlich"))
    auto, notes = _automatic_peers(level, ags, choice)
    removed = removal_control(level, [a.removeprefix(PREFIX) for a in auto], ags)
    choice = replace(choice, removed=tuple(removed))
    peers = _final_peers(auto, choice.added, removed, own)
    for note in notes:
        st.caption(note)
    st.markdown(f"**Vergleichsgruppe: {fmt_int(len(peers))} Kommunen**")
    if not peers:
        st.info(
            "Die Vergleichsgruppe ist leer. Bitte eine Vergleichsart wählen oder Kommunen hinzufügen."
        )
    else:
        table = _peer_table(level, own, peers, choice)
        with st.expander("Mitglieder der Vergleichsgruppe"):
            st.dataframe(table, hide_index=True, width="stretch")
            st.download_button(
                "Liste als CSV",
                lambda: csv_bytes(
                    table,
                    source=f"Planungsatlas, {bench_view.GEBIETSSTAND_NOTE}",
                    stamp=data_stamp(),
                ),
                file_name=f"vergleichsgruppe_{ags}.csv",
                mime="text/csv",
                key="bench.peers_csv",
                on_click="ignore",
            )
    return choice, peers


def body() -> None:
    page_header(
        "Kommunen vergleichen",
        "Wie steht Ihre Kommune im Vergleich zu ähnlichen Kommunen da – heute und in der "
        "Entwicklung?",
    )
    st.caption(bench_view.GEBIETSSTAND_NOTE + ".")
    level, ags = level_and_kommune()
    own = PREFIX + ags
    own_name = display_name(str(data_bench.areas(level).set_index("area_id").loc[own, "name"]))
    cat = data_bench.indicators(level)
    feature_names = dict(zip(cat["indicator_id"], cat["short_name"], strict=True))
    st.subheader("Vergleichsgruppe")
    choice, peers = _peer_section(level, ags, feature_names)
    st.subheader(f"Wo steht {own_name}?")
    steckbrief_kommune.kommune_button(level, own, peers, {"ebene": level, "ags": ags})
    domain, year = _domain_and_year(level, cat)
    catx, ids = _overview(level, own, peers, year, domain, own_name)
    st.subheader("Zeitreihe mit Vergleichsgruppe")
    default_ind = DEFAULT_INDICATOR[level] if DEFAULT_INDICATOR[level] in ids else ids[0]
    init_widget("bench.indikator", choice_param("indikator", ids, default_ind))
    if st.session_state["bench.indikator"] not in ids:
        st.session_state["bench.indikator"] = default_ind
    indicator = st.selectbox(
        "Indikator", ids, format_func=lambda i: bench_view.label(catx.loc[i]), key="bench.indikator"
    )
    _development(level, own, peers, catx.loc[indicator], own_name)
    st.subheader("Karte")
    extent = bench_map_view.map_section(level, own, peers, own_name)
    show_url_notes()
    set_params(
        ebene=level,
        ags=ags,
        gruppe=list_value(choice.modes),
        k=str(choice.k) if "aehnlich" in choice.modes else None,
        merkmale=",".join(choice.features) if "aehnlich" in choice.modes else None,
        dazu=",".join(choice.added),
        weg=",".join(choice.removed),
        bereich=domain,
        jahr=str(year),
        indikator=indicator,
        karte=extent,
    )
    sources_footer()


run_guarded(body)
