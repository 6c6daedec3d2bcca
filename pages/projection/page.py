"""Bevölkerungsprognose: small-area cohort-component projection with variants, scenario and backtest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components.charts import source_line
from components.errors import run_guarded
from components.exports import csv_bytes, xlsx_bytes
from components.formatting import fmt_date, fmt_int, fmt_signed
from components.layout import data_stamp, page_header, sources_footer
from components.url_state import choice_param, set_params, show_url_notes
from indicators.projection.cohort import ProjectionResult
from pages.projection import cache as dp
from pages.projection import controls as pc
from pages.projection import model as pm
from pages.projection import view as pv
from pages.projection.backtest_view import show_backtest
from pages.projection.notes import method_note

P = pc.P
VIEWS = {
    "verlauf": "Entwicklung",
    "pyramide": "Alterspyramide",
    "karte": "Karte",
    "tabelle": "Tabelle",
    "bilanz": "Bilanz",
    "rueckrechnung": "Rückrechnung",
    "methode": "Methode und Quellen",
}


def _source_meta() -> dict[str, str]:
    return {
        "source": f"Planungsatlas-Vorausberechnung; {dp.scope().population_source}, Destatis, 14. kBV"
    }


def _seed(key: str, value: object) -> None:
    if P + key not in st.session_state:
        st.session_state[P + key] = value


def body() -> None:
    page_header(
        "Bevölkerungsprognose",
        "Wie viele Kinder, Jugendliche und Ältere leben in den nächsten Jahren in welchem Gebiet? "
        "Vorausberechnung für alle Planungsräume mit drei Varianten und Ihrem eigenen Szenario.",
    )
    params = dp.parameters()
    inp = dp.inputs()
    base_period, start_period = dp.periods()
    base_year = inp.base_year
    years = list(range(base_year + 1, 2046))
    tree = dp.tree()
    scope = dp.scope()
    levels = tree.drop_duplicates("level").sort_values("level_rank")["level"].tolist()
    volumes = dp.volumes().as_dict()
    middle = pm.variant_settings(params, "middle", 2040, volumes)
    pc.seed_from_url(middle, min(2040, years[-1]), years)
    _seed("ansicht", choice_param("ansicht", list(VIEWS), "verlauf"))
    _seed("ebene", choice_param("ebene", levels, _default_level(levels)))
    _seed("darst", choice_param("darst", ["personen", "index"], "personen"))
    _seed("hk", choice_param("hk", ["0", "1"], "0") == "1")
    level_for_area = st.session_state[P + "ebene"]
    area_rows = tree.loc[tree["level"] == level_for_area]
    _seed("gebiet", choice_param("gebiet", [""] + area_rows["local_id"].tolist(), ""))
    show_url_notes()

    c1, c2, c3 = st.columns([1, 2, 1])
    level = c1.selectbox("Ebene für Karte und Tabelle", levels, key=P + "ebene")
    area_rows = tree.loc[tree["level"] == level]
    names_by_local = dict(zip(area_rows["local_id"], area_rows["name"], strict=True))
    if st.session_state[P + "gebiet"] not in ("", *names_by_local):
        st.session_state[P + "gebiet"] = ""
    local = c2.selectbox(
        "Gebiet für die Grafiken",
        ["", *sorted(names_by_local, key=lambda k: (names_by_local[k], k))],
        key=P + "gebiet",
        format_func=lambda k: (
            f"{scope.place} insgesamt" if k == "" else f"{names_by_local[k]} ({k})"
        ),
    )
    end_year = int(c3.select_slider("Endjahr", years, key=P + "ende"))

    with st.expander("Annahmen Ihres Szenarios", expanded=True):
        period = f"{fmt_date(start_period)}–{fmt_date(base_period)}"
        settings = pc.scenario_sliders(params, end_year, volumes, period, scope.place)
        fan_all = dp.variant_totals(end_year, "Land", settings.migration_pattern)
        mid_end = float(
            fan_all.loc[
                (fan_all["variant"] == "middle") & (fan_all["year"] == end_year), "persons"
            ].sum()
        )
        control_mode, target = pc.control_choice(mid_end, scope.place)
    with st.expander("Neubauvorhaben (optional)"):
        plr = tree.loc[tree["level"] == scope.level].sort_values("name")
        pc.housing_form(plr, years[: end_year - base_year], scope.level)
        settings = pm.Settings(
            **{**settings.__dict__, "housing": str(st.session_state.get(P + "neubau", ""))}
        )

    result = dp.run(settings, control_mode, target)
    owner = dp.owners(level)
    area_id = (
        None
        if local == ""
        else str(area_rows.loc[area_rows["local_id"] == local, "area_id"].iloc[0])
    )
    mask = pm.selection_mask(result, owner, area_id)
    place = scope.place if area_id is None else names_by_local[local]
    _metrics(result, mask, base_year, end_year)
    if area_id is not None and float(result.population[0, mask].sum()) < dp.min_area_size():
        st.warning(
            f"{place} hat weniger als 1.000 Einwohnerinnen und Einwohner: Das Ergebnis ist unsicher."
        )

    view = (
        st.segmented_control("Ansicht", list(VIEWS), key=P + "ansicht", format_func=VIEWS.get)
        or "verlauf"
    )
    set_params(
        ansicht=view, ebene=level, gebiet=local, ende=str(end_year),
        tfr=f"{settings.tfr:.2f}", e0m=f"{settings.e0_m:.1f}", e0f=f"{settings.e0_f:.1f}",
        ws=f"{settings.migration_volume:.0f}", zj=str(settings.target_year or "sofort"),
        eck=control_mode, ziel=str(int(target)) if control_mode == "ziel" else None,
        neubau=settings.housing or None, darst=st.session_state[P + "darst"],
        hk="1" if st.session_state[P + "hk"] else None,
        wm=None if st.session_state[P + "wm"] == "gebiet" else st.session_state[P + "wm"],
    )  # fmt: skip
    source = source_line({**_source_meta(), "data_date": f"Basis {fmt_date(base_period)}"})
    suffix = f"{place}, Basis {fmt_date(base_period)}"
    if view == "verlauf":
        fan = dp.variant_totals(end_year, level, settings.migration_pattern)
        fan = fan if area_id is None else fan.loc[fan["area_id"] == area_id]
        wide = fan.groupby(["year", "variant"])["persons"].sum().unstack("variant")
        user = pd.Series(result.population[:, mask].sum(axis=(1, 2, 3)), index=list(result.years))
        pv.fan_chart(
            wide,
            user,
            title=f"Einwohnerinnen und Einwohner – {suffix}",
            source=source,
            key=P + "fan",
        )
        index = st.radio(
            "Darstellung der Altersgruppen", ["personen", "index"], key=P + "darst", horizontal=True,
            format_func={"personen": "Personen", "index": "Index (Basisjahr = 100)"}.get,
        ) == "index"  # fmt: skip
        pv.bands_chart(
            pm.bands_frame(result, mask), index=index, source=source, key=P + "bands",
            title=f"Planungsrelevante Altersgruppen, Ihr Szenario – {suffix}",
        )  # fmt: skip
    elif view == "pyramide":
        frame = pm.pyramid_frame(result, mask, [base_year, end_year])
        pv.pyramid_chart(
            frame,
            base_year,
            end_year,
            title=f"Altersaufbau {base_year} und {end_year} – {place}",
            source=source,
            key=P + "pyr",
        )
    elif view in ("karte", "tabelle"):
        change = pm.change_frame(
            pm.totals_by_area(result, owner), base_year, end_year, dp.min_area_size()
        )
        names = area_rows.set_index("area_id")["name"]
        if view == "karte":
            basemap = st.checkbox("Hintergrundkarte", key=P + "hk")
            pv.change_map(
                change,
                names,
                level=level,
                end_year=end_year,
                basemap=basemap,
                key=P + "map",
                source=source,
            )
        table = pv.area_table(change, names, base_year, end_year)
        st.dataframe(table, hide_index=True, width="stretch")
        _total_row(change, base_year, end_year)
    elif view == "bilanz":
        _balance(result, mask, place)
    elif view == "rueckrechnung":
        show_backtest(dp.backtest(), dp.backtest_sweeps(), scope.place)
    else:
        method_note(
            params, dp.rates(), fmt_date(base_period), fmt_date(start_period), dp.volumes(), scope
        )
    _downloads(result, owner, level, end_year, settings)
    st.caption(source)
    sources_footer()


def _default_level(levels: list[str]) -> str:
    finest = dp.scope().level
    return finest if finest in levels else levels[-1]


def _metrics(result: ProjectionResult, mask: np.ndarray, base_year: int, end_year: int) -> None:
    totals = result.population[:, mask].sum(axis=(1, 2, 3))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(f"Einwohner 31.12.{base_year}", fmt_int(totals[0]))
    c2.metric(f"Einwohner 31.12.{end_year}", fmt_int(totals[-1]))
    c3.metric(
        "Veränderung", fmt_signed((totals[-1] / totals[0] - 1) * 100 if totals[0] else None, 1, "%")
    )
    c4.metric(f"Geburten {base_year + 1}", fmt_int(result.births[0, mask].sum()))


def _total_row(change: pd.DataFrame, base_year: int, end_year: int) -> None:
    base, end = change["base"].sum(), change["end"].sum()
    n_unc = int(change["uncertain"].sum())
    st.caption(
        f"Summe aller Gebiete: {fmt_int(base)} (31.12.{base_year}) → {fmt_int(end)} (31.12.{end_year}). "
        f"{fmt_int(n_unc)} Gebiete unter 1.000 Einwohnern sind als unsicher gekennzeichnet."
    )


def _balance(result: ProjectionResult, mask: np.ndarray, place: str) -> None:
    st.markdown(
        f"**Bilanz je Jahr – {place}.** Bevölkerung = Vorjahr + Geburten − Sterbefälle + Wanderungssaldo."
    )
    st.dataframe(pv.balance_table(pm.balance_frame(result, mask)), hide_index=True, width="stretch")
    gap = pm.max_balance_gap(result)
    st.caption(
        f"Prüfung über alle {fmt_int(len(result.area_ids))} Planungsräume und Jahre: größte Abweichung "
        f"{gap:.1e} Personen (Rundung der Rechnung).".replace(".", ",", 1)
    )


def _downloads(
    result: ProjectionResult, owner: pd.Series, level: str, end_year: int, settings: pm.Settings
) -> None:
    names = dp.tree().set_index("area_id")["name"]
    stamp = data_stamp()
    src = (
        f"Planungsatlas-Bevölkerungsprognose ({level}); Szenario: Geburtenziffer {settings.tfr}, "
        f"Lebenserwartung {settings.e0_m}/{settings.e0_f}, Wanderungssaldo {dp.scope().place} {settings.migration_volume:.0f} je Jahr "
        f"(Muster: {pc.pattern_label(settings.migration_pattern)}), "
        f"Annahmen erreicht {settings.target_year or 'sofort'}; {_source_meta()['source']}"
    )

    def csv() -> bytes:
        return csv_bytes(pm.export_frame(result, owner, names), source=src, stamp=stamp)

    def xlsx() -> bytes:
        return xlsx_bytes(
            pm.export_frame(result, owner, names), source=src, stamp=stamp, sheet="Prognose"
        )

    c1, c2 = st.columns(2)
    c1.download_button(
        "Prognose als CSV herunterladen", csv, file_name=f"bevoelkerungsprognose_{end_year}.csv",
        mime="text/csv", key=P + "csv", on_click="ignore",
    )  # fmt: skip
    c2.download_button(
        "Prognose als Excel herunterladen", xlsx, file_name=f"bevoelkerungsprognose_{end_year}.xlsx",
        key=P + "xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip


run_guarded(body)
