"""Widgets of "Kommunen vergleichen": level, Kommune search, peer-group editor.

The URL seeds each widget once (:mod:`components.url_state`); afterwards the widgets own their
state and the page writes the view back with ``set_params``. All keys come from
:data:`features.benchmarking.model.KEYS` (``bench.…``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import cache as data
from components.formatting import fmt_int
from components.url_state import (
    choice_param,
    drop_params,
    list_param,
    raw_param,
    seed,
    seed_choice,
    seed_list,
    text_param,
)
from features.benchmarking import cache as data_bench
from features.benchmarking.model import (
    KEYS,
    LEVEL_LABEL,
    LEVELS,
    Kommune,
    Level,
    PeerChoice,
    PeerToken,
    as_level,
    level_tokens,
    token_label,
)
from indicators.peers.levels import GEMEINDE_DIGITS, ags_for_level, largest, opening_level
from indicators.search import search_areas

DEFAULT_FEATURES: dict[Level, tuple[str, ...]] = {
    "Kreis": (
        "inkar_median_age",
        "inkar_share_foreign",
        "inkar_unemployment_rate",
        "inkar_gdp_per_capita",
        "pop_density",
    ),
    "Gemeinde": (
        "pop_density",
        "zensus_owner_share",
        "zensus_household_size",
        "zensus_foreign_share",
    ),
}
#: the opening peer group: structurally similar among Kommunen of similar size (the size
#: band can be taken out in the multiselect)
DEFAULT_TOKENS = (PeerToken.AEHNLICH.value, PeerToken.EINWOHNER.value)
#: slider range of k (both ends included)
K_RANGE = (3, 50)
K_DEFAULT = 10
#: widget names that belong to one level and one Kommune (reset when these change); the URL
#: parameter of each has the same name
PER_LEVEL = ("merkmale", "bereich", "jahr", "indikator")
PER_KOMMUNE = ("dazu", "weg", "von", "bis")


def _forget(names: Sequence[str]) -> None:
    for name in names:
        st.session_state.pop(KEYS(name), None)
    drop_params(*names)


def _level_changed() -> None:
    level = as_level(st.session_state[KEYS("ebene")])
    old = st.session_state.get(KEYS("ags"))
    st.session_state[KEYS("ags")] = ags_for_level(old, data_bench.areas(level))
    st.session_state[KEYS("suche")] = ""
    _keep_level_tokens(level)
    _forget(PER_LEVEL + PER_KOMMUNE)


def _keep_level_tokens(level: Level) -> None:
    """Drop peer tokens the level does not offer ("gleicher Kreis" on the Kreis level)."""
    if KEYS("gruppe") in st.session_state:
        offered = level_tokens(level)
        chosen = st.session_state[KEYS("gruppe")]
        st.session_state[KEYS("gruppe")] = [t for t in chosen if t in offered]


def switch_to(level: Level, ags: str, tokens: Sequence[str] | None = None) -> None:
    """Callback: open ``ags`` on ``level`` (optionally with these peer tokens)."""
    st.session_state[KEYS("ebene")] = level
    st.session_state[KEYS("ags")] = ags
    st.session_state[KEYS("suche")] = ""
    if tokens is not None:
        st.session_state[KEYS("gruppe")] = list(tokens)
    _keep_level_tokens(level)
    _forget(PER_LEVEL + PER_KOMMUNE)


def _picked() -> None:
    chosen = st.session_state.get(KEYS("treffer"))
    if chosen:
        st.session_state[KEYS("ags")] = chosen
        st.session_state[KEYS("suche")] = ""
        _forget(PER_KOMMUNE)


def _added() -> None:
    chosen = st.session_state.get(KEYS("dazu_treffer"))
    current = list(st.session_state.get(KEYS("dazu"), []))
    if chosen and chosen not in current:
        st.session_state[KEYS("dazu")] = [*current, chosen]
    st.session_state[KEYS("dazu_suche")] = ""


def area_label(level: Level, ags: str) -> str:
    """ "München (09162000, Bayern)" for lists."""
    return data_bench.area_labels(level).get(ags, ags)


def home_ags(level: Level, areas: pd.DataFrame) -> str | None:
    """The store's own Kommune (``paket.yaml``, field ``kommune``) on ``level``, ``None`` when
    the package names none or its key is not among the Kommunen of the store."""
    mapped = ags_for_level(data.home().kommune_ags, areas)
    return mapped if mapped is not None and (areas["local_id"] == mapped).any() else None


def default_ags(level: Level, areas: pd.DataFrame) -> str:
    """Where the page opens: the store's own Kommune, else the one with the most residents."""
    return home_ags(level, areas) or largest(areas) or ""


def _own_ags(level: Level, areas: pd.DataFrame) -> str:
    """AGS of the own Kommune: URL on first run (mapped to the level), kept on the level."""
    ids = areas["local_id"].tolist()
    fallback = default_ags(level, areas)
    if KEYS("ags") not in st.session_state:
        mapped = ags_for_level(raw_param("ags"), areas)
        seed(KEYS("ags"), mapped if mapped in ids else choice_param("ags", ids, fallback))
    ags = st.session_state[KEYS("ags")]
    if ags not in ids:  # e.g. left over from the other level
        ags = ags_for_level(ags, areas) or fallback
        ags = ags if ags in ids else fallback
        st.session_state[KEYS("ags")] = ags
    return str(ags)


def _opening_level() -> Level:
    """Kreis, or Gemeinde when the store's own Kommune is a kreisangehörige Gemeinde."""
    ags = data.home().kommune_ags
    if ags is None or len(ags) != GEMEINDE_DIGITS:
        return "Kreis"
    return as_level(opening_level(ags, data_bench.areas("Gemeinde")))


def home_note(level: Level, areas: pd.DataFrame) -> str | None:
    """German note when the page cannot open on the store's own Kommune."""
    ags = data.home().kommune_ags
    if home_ags(level, areas) is not None:
        return None
    if ags is None:
        return (
            "Ihre Kommune: im Datenpaket (paket.yaml, Feld kommune) angeben – mit ihrem "
            "amtlichen Schlüssel (8 Ziffern für eine Gemeinde, 5 für einen Kreis). Bis dahin "
            "öffnet die Seite mit der Kommune mit den meisten Einwohner/innen."
        )
    return (
        f"Der Schlüssel {ags} aus dem Datenpaket (paket.yaml, Feld kommune) gehört zu keiner "
        f"Kommune dieser Ebene in der Datenbasis. Die Seite öffnet mit der Kommune mit den "
        "meisten Einwohner/innen; bitte den amtlichen Schlüssel prüfen."
    )


def level_and_kommune() -> Kommune:
    """Level radio and Kommune search; returns the own Kommune."""
    seed_choice(KEYS("ebene"), LEVELS, "ebene", _opening_level())
    level = as_level(
        st.radio(
            "Ebene",
            LEVELS,
            format_func=LEVEL_LABEL.__getitem__,
            horizontal=True,
            key=KEYS("ebene"),
            on_change=_level_changed,
        )
    )
    areas = data_bench.areas(level)
    ags = _own_ags(level, areas)
    note = home_note(level, areas)
    if note is not None:
        st.info(note)
    _search_box(level, areas, ags)
    return Kommune(level, str(st.session_state[KEYS("ags")]), data_bench.system_code())


def _search_box(level: Level, areas: pd.DataFrame, ags: str) -> None:
    left, right = st.columns([2, 3])
    seed(KEYS("suche"), text_param("suche"))
    query = left.text_input(
        "Kommune suchen (Name oder Gemeindeschlüssel)",
        key=KEYS("suche"),
        max_chars=80,
        help="Umlaute können Sie auch als ae, oe, ue schreiben: „Muenchen“ findet München.",
    )
    right.markdown(f"**Ihre Kommune:** {area_label(level, ags)}")
    if not query.strip():
        return
    hits = search_areas(areas, query, limit=25)
    if hits.empty:
        right.info("Keine Kommune gefunden. Bitte Schreibweise oder Schlüssel prüfen.")
        return
    right.selectbox(
        f"Treffer ({fmt_int(len(hits))})",
        hits["local_id"].tolist(),
        index=None,
        placeholder="Kommune aus der Trefferliste wählen",
        format_func=lambda a: area_label(level, a),
        key=KEYS("treffer"),
        on_change=_picked,
    )


def _seed_peer_widgets(kommune: Kommune, ids: list[str], feature_names: dict[str, str]) -> None:
    tokens = level_tokens(kommune.level)
    seed_list(KEYS("gruppe"), tokens, "gruppe", list(DEFAULT_TOKENS), len(tokens))
    _keep_level_tokens(kommune.level)
    seed_choice(KEYS("k"), list(range(K_RANGE[0], K_RANGE[1] + 1)), "k", K_DEFAULT)
    default_features = [f for f in DEFAULT_FEATURES[kommune.level] if f in feature_names]
    seed(KEYS("merkmale"), list_param("merkmale", list(feature_names), default_features))
    seed(KEYS("dazu"), [a for a in list_param("dazu", ids, []) if a != kommune.ags])


def peer_controls(kommune: Kommune, feature_names: dict[str, str]) -> PeerChoice:
    """Peer-definition widgets (modes, k, features, add). Removal comes after resolving."""
    level = kommune.level
    areas = data_bench.areas(level)
    _seed_peer_widgets(kommune, areas["local_id"].tolist(), feature_names)
    c1, c2 = st.columns([2, 3])
    chosen = c1.multiselect(
        "Vergleichsgruppe bilden nach",
        level_tokens(level),
        format_func=token_label,
        key=KEYS("gruppe"),
        placeholder="Merkmal der Gruppe wählen",
        help="Mehrere Angaben gelten zusammen (z. B. gleiches Land und ähnliche Größe). "
        "„Strukturell ähnlich“ nimmt die k Kommunen mit den ähnlichsten Werten der gewählten "
        "Merkmale (Abstand in Standardabweichungen). „Ähnliche Einwohnerzahl“ nimmt nur "
        "Kommunen mit der Hälfte bis zum Doppelten der eigenen Einwohnerzahl (gibt es so "
        "nicht genug, das Drei-, Fünf- oder Zehnfache; die Seite nennt den Bereich); zum "
        "Abschalten herausnehmen. „Gleicher Kreis“ (nur Gemeinden) nimmt die Gemeinden "
        "desselben Kreises.",
    )
    modes = tuple(PeerToken(m) for m in chosen)
    k, features = K_DEFAULT, []
    if PeerToken.AEHNLICH in modes:
        k = int(c1.slider("Anzahl ähnlichster Kommunen (k)", *K_RANGE, key=KEYS("k")))
        features = c2.multiselect(
            "Merkmale für „strukturell ähnlich“",
            list(feature_names),
            format_func=feature_names.__getitem__,
            key=KEYS("merkmale"),
            placeholder="Merkmale wählen",
        )
    _add_box(level, areas, c2)
    added = st.session_state.get(KEYS("dazu"), [])
    if added:
        c2.multiselect(
            "Zusätzlich aufgenommen (zum Entfernen anklicken)",
            added,
            format_func=lambda a: area_label(level, a),
            key=KEYS("dazu"),
            placeholder="Kommunen wählen",
        )
    return PeerChoice(modes, k, tuple(features), tuple(st.session_state.get(KEYS("dazu"), [])))


def _add_box(level: Level, areas: pd.DataFrame, col: DeltaGenerator) -> None:
    query = col.text_input("Kommune zur Gruppe hinzufügen", key=KEYS("dazu_suche"), max_chars=80)
    if query.strip():
        hits = search_areas(areas, query, limit=25)
        col.selectbox(
            "Treffer zum Hinzufügen",
            hits["local_id"].tolist(),
            index=None,
            placeholder="Kommune wählen",
            format_func=lambda a: area_label(level, a),
            key=KEYS("dazu_treffer"),
            on_change=_added,
        )


def removal_control(kommune: Kommune, automatic: Sequence[str]) -> list[str]:
    """Multiselect of peers taken out of the automatic group (AGS list)."""
    ids = data_bench.areas(kommune.level)["local_id"].tolist()
    seed(KEYS("weg"), [a for a in list_param("weg", ids, []) if a != kommune.ags])
    removed = list(st.session_state.get(KEYS("weg"), []))
    options = list(dict.fromkeys([*automatic, *removed]))
    if len(options) > 400:
        st.caption("Die Gruppe ist zu groß, um einzelne Kommunen herauszunehmen (über 400).")
        return [a for a in removed if a in options]
    return st.multiselect(
        "Einzelne Kommunen aus der Gruppe herausnehmen",
        options,
        format_func=lambda a: area_label(kommune.level, a),
        key=KEYS("weg"),
        placeholder="Kommunen wählen",
    )
