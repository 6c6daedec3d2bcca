"""Steckbrief (area profile PDF) of a Sozialraum: map, key figures, trends, projection, balance.

Built only on demand (deferred download: the callable runs when the user clicks), from the
existing cached data functions. Numbers in German format; every Steckbrief names sources,
data date, data version and the permalink of the view. Kommunen: :mod:`features.profiles.kommune`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from components import cache as data
from components import pdf, pdf_job, url_state
from components.formatting import MISSING, fmt_date, fmt_int, fmt_number, fmt_period, fmt_signed
from components.layout import data_stamp
from features.areas import api as areas_api
from features.goals import api as goals_api
from features.profiles import map as profile_map
from features.profiles.parts import balance_section, projection_section
from indicators.peers.profile import first_last_changes, medians

MAX_INDICATORS = 15


def key_indicators(catalogue: pd.DataFrame, published: Sequence[str] = ()) -> list[str]:
    """The Steckbrief's order of the level's indicators (from the store, no names in code).

    Population shares first (ratios in %), then the published social index of the store
    (``published``: its class and status indicators, where the level has them), then the
    other ratios – rated ones (e.g. supply per 100) before neutral ones (e.g. density).

    >>> cat = pd.DataFrame({
    ...     "indicator_id": ["pop", "density", "places", "share_a", "class", "social_s1"],
    ...     "unit": ["Personen", "je km²", "je 100", "%", "Klasse", "%"],
    ...     "aggregation": ["sum", "ratio", "ratio", "ratio", "none", "none"],
    ...     "polarity": ["neutral", "neutral", "higher_better", "neutral", "higher_worse",
    ...                  "higher_worse"]})
    >>> key_indicators(cat, ["class", "social_s1", "not_here"])
    ['share_a', 'class', 'social_s1', 'places', 'density']
    """
    ratio = catalogue[catalogue["aggregation"] == "ratio"]
    share = ratio["unit"].astype(str) == "%"
    rated = ratio["polarity"].astype(str) != "neutral"
    have = {str(i) for i in catalogue["indicator_id"]}
    order = [
        *ratio[share]["indicator_id"],
        *(i for i in published if i in have),
        *ratio[~share & rated]["indicator_id"],
        *ratio[~share & ~rated]["indicator_id"],
    ]
    return [str(i) for i in dict.fromkeys(order)]


def published_index_indicators() -> list[str]:
    """Class and status indicators of the store's published social index methods."""
    out: list[str] = []
    for method in data.social_index_methods():
        if method.published_status:
            out.append(method.published_status)
        out += method.config.status_columns
    return out


def pick_indicators(catalogue: pd.DataFrame, preferred: Sequence[str], limit: int) -> list[str]:
    """Preferred indicators the level has, else the catalogue's non-count indicators."""
    usable = catalogue[catalogue["aggregation"] != "sum"]["indicator_id"].tolist()
    chosen = [i for i in preferred if i in set(usable)]
    if len(chosen) < 5:
        chosen += [i for i in usable if i not in chosen]
    return chosen[:limit]


def footer_text() -> str:
    """Footer of every Steckbrief page: product, data version, date of creation."""
    return f"Planungsatlas · {data_stamp()} · erstellt am {fmt_date(dt.date.today())}"


def trend_rows(
    series: pd.DataFrame, cat: pd.DataFrame, ids: Sequence[str], own: str, ref: str, ref_name: str
) -> pd.DataFrame:
    """First → latest value per indicator for ``own`` and the change, also for ``ref``."""
    changes = first_last_changes(series, ids, own, ref)
    rows = []
    for rec in changes.to_dict("records"):
        ind = str(rec["indicator_id"])
        dec = _decimals(cat, ind)
        rows.append(
            {
                "Indikator": str(cat.loc[ind, "short_name"]),
                "Zeitraum": f"{fmt_period(rec['start_period'])}–{fmt_period(rec['end_period'])}",
                "Anfang": fmt_number(rec["start_value"], dec),
                "Ende": fmt_number(rec["end_value"], dec),
                "Veränderung": fmt_signed(rec["change"], dec),
                f"Veränderung {ref_name}": fmt_signed(rec["ref_change"], dec),
            }
        )
    return pd.DataFrame(rows)


def _decimals(cat: pd.DataFrame, indicator_id: str) -> int:
    """Decimals of an indicator (``cat`` indexed by ``indicator_id``)."""
    return int(cat.loc[[indicator_id], "decimals"].iloc[0])


def indicator_label(cat: pd.DataFrame, indicator_id: str) -> str:
    """ "Anteil unter 6 Jahren (%)": short name and unit (``cat`` indexed by ``indicator_id``)."""
    row = cat.loc[[indicator_id]].iloc[0]
    return f"{row['short_name']!s} ({row['unit']!s})"


def _cell(wide: pd.DataFrame, area: str, column: object) -> Any:
    """A value of a wide table, ``None`` for an area without a row."""
    return wide.at[area, column] if area in wide.index else None


def _key_table(
    wide: pd.DataFrame,
    used: dict[str, str],
    cat: pd.DataFrame,
    cols: dict[str, str],
    level_ids: Sequence[str],
) -> pd.DataFrame:
    """Latest value of the area and its comparison areas, and the median of the level."""
    median = medians(wide, level_ids)
    rows = []
    for ind in wide.columns:
        dec = _decimals(cat, str(ind))
        rec = {"Indikator": indicator_label(cat, str(ind))}
        for area, label in cols.items():
            rec[label] = fmt_number(_cell(wide, area, ind), dec)
        rec["Median der Gebiete"] = fmt_number(median.get(ind), dec)
        rec["Stand"] = fmt_period(used.get(str(ind)))
        rows.append(rec)
    return pd.DataFrame(rows)


def area_document(
    system: str, level: str, area_id: str, permalink: str = "", compare: Sequence[str] = ()
) -> pdf.Document:
    """Content of the Steckbrief of one Sozialraum (any area system and level).

    ``compare``: the comparison areas chosen in the profile view (columns after the area).
    """
    areas = areas_api.level_areas(system, level, None).set_index("area_id")
    if area_id not in areas.index:
        raise ValueError(f"Unbekanntes Gebiet {area_id}.")
    row = areas.loc[area_id]
    name = str(row["name"])
    root = areas_api.root_area(system) or {"area_id": "", "name": "Gesamt"}
    parent = str(row["parent_id"]) if pd.notna(row["parent_id"]) else ""
    cat = areas_api.indicators_for(system, level).set_index("indicator_id", drop=False)
    preferred = key_indicators(cat.reset_index(drop=True), published_index_indicators())
    ids = pick_indicators(cat, preferred, MAX_INDICATORS)
    others = [str(a) for a in compare if str(a) in areas.index and str(a) != area_id]
    extra = tuple(a for a in (root["area_id"], parent, *others) if a and a != area_id)
    wide, used = areas_api.latest_matrix(tuple(ids), system, level, extra)
    cols = {area_id: name}
    for other in others:
        cols[other] = str(areas.loc[other, "name"])
    if parent and parent != root["area_id"]:
        cols[parent] = str(row["parent_name"])
    if root["area_id"]:
        cols[root["area_id"]] = str(root["name"])
    key = _key_table(wide, used, cat, cols, [str(a) for a in areas.index])
    series = areas_api.series(tuple(ids), (area_id, root["area_id"]))
    trends = trend_rows(series, cat, ids, area_id, root["area_id"], str(root["name"]))
    pop = areas_api.series(("pop_total",), (area_id,)).sort_values("period_date")
    pop_text = (
        f"{fmt_int(pop['value'].iloc[-1])} Einwohner/innen am {fmt_period(pop['period'].iloc[-1])}"
        if not pop.empty
        else "Einwohnerzahl: keine Angabe"
    )
    sections = [
        pdf.Section(
            "Kennzahlen im Vergleich",
            f"Neuester Stichtag je Indikator. Vergleich mit {' und '.join(list(cols.values())[1:])}"
            f" sowie dem Median aller {fmt_int(len(areas))} Gebiete der Ebene {level}. "
            f"{MISSING} = keine Angabe (auch bei zu kleiner Fallzahl).",
            key,
        ),
        pdf.Section(
            "Entwicklung",
            "Erster und letzter verfügbarer Stichtag; Veränderung in der Einheit des Indikators "
            "(bei Anteilen: Prozentpunkte).",
            trends,
        ),
        projection_section(system, level, area_id),
        balance_section(system, level, area_id),
        goals_api.area_goal_section(area_id),
    ]
    sources = sorted({str(s) for s in cat.loc[ids, "source"].dropna()})
    return pdf.Document(
        title=f"Steckbrief: {name}",
        subtitle=f"{level} {row['local_id']} · {row.get('parent_name') or ''} · {pop_text}",
        sections=tuple(sections),
        footer=footer_text(),
        image_png=_map(system, level, area_id, name),
        image_caption=f"Kartenausschnitt: {name} (orange) mit den angrenzenden Gebieten der Ebene "
        f"{level}; Grenzen ohne Hintergrundkarte.",
        sources=(*sources, *data.attribution_lines()),
        permalink=permalink,
    )


def _map(system: str, level: str, area_id: str, label: str) -> bytes | None:
    frame = areas_api.geo_frame(system, level, None)
    if area_id not in frame.index:
        return None
    return profile_map.map_png(frame, area_id, label)


def area_pdf(
    system: str, level: str, area_id: str, permalink: str = "", compare: Sequence[str] = ()
) -> bytes:
    """The Steckbrief of one Sozialraum as PDF bytes."""
    return pdf.render(area_document(system, level, area_id, permalink, compare))


def pdf_button(
    label: str, make: Callable[[], bytes], file_name: str, key: str, identity: str = ""
) -> None:
    """The PDF is made on click with its steps shown, then offered for saving
    (``identity``: the view it belongs to, e.g. its link)."""
    pdf_job.pdf_download(
        label,
        make,
        file_name,
        key,
        identity=identity,
        help="Ein- bis zweiseitiges Profil als PDF mit Karte, Kennzahlen, Entwicklung, "
        "Prognose, Bedarf und Angebot, Quellen und Datenversion. Wird beim Klick erstellt "
        "(einige Sekunden, die Schritte werden angezeigt) und dann zum Speichern angeboten.",
    )


def area_button(
    system: str,
    level: str,
    area_id: str,
    local_id: str,
    key: str,
    view: dict[str, str | None] | None = None,
    compare: Sequence[str] = (),
) -> None:
    """ "Steckbrief (PDF)" for a Sozialraum; the permalink reopens the full profile view.

    ``view``: further URL parameters of the view (indicator, Themenfeld, comparison areas …).
    """
    params = {str(k): str(v) for k, v in (view or {}).items() if v}
    params.update({"system": system, "ebene": level, "bereich": "profil", "gebiet": area_id})
    link = url_state.permalink("sozialraeume", params)
    pdf_button(
        "Steckbrief (PDF)",
        lambda: area_pdf(system, level, area_id, link, compare),
        f"steckbrief_{local_id}.pdf",
        key,
        identity=link + "|" + ",".join(compare),
    )
