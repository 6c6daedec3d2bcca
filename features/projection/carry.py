"""The user's scenario of "Bevölkerungsprognose" carried to "Bedarf und Angebot".

The projection page links to Bedarf with its scenario in the URL, under the same names and in
the same form as its own link (``tfr, e0m, e0f, ws, zj, wm, eck, ziel, neubau, ende``,
:meth:`features.projection.state.ProjectionView.url`), plus ``grundlage=prognose`` and
``variante=szenario``. Bedarf reads them back with :func:`from_url`, validated exactly as the
projection page validates its own link (same allow-lists, a bad value falls back to the
middle variant's value and is named in the page's one note), and asks :func:`age_bands` for
the residents: the same cached run as the projection page (:func:`features.projection.cache.run`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.formatting import fmt_int, fmt_number, fmt_signed
from components.url_state import choice_param
from features.projection import cache as dp
from features.projection import model as pm
from features.projection import state
from features.projection.context import load
from indicators.projection.aggregate import long_age_bands

#: URL parameters of the scenario (names as on the projection page)
PARAMS = ("tfr", "e0m", "e0f", "ws", "zj", "wm", "eck", "ziel", "neubau", "ende")
#: the value of Bedarf's ``variante`` that stands for the carried scenario
SCENARIO = "szenario"
BEDARF_PAGE = "features/demand_supply/page.py"


@dataclass(frozen=True)
class CarriedScenario:
    """The projection page's scenario: its settings, control total and target.

    ``settings.end_year`` is the end year on the projection page: the straight line to a
    user's total (``control == "ziel"``) ends there, so Bedarf offers the years up to it.
    """

    settings: pm.Settings
    control: pm.ControlMode
    target: float

    @property
    def end_year(self) -> int:
        return self.settings.end_year

    def url(self) -> dict[str, str | None]:
        """The scenario's URL parameters, formatted as the projection page writes them."""
        s = self.settings
        return {
            "tfr": f"{s.tfr:.2f}", "e0m": f"{s.e0_m:.1f}", "e0f": f"{s.e0_f:.1f}",
            "ws": f"{s.migration_volume:.0f}", "zj": str(s.target_year or "sofort"),
            "wm": state.pattern_key(s.migration_pattern), "eck": self.control,
            "ziel": str(int(self.target)) if self.control == "ziel" else None,
            "neubau": s.housing or None, "ende": str(s.end_year),
        }  # fmt: skip

    def label(self) -> str:
        """The scenario in German, e.g. for the banner and the source line.

        >>> c = CarriedScenario(pm.Settings(1.0, 84.4, 88.1, 25200.0, 2060, 2040), "aus", 0.0)
        >>> c.label()
        'Geburten 1,00 Kinder je Frau, Lebenserwartung 84,4 (Männer) und 88,1 Jahre (Frauen), Wanderungssaldo +25.200 je Jahr, Annahmen erreicht im Jahr 2060'
        """
        s = self.settings
        reached = "ab sofort" if s.target_year is None else f"im Jahr {s.target_year}"
        parts = [
            f"Geburten {fmt_number(s.tfr, 2)} Kinder je Frau",
            f"Lebenserwartung {fmt_number(s.e0_m, 1)} (Männer) und {fmt_number(s.e0_f, 1)} "
            "Jahre (Frauen)",
            f"Wanderungssaldo {fmt_signed(s.migration_volume, 0)} je Jahr",
            f"Annahmen erreicht {reached}",
        ]
        if s.migration_pattern != "area":
            parts.append(f"Wanderungsmuster: {state.pattern_label(s.migration_pattern)}")
        if self.control == "mittel":
            parts.append("Summe an die mittlere Variante angeglichen")
        elif self.control == "ziel":
            parts.append(f"Summe {s.end_year}: {fmt_int(self.target)} Einwohner/innen")
        if s.housing:
            parts.append(f"Neubauvorhaben: {fmt_int(len(s.housing.split(';')))}")
        return ", ".join(parts)


def of_view(view: state.ProjectionView) -> CarriedScenario:
    """The scenario of a projection view."""
    return CarriedScenario(view.settings, view.control, view.target)


def bedarf_params(view: state.ProjectionView) -> dict[str, str]:
    """URL parameters of the link to Bedarf: the projection basis with this scenario."""
    params = {"grundlage": "prognose", "variante": SCENARIO, **of_view(view).url()}
    return {k: v for k, v in params.items() if v}


def link_to_bedarf(view: state.ProjectionView) -> None:
    """A link to "Bedarf und Angebot" that takes this scenario along."""
    st.page_link(
        BEDARF_PAGE,
        label="Bedarf und Angebot mit diesem Szenario",
        icon=":material/balance:",
        query_params=bedarf_params(view),
        help="Öffnet „Bedarf und Angebot“ mit dem Bedarf aus diesem Szenario (Geburten, "
        "Lebenserwartung, Wanderung, Abgleich, Neubau): dieselben Zahlen wie hier.",
    )


def requested() -> bool:
    """Whether the URL asks for the carried scenario (``variante=szenario``)."""
    return st.query_params.get("variante") == SCENARIO


def from_url() -> CarriedScenario:
    """The scenario in the URL, validated as on the projection page (bad values are noted and
    replaced by the middle variant's); a missing value is the middle variant's."""
    data = load()
    years = data.years
    default_end = min(data.middle().end_year, years[-1])
    end_year = int(choice_param("ende", [str(y) for y in years], str(default_end)))
    middle = data.middle(end_year)
    num = state._num_param  # noqa: SLF001 - the page's own validation, shared on purpose
    ws_range = state.mig_range(middle.migration_volume)
    zj = choice_param("zj", state.TARGET_YEARS, str(middle.target_year))
    control = state.pick(
        choice_param("eck", list(state.CONTROL_DE), "aus"), state.CONTROL_DE, "aus"
    )
    pattern_key = state.pick(
        choice_param("wm", list(state.PATTERN_DE), "gebiet"), state.PATTERN_DE, "gebiet"
    )
    target = float(state._target_param())  # noqa: SLF001
    if control != "ziel":
        target = 0.0
    elif target <= 0:  # "ziel" without a total: no control, as without the link's total
        control = "aus"
    settings = pm.Settings(
        round(num("tfr", state.TFR_RANGE, 2, middle.tfr), 2),
        round(num("e0m", state.E0M_RANGE, 1, middle.e0_m), 1),
        round(num("e0f", state.E0F_RANGE, 1, middle.e0_f), 1),
        float(round(num("ws", ws_range, 0, middle.migration_volume))),
        None if zj == "sofort" else int(zj),
        end_year,
        state._housing_param(),  # noqa: SLF001
        state.PATTERN_DE[pattern_key][0],
    )
    return CarriedScenario(settings, control, target)


def age_bands(
    carried: CarriedScenario, bands: tuple[tuple[int, int | None], ...], level: str = ""
) -> pd.DataFrame:
    """Persons per area of ``level`` (default: the projected level), year and band in the
    carried scenario: ``area_id, year, age_from, age_to, count`` – the projection page's run."""
    result = dp.run(carried.settings, carried.control, carried.target)
    return long_age_bands(result, dp.owners(level or dp.scope().level), bands)
