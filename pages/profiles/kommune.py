"""Steckbrief of a Kommune (Kreis or Gemeinde, Gebietsstand 31.12.2024) against its peer group."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components import cache as data
from components import pdf
from components.formatting import MISSING, fmt_int, fmt_number, fmt_period
from pages.areas import api as data_sozial
from pages.benchmarking import api as data_bench
from pages.profiles import area as steckbrief
from pages.profiles import map as steckbrief_map
from pages.profiles.parts import projection_section

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
#: Berlin is a Kommune and a Land; its projection lives in the LOR system
BERLIN = "de2024:11000000"


def _key_table(
    level: str, own: str, peers: Sequence[str], ids: list[str], cat: pd.DataFrame
) -> pd.DataFrame:
    snap = data_bench.snapshot(level, max(data_bench.years(level)))
    snap = snap[snap["indicator_id"].isin(set(ids))]
    wide = snap.pivot(index="area_id", columns="indicator_id", values="value")
    period = snap[snap["area_id"] == own].set_index("indicator_id")["period"]
    peer_median = wide.reindex(list(peers)).median()
    all_median = wide.median()
    rows = []
    for ind in ids:
        dec = int(cat.loc[ind, "decimals"])
        rows.append(
            {
                "Indikator": f"{cat.loc[ind, 'short_name']} ({cat.loc[ind, 'unit']})",
                "Kommune": fmt_number(wide.at[own, ind] if own in wide.index else None, dec),
                "Median Vergleichsgruppe": fmt_number(peer_median.get(ind), dec),
                f"Median aller {PLURAL.get(level, level)}": fmt_number(all_median.get(ind), dec),
                "Stand": fmt_period(period.get(ind)) if ind in period.index else MISSING,
            }
        )
    return pd.DataFrame(rows)


def _trends(level: str, own: str, ids: list[str], cat: pd.DataFrame) -> pd.DataFrame:
    frames = [data_bench.series(level, i).assign(indicator_id=i) for i in ids[:8]]
    series = pd.concat(frames, ignore_index=True)
    text = series["period"].astype(str)
    ends = text.where(text.str.len() > 4, text + "-12-31")  # a year ends on 31.12.
    series = series.assign(period_date=pd.to_datetime(ends, format="ISO8601"))
    return steckbrief.trend_rows(series, cat, ids[:8], own, "", "")[
        ["Indikator", "Zeitraum", "Anfang", "Ende", "Veränderung"]
    ] if not series.empty else pd.DataFrame()  # fmt: skip


def kommune_document(
    level: str, own: str, peers: Sequence[str], permalink: str = ""
) -> pdf.Document:
    """Content of the Steckbrief of a Kommune (``own`` = ``de2024:<AGS>``)."""
    areas = data_bench.areas(level).set_index("area_id")
    if own not in areas.index:
        raise ValueError(f"Unbekannte Kommune {own}.")
    row = areas.loc[own]
    name = str(row["name"])
    cat = data_bench.indicators(level).set_index("indicator_id", drop=False)
    ids = steckbrief.pick_indicators(cat, KEY_INDICATORS, 17)
    peer_names = ", ".join(str(areas.loc[p, "name"]) for p in peers[:12] if p in areas.index)
    more = f" und {len(peers) - 12} weitere" if len(peers) > 12 else ""
    sections = [
        pdf.Section(
            "Kennzahlen im Vergleich",
            f"Neuester Stand je Indikator bis {max(data_bench.years(level))}. Vergleichsgruppe "
            f"({len(peers)} Kommunen): {peer_names or MISSING}{more}. Werte auf den "
            f"Gebietsstand {data_bench.GEBIETSSTAND} umgerechnet, wo nötig.",
            _key_table(level, own, peers, ids, cat),
        ),
        pdf.Section(
            "Entwicklung",
            "Erster und letzter verfügbarer Zeitpunkt; Veränderung in der Einheit des Indikators.",
            _trends(level, own, ids, cat),
        ),
    ]
    if own == BERLIN:
        sections.append(projection_section("lor2021", "Land", "lor2021:11000000"))
    else:
        sections.append(
            pdf.Section(
                "Bevölkerungsprognose",
                "Eine kleinräumige Prognose enthält die Datenbasis nur für Berlin.",
            )
        )
    sources = sorted({str(s) for s in cat.loc[ids, "source"].dropna()})
    frame = data_sozial.geo_frame(data_bench.SYSTEM, level, None)
    image = steckbrief_map.map_png(frame, own, name) if own in frame.index else None
    return pdf.Document(
        title=f"Steckbrief: {name}",
        subtitle=f"{row['type']} · AGS {row['local_id']} · {row['land_name']} · "
        f"{fmt_int(row['population'])} Einwohner/innen ({fmt_period(str(row['population_period']))})",
        sections=tuple(sections),
        footer=steckbrief.footer_text(),
        image_png=image,
        image_caption=f"Kartenausschnitt: {name} (orange) mit den Nachbarkommunen; Gebietsstand "
        f"{data_bench.GEBIETSSTAND}, ohne Hintergrundkarte.",
        sources=(*sources, *data.attribution_lines()),
        permalink=permalink,
    )


def kommune_pdf(level: str, own: str, peers: Sequence[str], permalink: str = "") -> bytes:
    return pdf.render(kommune_document(level, own, peers, permalink))


def kommune_button(level: str, own: str, peers: Sequence[str], params: dict[str, str]) -> None:
    """ "Steckbrief (PDF)" for the own Kommune on the benchmarking page."""
    link = steckbrief.permalink("benchmarking", params)
    frozen = tuple(peers)
    steckbrief.pdf_button(
        "Steckbrief (PDF)",
        lambda: kommune_pdf(level, own, frozen, link),
        f"steckbrief_{own.split(':')[-1]}.pdf",
        "bench.steckbrief",
    )
