"""Kommunen vergleichen (#15 point 6): peers sized like the Kommune unless the user takes
the size band out. Lingen (Ems), 57.075 residents (pop_total 31.12.2023 in the store), got
"structurally similar" peers with a median of about 21.000 before."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import open_page

PAGE = "features/benchmarking/page.py"
LINGEN = {"ebene": "Gemeinde", "ags": "03454032"}


def _members(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Einwohner/innen" in d.value.columns)


def _residents(table: pd.DataFrame) -> pd.Series:
    return table["Einwohner/innen"].str.replace(".", "", regex=False).astype(float)


def _lingen_population(db: Path) -> float:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT value FROM indicator_values WHERE indicator_id = 'pop_total' "
            "AND area_id LIKE '%:03454032' ORDER BY period DESC LIMIT 1"
        ).fetchone()
    assert row is not None
    return float(row[0])


def test_lingen_peers_are_within_half_to_twice_its_residents(demo_env: Path) -> None:
    pop = _lingen_population(demo_env)
    assert pop == 57_075  # hand check: the store's latest pop_total of Lingen (Ems)
    at = open_page(PAGE, LINGEN)
    assert at.multiselect(key="bench.gruppe").value == ["aehnlich", "einwohner"]
    residents = _residents(_members(at))
    assert len(residents) == 10
    assert residents.between(pop / 2, pop * 2).all(), residents.tolist()
    assert pop / 2 <= residents.median() <= pop * 2
    captions = " ".join(str(c.value) for c in at.caption)
    assert "Ähnliche Einwohnerzahl: 28.538 bis 114.150 Einwohner/innen" in captions
    assert "eigene Kommune 57.075, Median der Vergleichsgruppe" in captions


def test_size_band_can_be_switched_off(demo_env: Path) -> None:
    at = open_page(PAGE, {**LINGEN, "gruppe": "aehnlich"})
    assert at.multiselect(key="bench.gruppe").value == ["aehnlich"]
    residents = _residents(_members(at))
    # without the band the nearest peers on the structure features alone are far smaller
    assert residents.median() < 57_075 / 2
    assert "Ähnliche Einwohnerzahl" not in " ".join(str(c.value) for c in at.caption)
