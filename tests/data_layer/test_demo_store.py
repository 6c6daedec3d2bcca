"""The demo Datenbasis built from data/raw: contents a user relies on."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.conftest import DEMO_DB


@pytest.fixture(scope="module")
def demo() -> Iterator[duckdb.DuckDBPyConnection]:
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    c = duckdb.connect(str(DEMO_DB), read_only=True)
    yield c
    c.close()


def test_area_hierarchies(demo: duckdb.DuckDBPyConnection) -> None:
    rows = dict(
        ((s, lvl), n)
        for s, lvl, n in demo.execute(
            "SELECT system_code, level, COUNT(*) FROM areas GROUP BY ALL"
        ).fetchall()
    )
    assert rows[("lor2021", "Planungsraum")] == 542
    assert rows[("lor2021", "Bezirksregion")] == 143
    assert rows[("lor2021", "Prognoseraum")] == 58
    assert rows[("lor2021", "Bezirk")] == 12
    assert rows[("lor2006", "Planungsraum")] == 448
    assert rows[("de2024", "Land")] == 16
    assert rows[("de2024", "Kreis")] == 400
    assert rows[("de2024", "Gemeinde")] > 10_900


def test_official_totals(demo: duckdb.DuckDBPyConnection) -> None:
    def total(area: str, period: str) -> float:
        return demo.execute(
            """SELECT count FROM population WHERE area_id = ? AND period = ? AND sex = 'all'
                               AND age_from = 0 AND age_to IS NULL""",
            [area, period],
        ).fetchall()[0][0]

    assert total("lor2021:11000000", "2024-12-31") == 3_897_145  # EWR 31.12.2024
    assert total("lor2006:11000000", "2020-12-31") == 3_769_962  # EWR 31.12.2020, old scheme
    assert total("de2024:DE", "2023-12-31") == 84_669_326  # Destatis Fortschreibung
    assert total("lor2021:11000000", "2020-12-31") == pytest.approx(
        3_769_962, abs=1
    )  # moved via crosswalk


def test_moved_population_is_flagged_estimated(demo: duckdb.DuckDBPyConnection) -> None:
    flags = {
        r[0]
        for r in demo.execute("""SELECT DISTINCT p.flag FROM population p JOIN areas a USING (area_id)
        WHERE a.system_code = 'lor2021' AND a.level = 'Planungsraum' AND p.period = '2018-12-31'""").fetchall()
    }
    assert flags == {"estimated"}


def test_at_least_60_complete_indicators_with_values(demo: duckdb.DuckDBPyConnection) -> None:
    cat = demo.execute("SELECT * FROM indicators").df()
    assert len(cat) >= 60
    for col in (
        "name",
        "short_name",
        "definition",
        "unit",
        "source",
        "licence",
        "attribution",
        "data_date",
    ):
        assert (cat[col].astype(str).str.strip() != "").all(), col
    with_values = {
        r[0] for r in demo.execute("SELECT DISTINCT indicator_id FROM indicator_values").fetchall()
    }
    assert set(cat["indicator_id"]) <= with_values


def test_every_licence_attribution_reaches_the_app(demo: duckdb.DuckDBPyConnection) -> None:
    text = " ".join(
        r[0] for r in demo.execute("SELECT DISTINCT attribution FROM data_sources").fetchall()
    )
    for required in (
        "Amt für Statistik Berlin-Brandenburg",
        "GeoBasis-DE / BKG",
        "Destatis",
        "BBSR",
        "INKAR",
        "Zensus 2022",
        "12621-0001",
    ):
        assert required in text, required


def test_derived_rates_at_every_level(demo: duckdb.DuckDBPyConnection) -> None:
    levels = {
        r[0]
        for r in demo.execute("""SELECT DISTINCT a.level FROM indicator_values v JOIN areas a USING (area_id)
        WHERE v.indicator_id = 'share_65plus' AND a.system_code = 'lor2021'""").fetchall()
    }
    assert levels == {"Land", "Bezirk", "Prognoseraum", "Bezirksregion", "Planungsraum"}
