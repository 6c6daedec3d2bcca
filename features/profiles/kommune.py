"""Steckbrief of a Kommune (Kreis or Gemeinde, Gebietsstand of the store) against its peer group."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components import cache as data
from components import pdf, url_state
from components.formatting import MISSING, fmt_int, fmt_number, fmt_period
from data_layer.keys import local_id
from features.areas import api as areas_api
from features.benchmarking import api as benchmarking_api
from features.profiles import area as area_profile
from features.profiles import map as profile_map
from features.profiles.parts import projection_section
from features.projection import api as projection_api
from indicators.peers.profile import key_figures

KEY_INDICATORS = (
    "inkar_unemployment_rate",
    "inkar_share_longterm_unemployed",
    "inkar_youth_unemployment_rate",
    "inkar_share_low_income_hh",
    "inkar_share_65plus",
    "inkar_median_age",
    "inkar_share_foreign",
    "zensus_migration_share",
    "pop_density",
    "inkar_childcare_under3",
    "inkar_childcare_3to6",
    "inkar_gp_density",
    "inkar_purchasing_power",
    "inkar_tax_revenue_per_capita",
    "inkar_municipal_debt_per_capita",
    "inkar_rent_level",
    "zensus_vacancy_rate",
)
PLURAL = {"Kreis": "Kreise", "Gemeinde": "Gemeinden"}
#: mark of an estimated value (converted to the Gebietsstand), explained in the section text
ESTIMATED = "≈"
#: key figures and trends shown at most
MAX_KEY_FIGURES = 17
MAX_TRENDS = 8
#: peers named in the text of the Steckbrief
MAX_NAMED_PEERS = 12


def _key_table(
    level: str, own: str, peers: Sequence[str], ids: list[str], cat: pd.DataFrame
) -> pd.DataFrame:
    snap = benchmarking_api.snapshot(level, max(benchmarking_api.years(level)))
    figures = key_figures(snap, own, peers, ids)
    flags = snap[snap["area_id"] == own].set_index("indicator_id")["flag"]
    rows = []
    for ind, rec in zip(ids, figures.to_dict("records"), strict=True):
        dec = int(cat.loc[[ind], "decimals"].iloc[0])
        value = fmt_number(rec["value"], dec)
        if flags.get(ind) == "estimated" and value != MISSING:
            value = f"{ESTIMATED} {value}"
        rows.append(
            {
                "Indikator": area_profile.indicator_label(cat, ind),
                "Kommune": value,
                "Median Vergleichsgruppe": fmt_number(rec["peer_median"], dec),
                f"Median aller {PLURAL.get(level, level)}": fmt_number(rec["all_median"], dec),
                "Stand": fmt_period(rec["period"]) if pd.notna(rec["period"]) else MISSING,
            }
        )
    return pd.DataFrame(rows)


def _trends(level: str, own: str, ids: list[str], cat: pd.DataFrame) -> pd.DataFrame:
    shown = ids[:MAX_TRENDS]
    frames = [benchmarking_api.series(level, i).assign(indicator_id=i) for i in shown]
    series = pd.concat(frames, ignore_index=True)
    if series.empty:
        return pd.DataFrame()
    text = series["period"].astype(str)
    ends = text.where(text.str.len() > 4, text + "-12-31")  # a year ends on 31.12.
    series = series.assign(period_date=pd.to_datetime(ends, format="ISO8601"))
    table = area_profile.trend_rows(series, cat, shown, own, "", "")
    return table[["Indikator", "Zeitraum", "Anfang", "Ende", "Veränderung"]]


def _peer_text(areas: pd.DataFrame, peers: Sequence[str]) -> str:
    """ "Stuttgart, Stadtkreis, … und 3 weitere" (``areas`` indexed by area_id)."""
    names = dict(zip(areas.index, areas["name"], strict=True))
    named = ", ".join(str(names[p]) for p in peers[:MAX_NAMED_PEERS] if p in names)
    more = len(peers) - MAX_NAMED_PEERS
    return (named or MISSING) + (f" und {more} weitere" if more > 0 else "")


def _projection(own: str) -> pdf.Section | None:
    """The projection of the whole Kommune when the store's projection covers ``own``: the
    store's own Kommune (``paket.yaml``, field ``kommune``) is ``own`` and the projection's
    scope is its area system; else no section."""
    home = data.home()
    if home.kommune_ags is None or local_id(own) != home.kommune_ags:
        return None
    if home.root_area_id is None or not home.levels:
        return None
    if projection_api.scope().area_system != home.system_code:
        return None
    return projection_section(home.system_code, home.levels[0], home.root_area_id)


def kommune_document(
    level: str, own: str, peers: Sequence[str], permalink: str = ""
) -> pdf.Document:
    """Content of the Steckbrief of a Kommune (``own`` = its area id in the Kommunen system)."""
    areas = benchmarking_api.areas(level).set_index("area_id")
    if own not in areas.index:
        raise ValueError(f"Unbekannte Kommune {own}.")
    row = areas.loc[[own]].to_dict("records")[0]
    name = str(row["name"])
    cat = benchmarking_api.indicators(level).set_index("indicator_id", drop=False)
    ids = area_profile.pick_indicators(cat, KEY_INDICATORS, MAX_KEY_FIGURES)
    stand = benchmarking_api.gebietsstand()
    on_stand = f"den Gebietsstand {stand}" if stand else "den aktuellen Gebietsstand"
    projection = _projection(own)
    sections = (
        pdf.Section(
            "Kennzahlen im Vergleich",
            f"Neuester Stand je Indikator bis {max(benchmarking_api.years(level))}. "
            f"Vergleichsgruppe ({len(peers)} Kommunen): {_peer_text(areas, peers)}. Werte "
            f"fusionierter Gemeinden geschätzt (≈): auf {on_stand} umgerechnet.",
            _key_table(level, own, peers, ids, cat),
        ),
        pdf.Section(
            "Entwicklung",
            "Erster und letzter verfügbarer Zeitpunkt; Veränderung in der Einheit des Indikators.",
            _trends(level, own, ids, cat),
        ),
        *((projection,) if projection is not None else ()),
    )
    sources = sorted({str(s) for s in cat.loc[ids, "source"].dropna()})
    frame = areas_api.geo_frame(benchmarking_api.system_code(), level, None)
    population = f"{fmt_int(row['population'])} Einwohner/innen"
    return pdf.Document(
        title=f"Steckbrief: {name}",
        subtitle=f"{row['type']} · AGS {row['local_id']} · {row['land_name']} · "
        f"{population} ({fmt_period(str(row['population_period']))})",
        sections=sections,
        footer=area_profile.footer_text(),
        image_png=profile_map.map_png(frame, own, name) if own in frame.index else None,
        image_caption=f"Kartenausschnitt: {name} (orange) mit den Nachbarkommunen; Gebietsstand "
        f"{stand}, ohne Hintergrundkarte.",
        sources=(*sources, *data.attribution_lines()),
        permalink=permalink,
    )


def kommune_pdf(level: str, own: str, peers: Sequence[str], permalink: str = "") -> bytes:
    """The Steckbrief of a Kommune as PDF bytes."""
    return pdf.render(kommune_document(level, own, peers, permalink))


def kommune_button(level: str, own: str, peers: Sequence[str], params: dict[str, str]) -> None:
    """ "Steckbrief (PDF)" for the own Kommune on the benchmarking page."""
    link = url_state.permalink("benchmarking", params)
    frozen = tuple(peers)
    area_profile.pdf_button(
        "Steckbrief (PDF)",
        lambda: kommune_pdf(level, own, frozen, link),
        f"steckbrief_{local_id(own)}.pdf",
        "bench.steckbrief",
        identity=link + "|" + ",".join(frozen),
    )
