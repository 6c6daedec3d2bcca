"""#15: the scenario of "Bevölkerungsprognose" carried into "Bedarf und Angebot".

The projection page links to Bedarf with its scenario (``variante=szenario`` and its own
parameters). Hand-worked path (Berlin demo, Kita unter 3, quota 45,84 %): demand 2030 =
0,4584 × persons aged 0, 1 and 2 on 31.12.2030 summed over all 542 Planungsräume of the
projection run with that scenario (``ProjectionResult.population[year, area, sex, age]``).
Births 1,17 → 1,00 (the middle variant otherwise, reached in 2060) means fewer young children
in 2030 than in the middle variant, so the demand is lower than the middle variant's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from components.formatting import fmt_int
from features.projection import cache as pc
from tests.pages.conftest import open_page

BEDARF = "features/demand_supply/page.py"
PROJ = "features/projection/page.py"
QUOTA = 0.4584


def _demand(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Bedarf (Plätze)"]


def _u3_demand(settings: object, year: int) -> float:
    """0,4584 × persons aged 0–2 on 31.12.``year`` in the projection run of ``settings``."""
    result = pc.run(settings)  # type: ignore[arg-type]
    i = result.years.index(year)
    assert len(result.area_ids) == 542
    return QUOTA * float(result.population[i, :, :, 0:3].sum())


def _link(at: AppTest) -> dict[str, str]:
    (link,) = [e for e in at.get("page_link") if "mit diesem Szenario" in e.proto.label]
    assert link.proto.page.endswith("bedarf_angebot") or "demand_supply" in link.proto.page
    return {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}


def _param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_births_scenario_reaches_bedarf(demo_env: Path) -> None:
    proj = open_page(PROJ, {"tfr": "1.00"})
    params = _link(proj)
    assert params["grundlage"] == "prognose" and params["variante"] == "szenario"
    assert params["tfr"] == "1.00"
    middle = pc.preset("middle", int(params["ende"]))
    assert middle.tfr == 1.17
    scenario = dataclasses.replace(middle, tfr=1.0)
    expected, default = _u3_demand(scenario, 2030), _u3_demand(middle, 2030)
    assert expected < default - 10  # fewer births, fewer children under 3

    at = open_page(BEDARF, params)
    assert _param(at, "jahr") == "2030"
    assert _demand(at) == fmt_int(expected) != fmt_int(default)
    banner = [i.value for i in at.info if "Szenario:" in i.value]
    assert banner and "Geburten 1,00 Kinder je Frau" in banner[0]
    assert "dieselben Zahlen" in banner[0]
    assert _param(at, "variante") == "szenario" and _param(at, "tfr") == "1.00"

    at.selectbox(key="ba.variante").set_value("mittel").run()
    assert _demand(at) == fmt_int(default)
    assert _param(at, "tfr") is None and _param(at, "variante") == "mittel"
    at.selectbox(key="ba.variante").set_value("szenario").run()
    assert _demand(at) == fmt_int(expected)


def test_default_bedarf_says_it_uses_the_variant(demo_env: Path) -> None:
    at = open_page(BEDARF, {"grundlage": "prognose"})
    middle = pc.preset("middle", 2040)
    assert _demand(at) == fmt_int(_u3_demand(middle, 2030))
    assert "szenario" not in at.selectbox(key="ba.variante").options
    assert any("mit den Annahmen dieser Variante" in i.value for i in at.info)


def test_bad_scenario_values_fall_back_with_a_note(demo_env: Path) -> None:
    at = open_page(
        BEDARF, {"grundlage": "prognose", "variante": "szenario", "tfr": "9.99", "ende": "1999"}
    )
    notes = [i.value for i in at.info if "ungültige Angaben" in i.value]
    assert notes and "„tfr“" in notes[0] and "„ende“" in notes[0]
    middle = pc.preset("middle", 2040)
    assert _demand(at) == fmt_int(_u3_demand(middle, 2030))
    assert _param(at, "tfr") == "1.17"


def test_scenario_years_end_with_its_end_year(demo_env: Path) -> None:
    at = open_page(BEDARF, {"grundlage": "prognose", "variante": "szenario", "ende": "2028"})
    assert list(at.selectbox(key="ba.jahr").options) == ["2025", "2026", "2027", "2028"]
    assert _param(at, "jahr") == "2025"  # 2030 lies beyond the scenario: its first year
