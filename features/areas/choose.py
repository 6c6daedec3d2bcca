"""The widgets that build the view of "Sozialräume vergleichen" (seeded from the URL once).

Every widget is seeded by ``components.url_state`` (URL on the first run, validated; then the
user's choice; the default when the options changed) and created with its key only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from components import cache as data
from components.focus import Focus, ancestor_chains, choose_focus
from components.formatting import MISSING, fmt_period
from components.maps.selection import apply_map_click
from components.url_state import seed_choice
from features.areas import cache
from features.areas.context import (
    DEFAULT_SECTION,
    KEYS,
    SECTIONS,
    AreaView,
    IndicatorInfo,
    Section,
)

#: every map of the page: a click on any of them selects the area
MAP_KEYS = (KEYS("map"), KEYS("map_index"), KEYS("map_typen"), KEYS("map_hot"))
NO_AREA = "– kein Gebiet gewählt –"
LAND_HELP = "Sehr viele Gebiete: die Karte zeigt jeweils ein Land, damit sie flüssig bleibt."
AREA_HELP = "Tippen Sie einen Namen oder Schlüssel ein – oder klicken Sie auf die Karte."
NO_AREAS = (
    "Die Datenbasis enthält keine Ebene mit mehreren Gebieten. Ein Datenpaket muss in "
    "areas.geojson die Gebiete der Kommune liefern (Spalten area_id, name, level, parent_id)."
)


def no_values_note(level: str) -> str:
    """What a Datenpaket must add when a level has no indicator values."""
    return (
        f"Für die Ebene „{level}“ liegen keine Indikatorwerte vor. Wählen Sie eine andere Ebene – "
        "oder ergänzen Sie im Datenpaket population.csv (Einwohner je Gebiet und Stichtag) "
        "oder indicator_values.csv (Spalten indicator_id, area_id, period, value) mit "
        "indicators.yaml für Gebiete dieser Ebene."
    )


def select(
    container: Any,
    label: str,
    options: Sequence[str],
    *,
    name: str,
    url_name: str,
    default: str,
    format_func: Callable[[str], str] = str,
    help: str | None = None,  # noqa: A002 - same name as in Streamlit
) -> str:
    """A selectbox with key ``soz.<name>``, seeded from URL parameter ``url_name``."""
    key = KEYS(name)
    seeded = seed_choice(key, options, url_name, default)
    value = container.selectbox(label, options, format_func=format_func, key=key, help=help)
    return seeded if value is None else str(value)


def _prefer(preferred: str, options: Sequence[str], fallback: str) -> str:
    return preferred if preferred in options else fallback


def _replacement(before: object, catalogue: Any, home: str) -> str:
    """Default indicator: the store's own, else the first of the dropped one's Themenfeld."""
    inds = catalogue["indicator_id"].tolist()
    record = data.indicator(str(before)) if isinstance(before, str) and before else None
    if record and before not in inds:
        same = catalogue.loc[catalogue["domain"] == record.get("domain"), "indicator_id"]
        if not same.empty:
            return str(same.iloc[0])
    return _prefer(home, inds, inds[0])


def dropped_note(before: str, level: str, shown: str) -> str:
    """German note when the chosen indicator has no values on the new level."""
    record = data.indicator(before) or {}
    name = record.get("name") or before
    return (
        f"„{name}“ liegt für die Ebene „{level}“ nicht vor. Angezeigt wird stattdessen "
        f"„{shown}“; bitte bei Bedarf einen anderen Indikator wählen."
    )


def choose_view() -> AreaView | None:
    """Area system, level, (Land filter), indicator and period – the view everything else uses.

    Opens on the store's own Kommune (``components.cache.home()``: system, level, indicator).
    None (with a German note naming what a Datenpaket must add) when the store has no level
    with several areas or the chosen level has no indicator values.
    """
    home = data.home()
    systems = data.area_systems()
    systems = systems[systems["n_areas"] > 1]
    if systems.empty:
        st.info(NO_AREAS)
        return None
    names = dict(zip(systems["system_code"], systems["area_system"], strict=False))
    codes = list(dict.fromkeys(systems["system_code"]))
    c1, c2, c3, c4, c5 = st.columns([1.1, 1.1, 1.1, 2.2, 1.1])
    system = select(c1, "Gebietssystem", codes, name="system", url_name="system",
                    default=_prefer(home.system_code, codes, codes[0]),
                    format_func=lambda c: str(names.get(c, c)))  # fmt: skip
    levels = cache.levels(system)["level"].tolist()
    level = select(c2, "Ebene", levels, name="ebene", url_name="ebene",
                   default=_prefer(home.level, levels, levels[-1]))  # fmt: skip
    focus = choose_focus(system)
    within = _focus_within(focus, system, level) if focus else _within(c3, system, level)
    catalogue = cache.indicators_for(system, level)
    inds = catalogue["indicator_id"].tolist()
    if not inds:
        st.info(no_values_note(level))
        return None
    labels = {r.indicator_id: f"{r.name} ({r.domain})" for r in catalogue.itertuples()}
    before = st.session_state.get(KEYS("ind"))  # the indicator of the previous run
    indicator = select(c4, "Indikator", inds, name="ind", url_name="indikator",
                       default=_replacement(before, catalogue, home.indicator or ""),
                       format_func=lambda i: labels.get(i, i))  # fmt: skip
    if before and before not in inds:  # a change of level dropped it: say so
        st.info(dropped_note(str(before), level, labels.get(indicator, indicator)))
    periods = cache.periods(indicator, system, level)
    if not periods:
        st.info(no_values_note(level))
        return None
    period = select(c5, "Stichtag", periods, name="zeit", url_name="zeit",
                    default=periods[-1], format_func=fmt_period)  # fmt: skip
    root = cache.root_area(system) or {"area_id": "", "name": "Gesamt"}
    ref_id = within or root["area_id"]
    return AreaView(
        system=system,
        level=level,
        within=within,
        indicator=indicator,
        period=period,
        info=IndicatorInfo.of(indicator, data.indicator(indicator, system)),
        ref_id=ref_id,
        ref_name=cache.area_names(system).get(ref_id, root["name"]),
        catalogue=catalogue,
        focus=focus,
    )


def _focus_within(focus: Focus, system: str, level: str) -> str:
    """The area whose areas of ``level`` are shown: the focus, or (a level not finer than the
    focus) the one area of ``level`` that contains it."""
    lv = cache.levels(system)
    rank = lv.loc[lv["level"] == level, "level_rank"]
    if rank.empty or int(rank.iloc[0]) > focus.rank:
        return focus.area_id
    ids = sorted(focus.ids_at(level))
    return ids[0] if ids else focus.area_id


def _within(container: Any, system: str, level: str) -> str | None:
    """The Land whose areas are shown, for very large levels (else None, no widget)."""
    filt = cache.filter_areas(system, level)
    if filt.empty:
        return None
    ids = filt["area_id"].tolist()
    names = dict(zip(filt["area_id"], filt["name"], strict=True))
    return select(container, "Gebiete in", ids, name="land", url_name="land", default=ids[0],
                  format_func=lambda a: str(names.get(a, a)), help=LAND_HELP)  # fmt: skip


def choose_area(view: AreaView, label: str = "Gebiet") -> str:
    """Searchable area selection ("" = none); a click on any map of the page selects too."""
    areas = cache.level_areas(view.system, view.level, view.within)
    ids = areas["area_id"].tolist()
    for map_key in MAP_KEYS:
        apply_map_click(map_key, KEYS("gebiet"), ids, seen_key=KEYS("_clicks"))
    chains = ancestor_chains(view.system, view.level)
    names = {
        str(r.area_id): f"{r.name!s} ({r.local_id!s}, "
        f"{chains.get(str(r.area_id)) or r.parent_name or MISSING!s})"
        for r in areas.itertuples()
    }
    return select(st, label, ["", *ids], name="gebiet", url_name="gebiet", default="",
                  format_func=lambda a: names.get(a, NO_AREA), help=AREA_HELP)  # fmt: skip


def choose_section() -> Section:
    """The section ("Ansicht") of the page."""
    key = KEYS("bereich")
    options: list[Section] = list(SECTIONS)
    seed_choice(key, options, "bereich", DEFAULT_SECTION)
    section = st.segmented_control("Ansicht", options, format_func=lambda s: SECTIONS[s], key=key)
    return section or DEFAULT_SECTION
