"""Queries of the page Sozialräume: fixture store (Berlin-Mitte, Zentrum) and the display rule on the demo store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from data_layer.read import social as qs

DEMO_DB = Path(__file__).resolve().parents[2] / "data" / "planungsatlas.duckdb"


def test_level_values_one_row_per_area_with_parent(conn: duckdb.DuckDBPyConnection) -> None:
    df = qs.level_values(conn, "mss_s1", "2020-12-31", "mitte", "Planungsraum")
    assert len(df) == 16
    row = df.set_index("local_id").loc["01100101"]
    assert row["value"] == pytest.approx(4.22594)
    assert (row["name"], row["parent_name"], row["status"]) == (
        "Stülerstraße",
        "Tiergarten Süd",
        "ok",
    )


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        ("mitte:011001", ["01100101", "01100102", "01100103", "01100104"]),
        ("mitte:011004", ["01100414", "01100415", "01100416"]),
        ("mitte:0110", None),  # the root: all 16
    ],
)
def test_within_restricts_to_descendants(
    conn: duckdb.DuckDBPyConnection, within: str, expected: list[str] | None
) -> None:
    df = qs.level_values(conn, "share_u6", "2024-12-31", "mitte", "Planungsraum", within)
    ids = sorted(df["local_id"])
    assert ids == expected if expected is not None else len(ids) == 16
    areas = qs.level_areas(conn, "mitte", "Planungsraum", within)
    assert sorted(areas["local_id"]) == ids


@pytest.mark.parametrize("hostile", ["'; DROP TABLE areas; --", "share_u6' OR '1'='1", "x" * 500])
def test_hostile_ids_are_values_not_sql(conn: duckdb.DuckDBPyConnection, hostile: str) -> None:
    assert qs.level_values(conn, hostile, "2024-12-31", "mitte", "Planungsraum").empty
    assert qs.level_values(conn, "share_u6", hostile, "mitte", "Planungsraum")["value"].isna().all()
    assert qs.area_value(conn, "share_u6", "2024-12-31", hostile) is None
    assert qs.common_periods(conn, [hostile], "mitte", "Planungsraum") == []
    assert len(qs.level_areas(conn, "mitte", "Planungsraum")) == 16  # table still there


def test_root_and_reference_value(conn: duckdb.DuckDBPyConnection) -> None:
    root = qs.root_area(conn, "mitte")
    assert root == {"area_id": "mitte:0110", "name": "Zentrum", "level": "Prognoseraum"}
    pgr = qs.level_values(conn, "share_u6", "2024-12-31", "mitte", "Prognoseraum")
    assert qs.area_value(conn, "share_u6", "2024-12-31", "mitte:0110") == pytest.approx(
        float(pgr["value"].iloc[0])
    )
    assert qs.root_area(conn, "nosuchsystem") is None


def test_latest_values_take_each_indicators_newest_period(conn: duckdb.DuckDBPyConnection) -> None:
    df = qs.latest_values(conn, ["share_u6", "mss_s1"], "mitte", "Planungsraum", ["mitte:0110"])
    periods = df.groupby("indicator_id")["period"].unique().map(list).to_dict()
    assert periods == {"mss_s1": ["2020-12-31"], "share_u6": ["2024-12-31"]}
    # 16 Planungsräume per indicator, plus the Prognoseraum for share_u6 (mss_s1 has none there)
    assert df.groupby("indicator_id").size().to_dict() == {"mss_s1": 16, "share_u6": 17}
    assert qs.latest_values(conn, [], "mitte", "Planungsraum").empty


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["share_u6"], ["2023-12-31", "2024-12-31"]),
        (["share_u6", "share_6_15"], ["2024-12-31"]),
        (["share_u6", "mss_s1"], []),
        ([], []),
    ],
)
def test_common_periods(
    conn: duckdb.DuckDBPyConnection, ids: list[str], expected: list[str]
) -> None:
    assert qs.common_periods(conn, ids, "mitte", "Planungsraum") == expected


def test_values_at_and_series(conn: duckdb.DuckDBPyConnection) -> None:
    wide = qs.values_at(conn, ["mss_s1", "mss_s3"], "2020-12-31", "mitte", "Planungsraum")
    assert len(wide) == 32 and set(wide["indicator_id"]) == {"mss_s1", "mss_s3"}
    ser = qs.series(conn, ["share_u6"], ["mitte:01100101", "mitte:0110"])
    assert ser.groupby("area_id")["period"].apply(list).to_dict() == {
        "mitte:0110": ["2023-12-31", "2024-12-31"],
        "mitte:01100101": ["2023-12-31", "2024-12-31"],
    }
    assert qs.series(conn, [], ["mitte:0110"]).empty


def test_area_wkb_has_every_area(conn: duckdb.DuckDBPyConnection) -> None:
    geo = qs.area_wkb(conn, "mitte", "Bezirksregion")
    assert geo["local_id"].tolist() == ["011001", "011002", "011003", "011004"]
    assert all(len(bytes(b)) > 100 for b in geo["wkb"])


@pytest.fixture()
def demo() -> Iterator[duckdb.DuckDBPyConnection]:
    if not DEMO_DB.is_file():
        pytest.skip("Demo-Datenbasis fehlt")
    c = duckdb.connect(str(DEMO_DB), read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("local_id", "status", "raw"),
    [
        ("05300838", "below_min", 0.0),  # Gartenfeld: 0 of 16 residents
        ("03300515", "below_min", 0.0),  # Blankenburger Süden: 0 of 49
        ("12200411", "below_min", 17 / 294 * 100),  # Schumacher-Quartier: 294 < 300
        ("03400831", "missing", None),  # empty in the register (secrecy)
        ("01100101", "ok", 165 / 3580 * 100),  # Stülerstraße
    ],
)
def test_display_rule_min_denominator(
    demo: duckdb.DuckDBPyConnection, local_id: str, status: str, raw: float | None
) -> None:
    df = qs.level_values(demo, "share_u6", "2024-12-31", "lor2021", "Planungsraum")
    assert df["status"].value_counts().to_dict() == {"ok": 536, "below_min": 4, "missing": 2}
    row = df.set_index("local_id").loc[local_id]
    assert row["status"] == status
    if status == "ok":
        assert row["value"] == pytest.approx(raw)
    else:
        assert row["value"] != row["value"]  # NaN: shown as "keine Angabe", never as 0
        if raw is not None:
            assert row["raw_value"] == pytest.approx(raw)
