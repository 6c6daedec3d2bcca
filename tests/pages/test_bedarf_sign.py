"""Sign convention of "Bedarf und Angebot" (issue #15, point 3b): Fehlbedarf / Überschuss.

Hand-worked (demo store): supply 61 311,85 − demand 44 925,95 = 16 385,9 places more than
needed → headline "Überschuss (Plätze)" 16.386. PLR 01100101: demand 39,42, supply 11,96
→ Fehlbedarf 27,46 → "27", Überschuss 0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from features.demand_supply import view

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_headline_table_and_note_use_fehlbedarf_and_ueberschuss(demo_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("features/demand_supply/page.py")
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Überschuss (Plätze)"] == "16.386"
    assert "Fehlbedarf (Plätze)" not in metrics
    assert any("**Fehlbedarf** = Bedarf größer als Angebot" in c.value for c in at.caption)
    table = next(df.value for df in at.dataframe if "Fehlbedarf im Gebiet" in df.value.columns)
    assert not any("Lücke" in c for c in table.columns)
    for col in ("Fehlbedarf im Gebiet", "Überschuss im Gebiet"):
        assert not table[col].str.startswith(("−", "-", "+")).any()  # never signed


def test_export_columns_are_unsigned_amounts() -> None:
    table = pd.DataFrame(
        {
            "area_id": ["a", "b"], "population": [86.0, 10.0], "demand": [39.42, 4.0],
            "n_facilities": [1, 1], "n_without_capacity": [0, 0], "supply": [11.96, 10.0],
            "coverage_pct": [30.3, 250.0], "gap": [-27.46, 6.0],
            "acc_supply": [50.0, 1.0], "acc_coverage_pct": [126.8, 25.0], "acc_gap": [10.58, -3.0],
        }
    )  # fmt: skip
    hier = pd.DataFrame({"area_id": ["a", "b"], "local_id": ["1", "2"], "name": ["A", "B"]})
    out = view.export_frame(table, hier, {})
    assert out["Fehlbedarf im Gebiet (Plätze)"].tolist() == [27.46, 0.0]
    assert out["Überschuss im Gebiet (Plätze)"].tolist() == [0.0, 6.0]
    assert out["Fehlbedarf mit Einzugsbereich (Plätze)"].tolist() == [0.0, 3.0]
    assert out["Überschuss mit Einzugsbereich (Plätze)"].tolist() == [10.58, 0.0]
    assert not any("Lücke" in c for c in out.columns)


def test_whatif_effect_is_explained(demo_env: Path) -> None:
    # share U3 = 44 925,95 / (44 925,95 + 0,9151 × 110 932) = 0,30679 → 30,7 of 100 places
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("features/demand_supply/page.py")
    at.query_params["plan"] = "13.38439,52.52252,100,o"
    at.run()
    assert not at.exception
    notes = " ".join(c.value for c in at.caption)
    assert "Von 100 Plätzen einer Einrichtung zählen 30,7 für „Kita unter 3 Jahren“" in notes
    assert "Einwohnerregister, Stichtag 31.12.2024" in notes


def test_method_note_reconciles_area_and_catchment(demo_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("features/demand_supply/page.py")
    at.run()
    text = " ".join(md.value for e in at.expander for md in e.markdown)
    assert "Gebiete mit Bedarf erreichen im Einzugsbereich keinen Platz" in text
    assert "der Plätze)" in text
    assert "Voreinstellung des Radius: 800 m (Annahme)" in text


def test_missing_places_add_up_the_areas_with_fehlbedarf(demo_env: Path) -> None:
    """A net surplus must not hide the areas where places are missing: the fifth figure is
    the sum of the table's "Fehlbedarf im Gebiet" (Berlin, Planungsräume: 4.818 in 169)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("features/demand_supply/page.py")
    at.run()
    table = next(df.value for df in at.dataframe if "Fehlbedarf im Gebiet" in df.value.columns)
    short = table["Fehlbedarf im Gebiet"].str.replace(".", "").replace("–", "0").astype(int)
    metric = next(m for m in at.metric if m.label == "Fehlbedarf vor Ort (Plätze)")
    assert int(metric.value.replace(".", "")) == short.sum() == 4818
    assert f"summiert über die {(short > 0).sum()} von {len(table)} Gebieten" in metric.help
    assert next(m for m in at.metric if m.label == "Überschuss (Plätze)").value == "16.386"
