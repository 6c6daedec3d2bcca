"""AppTest: today's supply is one figure on every demand basis (issue #15, point 3a).

Hand-worked (demo store, register 31.12.2024, Kitas 01.01.2026): Kita places are split
U3/Ü3 by today's register demand, share U3 = 44 925,95 / (44 925,95 + 0,9151 × 110 932)
= 0,30679, so today's U3 supply is 61.312 places (see test_bedarf_angebot). Choosing the
projection year 2030 as demand basis changes the demand, never today's supply.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "features/demand_supply/page.py"


def _app(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return {m.label: m.value for m in at.metric}[label]


def _supply_by_area(at: AppTest) -> dict[str, str]:
    for df in at.dataframe:
        if "Angebot im Gebiet" in df.value.columns:
            return dict(zip(df.value["Gebiet"], df.value["Angebot im Gebiet"], strict=True))
    raise AssertionError("Tabelle je Gebiet fehlt")


def test_supply_is_the_same_on_register_and_projection_basis(demo_env: Path) -> None:
    reg = _app({"ebene": "Bezirk"})
    proj = _app({"ebene": "Bezirk", "grundlage": "prognose", "jahr": "2030"})
    # the whole Kommune: today's supply, whatever the demand basis
    assert _metric(reg, "Angebot (Plätze)") == "61.312"
    assert _metric(proj, "Angebot (Plätze)") == "61.312"
    assert _metric(reg, "Bedarf (Plätze)") != _metric(proj, "Bedarf (Plätze)")
    # every Bezirk: the same supply on both bases
    by_reg, by_proj = _supply_by_area(reg), _supply_by_area(proj)
    assert len(by_reg) == 12
    assert by_reg == by_proj
