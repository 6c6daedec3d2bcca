"""Read queries of the focus (data_layer/read/focus.py) on a hand-made area tree.

Tree of system ``k`` (names invented, no Kommune of the demo):

    Stadt (rank 0)            K
    Bezirk (rank 1)           K:A            K:B
    Viertel (rank 2)          K:A1  K:A2     K:B1
    Block (rank 3)            K:A1a K:A1b K:A2a   K:B1a

and a one-level system ``e`` (one area of level "Gemeinde") with no part to focus on.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from data_layer.read import focus as qf
from data_layer.schema import DDL

LEVELS = {"Stadt": 0, "Bezirk": 1, "Viertel": 2, "Block": 3}
TREE = [  # area_id, name, level, parent
    ("K", "Stadt K", "Stadt", None),
    ("K:A", "Nordbezirk", "Bezirk", "K"),
    ("K:B", "Südbezirk", "Bezirk", "K"),
    ("K:A1", "Am Hafen", "Viertel", "K:A"),
    ("K:A2", "Nordbezirk", "Viertel", "K:A"),  # same name as its Bezirk
    ("K:B1", "Altstadt", "Viertel", "K:B"),
    ("K:A1a", "Kai", "Block", "K:A1"),
    ("K:A1b", "Speicher", "Block", "K:A1"),
    ("K:A2a", "Markt", "Block", "K:A2"),
    ("K:B1a", "Dom", "Block", "K:B1"),
]


@pytest.fixture()
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect(":memory:")
    for ddl in DDL:
        c.execute(ddl)
    for level, rank in LEVELS.items():
        c.execute("INSERT INTO area_levels VALUES ('k', ?, ?)", [level, rank])
    c.execute("INSERT INTO area_levels VALUES ('e', 'Gemeinde', 0)")
    rows = [(a, n, lv, p, "k") for a, n, lv, p in TREE] + [
        ("E", "Einzeldorf", "Gemeinde", None, "e")
    ]
    for area_id, name, level, parent, system in rows:
        rank = LEVELS.get(level, 0)
        c.execute(
            """INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2024', ?, NULL, NULL, 1.0,
                                         0.0, 0.0, ''::BLOB, ''::BLOB)""",
            [area_id, area_id, name, name.lower(), level, rank, system, system, parent],
        )
    yield c
    c.close()


def test_focus_areas_are_the_levels_between_root_and_finest(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    df = qf.focus_areas(conn, "k")
    assert list(zip(df["area_id"], df["level"], strict=True)) == [
        ("K:A", "Bezirk"),
        ("K:B", "Bezirk"),
        ("K:B1", "Viertel"),  # Altstadt ("Al" before "Am")
        ("K:A1", "Viertel"),  # Am Hafen
        ("K:A2", "Viertel"),  # Nordbezirk
    ]
    assert df.set_index("area_id").loc["K:A2", "parent_name"] == "Nordbezirk"


def test_one_level_system_has_nothing_to_focus_on(conn: duckdb.DuckDBPyConnection) -> None:
    assert qf.focus_areas(conn, "e").empty


@pytest.mark.parametrize(
    ("focus", "level", "expected"),
    [
        ("K:A", "Viertel", ["K:A1", "K:A2"]),
        ("K:A", "Block", ["K:A1a", "K:A1b", "K:A2a"]),
        ("K:B", "Block", ["K:B1a"]),
        ("K:A", "Bezirk", ["K:A"]),  # itself
        ("K:A1", "Bezirk", ["K:A"]),  # a coarser level: the area that contains the focus
        ("K:A1", "Stadt", ["K"]),
        ("K:A1", "Gemeinde", []),  # a level of another system
    ],
)
def test_areas_below(
    conn: duckdb.DuckDBPyConnection, focus: str, level: str, expected: list[str]
) -> None:
    assert qf.areas_below(conn, focus, level) == expected


def test_ancestors_name_every_coarser_level_but_the_root(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    df = qf.ancestors(conn, "k", "Block")
    got = {
        (a, lv): n for a, lv, n in zip(df["area_id"], df["level"], df["ancestor_name"], strict=True)
    }
    assert got == {
        ("K:A1a", "Viertel"): "Am Hafen",
        ("K:A1a", "Bezirk"): "Nordbezirk",
        ("K:A1b", "Viertel"): "Am Hafen",
        ("K:A1b", "Bezirk"): "Nordbezirk",
        ("K:A2a", "Viertel"): "Nordbezirk",
        ("K:A2a", "Bezirk"): "Nordbezirk",
        ("K:B1a", "Viertel"): "Altstadt",
        ("K:B1a", "Bezirk"): "Südbezirk",
    }
