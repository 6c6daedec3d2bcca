"""The change map of the page Bevölkerungsprognose: relative change per area in eight classes.

Small areas (under the minimum size) get a black outline; with a source line the map
also gets the export menu (PNG/SVG of a static map, CSV/XLSX).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import streamlit as st

from components.focus import Focus, features_in, map_view
from components.formatting import fmt_int, fmt_signed
from components.maps import deck as maps
from components.maps import export as map_export
from components.maps import legend as map_legend
from features.projection import cache as dp

#: relative change classes (percent, left-closed) and a colour-blind safe diverging palette (PuOr)
CHANGE_BREAKS = (-10.0, -5.0, -1.0, 1.0, 5.0, 10.0, 20.0)
CHANGE_RGB = (
    (84, 39, 136),
    (153, 142, 195),
    (216, 218, 235),
    (247, 247, 247),
    (254, 224, 182),
    (241, 163, 64),
    (179, 88, 6),
    (127, 59, 8),
)


def change_classes(pct: pd.Series) -> pd.Series:
    """Class index 0 … 7 of a relative change in percent (NaN → -1).

    >>> change_classes(pd.Series([-12.0, 0.0, 4.9, 25.0, float("nan")])).tolist()
    [0, 3, 4, 7, -1]
    """
    idx = pd.Series(np.digitize(pct.to_numpy(dtype=float), CHANGE_BREAKS), index=pct.index)
    return idx.where(pct.notna(), -1).astype(int)


def change_labels() -> list[str]:
    b = [fmt_signed(x, 0, "%") for x in CHANGE_BREAKS]
    inner = [f"{lo} bis unter {hi}" for lo, hi in zip(b[:-1], b[1:], strict=True)]
    return [f"unter {b[0]}", *inner, f"{b[-1]} und mehr"]


def change_map(
    change: pd.DataFrame,
    names: pd.Series,
    *,
    level: str,
    end_year: int,
    basemap: bool,
    key: str,
    focus: Focus | None = None,
    source: str = "",
) -> None:
    """Choropleth of the relative change per area; small areas get a black outline.

    With ``source`` the map also gets the export menu (PNG/SVG of a static map, CSV/XLSX).
    """
    cls = change_classes(change["change_pct"])
    styled = pd.DataFrame(
        {
            "area_id": change["area_id"],
            "fill": [CHANGE_RGB[c] if c >= 0 else maps.NO_DATA_RGB for c in cls],
            "line": [maps.HIGHLIGHT_RGB if u else maps.OUTLINE_RGB for u in change["uncertain"]],
            "tooltip": [
                f"<b>{html.escape(str(names.get(a, a)))}</b><br/>{fmt_int(b)} → {fmt_int(e)} ({fmt_signed(p, 1, '%')})"
                + ("<br/>unsicher: unter 1.000 Einwohner" if u else "")
                for a, b, e, p, u in zip(change["area_id"], change["base"], change["end"], change["change_pct"], change["uncertain"], strict=True)
            ],
        }
    )  # fmt: skip
    system = dp.scope().area_system
    features, view = features_in(system, level, focus), map_view(system, level, focus)
    deck = maps.choropleth_deck(features, styled, view, basemap=basemap)
    n_up = int((change["change_pct"] > 0).sum())
    maps.show_map(
        deck,
        key=key,
        alt=f"Karte der Veränderung bis {end_year} je {level}: {fmt_int(n_up)} von {fmt_int(len(change))} Gebieten wachsen. Die Tabelle darunter enthält alle Werte.",
    )
    maps.legend(
        change_labels(), CHANGE_RGB, title=f"Veränderung Basisjahr bis {end_year}", unit="%"
    )
    st.caption(
        "Schwarz umrandet: Gebiete unter 1.000 Einwohnerinnen und Einwohnern – Ergebnis unsicher."
    )
    if source:
        map_export.export_menu(
            f"{key}.bild",
            (system, level, focus.area_id if focus else None),
            features,
            dict(zip(change["area_id"], cls, strict=True)),
            map_legend.legend_of(
                change_labels(),
                CHANGE_RGB,
                f"Veränderung Basisjahr bis {end_year} (%)",
                highlight_label="unsicher: unter 1.000 Einwohner",
            ),
            title=f"Bevölkerungsveränderung bis {end_year} je {level}",
            source=source,
            selected=change.loc[change["uncertain"], "area_id"].tolist(),
        )
