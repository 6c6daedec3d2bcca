"""What the page Bevölkerungsprognose shows: widget keys, URL values and one typed view.

Widgets are keyed ``proj.*`` (:data:`KEYS`); their state is seeded once from the URL
(:func:`seed_from_url`, validated by :mod:`components.url_state`) and never passed a
``value=`` afterwards, so the preset buttons can set them. After the widgets are drawn,
the page reads them once into a frozen :class:`ProjectionView` and writes it back into
the URL (:meth:`ProjectionView.url`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

import pandas as pd
import streamlit as st

from components.focus import Focus, seed_focus
from components.url_state import StateKeys, choice_param, note, seed, seed_choice, text_param
from features.projection import cache as dp
from features.projection import model as pm
from features.projection.housing import clean_housing

KEYS = StateKeys("proj")
T = TypeVar("T")

#: The views of the page: URL value → German label.
ViewKind = Literal["verlauf", "pyramide", "karte", "tabelle", "bilanz", "rueckrechnung", "methode"]
VIEWS: dict[ViewKind, str] = {
    "verlauf": "Entwicklung",
    "pyramide": "Alterspyramide",
    "karte": "Karte",
    "tabelle": "Tabelle",
    "bilanz": "Bilanz",
    "rueckrechnung": "Rückrechnung",
    "methode": "Methode und Quellen",
}
#: Age groups as persons or as an index (base year = 100).
Display = Literal["personen", "index"]
DISPLAYS: dict[Display, str] = {"personen": "Personen", "index": "Index (Basisjahr = 100)"}
#: Migration pattern: URL value → (internal pattern, German label).
PatternKey = Literal["gebiet", "profil"]
PATTERN_DE: dict[PatternKey, tuple[pm.MigrationPattern, str]] = {
    "gebiet": ("area", "wie im Basiszeitraum je Gebiet"),
    "profil": ("profile", "ein Altersprofil für alle Gebiete (Modellprofil)"),
}
CONTROL_DE: dict[pm.ControlMode, str] = {
    "aus": "kein Abgleich",
    "mittel": "an die mittlere Variante für {place} insgesamt angleichen",
    "ziel": "an eine eigene Einwohnerzahl im Endjahr angleichen",
}
TFR_RANGE = (0.8, 2.2, 0.01)
E0M_RANGE = (75.0, 90.0, 0.1)
E0F_RANGE = (80.0, 93.0, 0.1)
MIG_RANGE = (0.0, 100_000.0, 100.0)
#: with a negative net migration (a shrinking Kommune) the slider also goes below 0
MIG_RANGE_SIGNED = (-100_000.0, 100_000.0, 100.0)
TARGET_YEARS = ("sofort", "2030", "2035", "2040", "2045", "2060")
MAX_TARGET = 10_000_000


@dataclass(frozen=True)
class ProjectionView:
    """One view of the page, read once from the widgets (all values validated).

    ``local`` is the local key of the area shown in the charts (``""`` = the whole
    Kommune), ``area_id`` its store id (None for the whole Kommune) and ``place`` its
    name; ``target`` the user's total in the end year (used with ``control == "ziel"``).
    """

    kind: ViewKind
    level: str
    local: str
    area_id: str | None
    place: str
    display: Display
    basemap: bool
    settings: pm.Settings
    control: pm.ControlMode
    target: float
    #: the part of the Kommune the page is narrowed to (sidebar "Fokus"), else None
    focus: Focus | None = None

    @property
    def end_year(self) -> int:
        return self.settings.end_year

    def url(self) -> dict[str, str | None]:
        """The URL parameters of this view (None = left out)."""
        s = self.settings
        return {
            "ansicht": self.kind, "ebene": self.level, "gebiet": self.local,
            "ende": str(s.end_year), "tfr": f"{s.tfr:.2f}", "e0m": f"{s.e0_m:.1f}",
            "e0f": f"{s.e0_f:.1f}", "ws": f"{s.migration_volume:.0f}",
            "zj": str(s.target_year or "sofort"), "eck": self.control,
            "ziel": str(int(self.target)) if self.control == "ziel" else None,
            "neubau": s.housing or None, "darst": self.display,
            "hk": "1" if self.basemap else None, "wm": pattern_key(s.migration_pattern),
            "fokus": self.focus.area_id if self.focus else None,
        }  # fmt: skip


def mig_range(middle_volume: float) -> tuple[float, float, float]:
    """Range of the net-migration slider: from 0, or from −100.000 when the middle is negative.

    >>> mig_range(25200.0)[0], mig_range(-300.0)[0]
    (0.0, -100000.0)
    """
    return MIG_RANGE_SIGNED if middle_volume < 0 else MIG_RANGE


def pick(value: object, options: Iterable[T], default: T) -> T:
    """The option equal to ``value``, else ``default`` (typed: a Literal stays a Literal).

    >>> pick("index", ("personen", "index"), "personen"), pick(None, ("a",), "a")
    ('index', 'a')
    """
    return next((o for o in options if o == value), default)


def view_label(kind: str) -> str:
    """German label of a view.

    >>> view_label("bilanz")
    'Bilanz'
    """
    return VIEWS[pick(kind, VIEWS, "verlauf")]


def pattern_label(pattern: str) -> str:
    """German label of an internal migration pattern (``area``/``profile``).

    >>> pattern_label("profile")
    'ein Altersprofil für alle Gebiete (Modellprofil)'
    """
    return next(label for value, label in PATTERN_DE.values() if value == pattern)


def pattern_key(pattern: pm.MigrationPattern) -> PatternKey | None:
    """URL value of a migration pattern (None for the default ``area``).

    >>> pattern_key("profile"), pattern_key("area")
    ('profil', None)
    """
    key = next(k for k, (value, _) in PATTERN_DE.items() if value == pattern)
    return None if key == "gebiet" else key


def grid(lo: float, hi: float, step: float, decimals: int) -> list[str]:
    """Allowed URL strings of a slider, e.g. ``['1.50', '1.55', …]``.

    >>> grid(1.5, 1.6, 0.05, 2)
    ['1.50', '1.55', '1.60']
    """
    n = int(round((hi - lo) / step))
    return [f"{lo + i * step:.{decimals}f}" for i in range(n + 1)]


def _num_param(name: str, rng: tuple[float, float, float], decimals: int, default: float) -> float:
    return float(choice_param(name, grid(*rng, decimals), f"{default:.{decimals}f}"))


def _target_param() -> int:
    """``ziel`` from the URL: a whole number up to :data:`MAX_TARGET`, else 0 with a note."""
    raw = text_param("ziel")
    if raw == "":
        return 0
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_TARGET:
        return int(raw)
    note("ziel")
    return 0


def _housing_param() -> str:
    """``neubau`` from the URL: the well-formed projects only; a note if any item was dropped."""
    kept, dropped = clean_housing(text_param("neubau"))
    if dropped:
        note("neubau")
    return kept


def seed_from_url(
    middle: pm.Settings,
    years: list[int],
    levels: list[str],
    level: str,
    tree: pd.DataFrame,
    views: list[ViewKind] | None = None,
) -> None:
    """Seed every widget of the page from the URL (each once per session).

    ``middle``: the middle variant (slider defaults, its end year the default end year);
    ``levels``: the area levels; ``level``: the default one; ``tree``: the area hierarchy;
    ``views``: the views offered (default all; no backtest with one Stichtag).
    """
    seed(KEYS("tfr"), _num_param("tfr", TFR_RANGE, 2, middle.tfr))
    seed(KEYS("e0m"), _num_param("e0m", E0M_RANGE, 1, middle.e0_m))
    seed(KEYS("e0f"), _num_param("e0f", E0F_RANGE, 1, middle.e0_f))
    seed(
        KEYS("ws"), _num_param("ws", mig_range(middle.migration_volume), 0, middle.migration_volume)
    )
    seed_choice(KEYS("zj"), TARGET_YEARS, "zj", str(middle.target_year))
    seed_choice(KEYS("ende"), years, "ende", min(middle.end_year, years[-1]))
    seed_choice(KEYS("eck"), list(CONTROL_DE), "eck", "aus")
    seed(KEYS("ziel"), _target_param())
    seed(KEYS("neubau"), _housing_param())
    seed_choice(KEYS("wm"), list(PATTERN_DE), "wm", "gebiet")
    seed(KEYS("ansicht"), choice_param("ansicht", list(views or VIEWS), "verlauf"))
    seed_choice(KEYS("ebene"), levels, "ebene", level)
    seed_choice(KEYS("darst"), list(DISPLAYS), "darst", "personen")
    seed(KEYS("hk"), choice_param("hk", ["0", "1"], "0") == "1")
    seed_focus(dp.scope().area_system)
    local_ids = tree.loc[tree["level"] == st.session_state[KEYS("ebene")], "local_id"].tolist()
    seed(KEYS("gebiet"), choice_param("gebiet", ["", *local_ids], ""))


def read_view(
    *,
    level: str,
    local: str,
    area_id: str | None,
    place: str,
    settings: pm.Settings,
    control: pm.ControlMode,
    target: float,
) -> ProjectionView:
    """The view: the values of the widgets above the charts and, from the widget state,
    those drawn further down (view, display of the age groups, background map)."""
    state = st.session_state
    return ProjectionView(
        kind=pick(state.get(KEYS("ansicht")), VIEWS, "verlauf"),
        level=level,
        local=local,
        area_id=area_id,
        place=place,
        display=pick(state.get(KEYS("darst")), DISPLAYS, "personen"),
        basemap=bool(state.get(KEYS("hk"), False)),
        settings=settings,
        control=control,
        target=target,
    )
