"""The parts of the page Bevölkerungsprognose below the widgets: metrics, one section per view,
downloads. Every section gets the same :class:`Shown` (the view and its projection run)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from components.charts import source_line
from components.exports import csv_bytes, xlsx_bytes
from components.focus import restrict
from components.formatting import fmt_date, fmt_int, fmt_signed
from components.layout import data_stamp
from features.projection import cache as dp
from features.projection import model as pm
from features.projection import view as pv
from features.projection.backtest_view import show_backtest
from features.projection.change_map import change_map
from features.projection.context import PageData
from features.projection.notes import method_note
from features.projection.state import DISPLAYS, KEYS, ProjectionView, ViewKind, pattern_label
from indicators.projection.aggregate import (
    change_frame,
    change_summary,
    totals_by_area,
)
from indicators.projection.cohort import ProjectionResult
from indicators.projection.selection import (
    BoolArray,
    balance_frame,
    bands_frame,
    max_balance_gap,
    percent_change,
    pyramid_frame,
    selection_births,
    selection_mask,
    selection_totals,
)


@dataclass(frozen=True)
class Shown:
    """A view with its projection run: ``owner`` maps the projected areas to the view's
    level, ``mask`` selects those of the view's area."""

    view: ProjectionView
    data: PageData
    result: ProjectionResult
    owner: pd.Series
    mask: BoolArray

    @property
    def source(self) -> str:
        return source_line(
            {"source": source_text(), "data_date": f"Basis {fmt_date(self.data.base_period)}"}
        )

    @property
    def suffix(self) -> str:
        return f"{self.view.place}, Basis {fmt_date(self.data.base_period)}"


def source_text() -> str:
    return f"Planungsatlas-Vorausberechnung; {dp.scope().population_source}, Destatis, 14. kBV"


def shown(view: ProjectionView, data: PageData) -> Shown:
    """Run the view's scenario (cached) and select its area."""
    result = dp.run(view.settings, view.control, view.target)
    owner = dp.owners(view.level)
    if view.area_id is None and view.focus is not None:  # the focus as a whole
        inside = view.focus.ids_at(data.scope.level)
        mask: BoolArray = np.isin(np.asarray(result.area_ids, dtype=object), list(inside))
        return Shown(view, data, result, owner, mask)
    return Shown(view, data, result, owner, selection_mask(result.area_ids, owner, view.area_id))


def metrics(s: Shown) -> None:
    """Persons at base and end, change, first year's births; a warning for a small area."""
    totals = selection_totals(s.result, s.mask)
    base_year, end_year = s.data.base_year, s.view.end_year
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(f"Einwohner 31.12.{base_year}", fmt_int(totals[0]))
    c2.metric(f"Einwohner 31.12.{end_year}", fmt_int(totals[-1]))
    c3.metric("Veränderung", fmt_signed(percent_change(totals[0], totals[-1]), 1, "%"))
    c4.metric(f"Geburten {base_year + 1}", fmt_int(selection_births(s.result, s.mask)))
    if s.view.area_id is not None and float(totals[0]) < dp.min_area_size():
        st.warning(
            f"{s.view.place} hat weniger als 1.000 Einwohnerinnen und Einwohner: "
            "Das Ergebnis ist unsicher."
        )


def trend(s: Shown) -> None:
    """Variants with the user's scenario, then the planning age groups."""
    view = s.view
    fan_level, fan_area = view.level, view.area_id
    if fan_area is None and view.focus is not None and view.focus.level in s.data.levels:
        fan_level, fan_area = view.focus.level, view.focus.area_id
    fan = dp.variant_fan_of(view.end_year, fan_level, view.settings.migration_pattern, fan_area)
    user = pd.Series(selection_totals(s.result, s.mask), index=list(s.result.years))
    pv.fan_chart(
        fan, user, key=KEYS("fan"), source=s.source,
        title=f"Einwohnerinnen und Einwohner – {s.suffix}",
    )  # fmt: skip
    st.radio(
        "Darstellung der Altersgruppen", list(DISPLAYS), key=KEYS("darst"), horizontal=True,
        format_func=lambda k: DISPLAYS[k],
    )  # fmt: skip
    pv.bands_chart(
        bands_frame(s.result, s.mask), index=view.display == "index", source=s.source,
        key=KEYS("bands"), title=f"Planungsrelevante Altersgruppen, Ihr Szenario – {s.suffix}",
    )  # fmt: skip


def pyramid_note() -> str:
    """Caption of the pyramid when its base year's single ages or sexes are estimated ("": none)."""
    parts = []
    if dp.coarse_age_bands():
        parts.append("die Einzelalter aus groben Altersgruppen")
    if any(t.startswith("Aufteilung nach Geschlecht") for t in dp.estimated_inputs()):
        parts.append("die Aufteilung nach Geschlecht aus dem Frauenanteil der Sterbetafel")
    if not parts:
        return ""
    return f"Basisjahr teils geschätzt: {' und '.join(parts)} (siehe „Geschätzte Eingaben“)."


def pyramid(s: Shown) -> None:
    base_year, end_year = s.data.base_year, s.view.end_year
    note = pyramid_note()
    pv.pyramid_chart(
        pyramid_frame(s.result, s.mask, [base_year, end_year]), base_year, end_year,
        title=f"Altersaufbau {base_year}{' (geschätzt)' if note else ''} und {end_year} – {s.view.place}",
        source=s.source, key=KEYS("pyr"),
    )  # fmt: skip
    if note:
        st.caption(note)


def areas(s: Shown) -> None:
    """Map (view ``karte``) and table of the change per area of the view's level."""
    view, base_year = s.view, s.data.base_year
    totals = totals_by_area(s.result, s.owner)
    change = change_frame(totals, base_year, view.end_year, dp.min_area_size())
    change = restrict(change, view.focus, view.level)
    names = s.data.areas(view.level).set_index("area_id")["name"]
    if view.kind == "karte":
        st.checkbox("Hintergrundkarte", key=KEYS("hk"))
        change_map(
            change, names, level=view.level, end_year=view.end_year, basemap=view.basemap,
            key=KEYS("map"), source=s.source, focus=view.focus,
        )  # fmt: skip
    table = pv.area_table(change, names, base_year, view.end_year)
    st.dataframe(table, hide_index=True, width="stretch")
    total = change_summary(change)
    where = f"der Gebiete in {view.focus.label}" if view.focus else "aller Gebiete"
    st.caption(
        f"Summe {where}: {fmt_int(total.base)} (31.12.{base_year}) → {fmt_int(total.end)} "
        f"(31.12.{view.end_year}). {fmt_int(total.n_uncertain)} Gebiete unter 1.000 Einwohnern "
        "sind als unsicher gekennzeichnet."
    )


def balance(s: Shown) -> None:
    """The balancing equation per year for the view's area, and the check over all areas."""
    st.markdown(
        f"**Bilanz je Jahr – {s.view.place}.** "
        "Bevölkerung = Vorjahr + Geburten − Sterbefälle + Wanderungssaldo."
    )
    frame = balance_frame(s.result, s.mask)
    st.dataframe(pv.balance_table(frame), hide_index=True, width="stretch")
    gap = max_balance_gap(s.result)
    st.caption(
        f"Prüfung über alle {fmt_int(len(s.result.area_ids))} Gebiete der Ebene „{s.data.scope.level}“ "
        "und alle Jahre: größte "
        f"Abweichung {gap:.1e} Personen (Rundung der Rechnung).".replace(".", ",", 1)
    )


def backtest(s: Shown) -> None:
    show_backtest(dp.backtest(), dp.backtest_sweeps(), s.data.scope.place)


def method(s: Shown) -> None:
    d = s.data
    base, start = fmt_date(d.base_period), fmt_date(d.start_period)
    method_note(d.params, dp.rates(), base, start, dp.volumes(), d.scope)


SECTIONS: dict[ViewKind, Callable[[Shown], None]] = {
    "verlauf": trend,
    "pyramide": pyramid,
    "karte": areas,
    "tabelle": areas,
    "bilanz": balance,
    "rueckrechnung": backtest,
    "methode": method,
}


def export_source(s: Shown) -> str:
    """Source line of the downloads: scenario, sources and the estimated inputs (if any)."""
    settings = s.view.settings
    src = (
        f"Planungsatlas-Bevölkerungsprognose ({s.view.level}); Szenario: Geburtenziffer "
        f"{settings.tfr}, Lebenserwartung {settings.e0_m}/{settings.e0_f}, Wanderungssaldo "
        f"{s.data.scope.place} {settings.migration_volume:.0f} je Jahr "
        f"(Muster: {pattern_label(settings.migration_pattern)}), "
        f"Annahmen erreicht {settings.target_year or 'sofort'}; {source_text()}"
    )
    if s.view.focus is not None:
        src += f" · Fokus: {s.view.focus.label} (nur dessen Gebiete)"
    estimated = dp.estimated_inputs()
    if estimated:
        src += " · Hinweis – geschätzte Eingaben: " + " ".join(estimated)
    return src


def _focus_owner(s: Shown) -> pd.Series:
    """``s.owner`` with the areas outside the focus left out (all without a focus)."""
    if s.view.focus is None:
        return s.owner
    inside = s.view.focus.ids_at(s.view.level)
    return s.owner.where(s.owner.isin(inside))


def export_csv(s: Shown) -> bytes:
    """The projection of every area of the view's level as CSV (German Excel)."""
    names = s.data.tree.set_index("area_id")["name"]
    frame = pm.export_frame(s.result, _focus_owner(s), names)
    return csv_bytes(frame, source=export_source(s), stamp=data_stamp())


def export_xlsx(s: Shown) -> bytes:
    """The projection of every area of the view's level as XLSX (sheet "Prognose")."""
    names = s.data.tree.set_index("area_id")["name"]
    frame = pm.export_frame(s.result, _focus_owner(s), names)
    return xlsx_bytes(frame, source=export_source(s), stamp=data_stamp(), sheet="Prognose")


def downloads(s: Shown) -> None:
    """The projection of every area of the view's level as CSV and Excel."""
    end_year = s.view.end_year
    c1, c2 = st.columns(2)
    c1.download_button(
        "Prognose als CSV herunterladen", lambda: export_csv(s),
        file_name=f"bevoelkerungsprognose_{end_year}.csv",
        mime="text/csv", key=KEYS("csv"), on_click="ignore",
    )  # fmt: skip
    c2.download_button(
        "Prognose als Excel herunterladen", lambda: export_xlsx(s),
        file_name=f"bevoelkerungsprognose_{end_year}.xlsx", key=KEYS("xlsx"), on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip
