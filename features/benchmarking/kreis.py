"""Kreis ↔ Gemeinde in one place: a Kreis with its kreisangehörige Gemeinden, a Gemeinde with
its Kreis (Eckpunkte 7.2).

On the Kreis level the section lists the Kreis's Gemeinden and opens them for comparison
(Gemeinde level, peer group "gleicher Kreis"); on the Gemeinde level it names the Kreis and
switches to it, or compares the Gemeinde with the other Gemeinden of its Kreis.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.formatting import fmt_int
from features.benchmarking import cache as data_bench
from features.benchmarking.controls import switch_to
from features.benchmarking.model import KEYS, Kommune, PeerToken
from indicators.peers.levels import largest
from indicators.search import display_name


def gemeinden_of(kreis_area_id: str) -> pd.DataFrame:
    """The Gemeinden of a Kreis (``parent_id``), most residents first."""
    gemeinden = data_bench.areas("Gemeinde")
    inside = gemeinden[gemeinden["parent_id"] == kreis_area_id]
    return inside.sort_values(["population", "local_id"], ascending=[False, True])


def gemeinden_table(inside: pd.DataFrame) -> pd.DataFrame:
    """Shown table of a Kreis's Gemeinden (German column names and numbers)."""
    return pd.DataFrame(
        {
            "Gemeinde": inside["name"].map(lambda n: display_name(str(n))),
            "Schlüssel": inside["local_id"],
            "Typ": inside["type"],
            "Einwohner/innen": inside["population"].map(fmt_int),
        }
    ).reset_index(drop=True)


def _kreis_view(kommune: Kommune, own_name: str) -> None:
    inside = gemeinden_of(kommune.area_id)
    if len(inside) <= 1:
        if len(inside) == 1:
            st.caption(f"{own_name} ist kreisfrei: Kreis und Gemeinde zugleich.")
        return
    with st.expander(f"Gemeinden im Kreis {own_name} ({fmt_int(len(inside))})"):
        st.dataframe(gemeinden_table(inside), hide_index=True, width="stretch")
    st.button(
        f"Die {fmt_int(len(inside))} Gemeinden im Kreis {own_name} vergleichen",
        key=KEYS("kreis_gemeinden"),
        on_click=switch_to,
        args=("Gemeinde", largest(inside), (PeerToken.KREIS.value,)),
        help="Wechselt zur Ebene Gemeinden: die größte Gemeinde des Kreises, verglichen mit "
        "den übrigen Gemeinden desselben Kreises.",
    )


def _gemeinde_view(kommune: Kommune) -> None:
    own = data_bench.areas_by_id("Gemeinde")
    if kommune.area_id not in own.index:
        return
    parent = own.at[kommune.area_id, "parent_id"]
    kreise = data_bench.areas_by_id("Kreis")
    if not isinstance(parent, str) or parent not in kreise.index:
        return
    kreis_name = display_name(str(kreise.at[parent, "name"]))
    kreis_ags = str(kreise.at[parent, "local_id"])
    n = len(gemeinden_of(parent))
    left, right = st.columns(2)
    left.button(
        f"Zum Kreis {kreis_name} ({kreis_ags})",
        key=KEYS("zum_kreis"),
        on_click=switch_to,
        args=("Kreis", kreis_ags),
        help="Wechselt zur Ebene Kreise und vergleicht den Kreis, zu dem die Gemeinde gehört.",
    )
    if n > 1:
        right.button(
            f"Mit den {fmt_int(n - 1)} anderen Gemeinden im Kreis vergleichen",
            key=KEYS("im_kreis"),
            on_click=switch_to,
            args=("Gemeinde", kommune.ags, (PeerToken.KREIS.value,)),
        )


def kreis_and_gemeinden(kommune: Kommune, own_name: str) -> None:
    """Links between a Kreis and its Gemeinden for the own Kommune's level."""
    if kommune.level == "Kreis":
        _kreis_view(kommune, own_name)
    else:
        _gemeinde_view(kommune)
