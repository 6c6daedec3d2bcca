"""Checks remembered per table object: once per live table, anew for every other table."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from indicators import frame_memo
from indicators.peers.groups import PeerDefinition, resolve_peers
from indicators.peers.stats import position, position_overview


def _long(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_id", "indicator_id", "value"])


def test_answer_is_computed_once_per_table_and_key() -> None:
    calls: list[str] = []
    frame = pd.DataFrame({"a": [1, 2]})

    def answer(tag: str) -> str:
        calls.append(tag)
        return tag

    assert frame_memo.remember(frame, "x", lambda: answer("x")) == "x"
    assert frame_memo.remember(frame, "x", lambda: answer("other")) == "x"
    assert frame_memo.remember(frame, "y", lambda: answer("y")) == "y"
    assert calls == ["x", "y"]


def test_answer_is_forgotten_with_its_table() -> None:
    frame = pd.DataFrame({"a": [1]})
    frame_memo.remember(frame, "k", lambda: True)
    slot = (id(frame), "k")
    assert slot in frame_memo._memo
    del frame
    gc.collect()
    assert slot not in frame_memo._memo


def test_a_new_table_with_duplicates_is_refused_after_a_clean_one() -> None:
    clean = _long([("me", "a", 1.0), ("p", "a", 2.0)])
    assert position(clean, "me", ["p"], {"a": "neutral"})["peer_median"].tolist() == [2.0]
    dup = _long([("me", "a", 1.0), ("me", "a", 5.0), ("p", "a", 2.0)])
    with pytest.raises(ValueError, match="Mehrere Werte je area_id und indicator_id"):
        position(dup, "me", ["p"], {"a": "neutral"})
    cat = pd.DataFrame(
        {"domain": ["X"], "name": ["A"], "polarity": ["neutral"]},
        index=pd.Index(["a"], name="indicator_id"),
    )
    with pytest.raises(ValueError, match="Mehrere Werte"):
        position_overview(dup, cat, "me", ["p"], ["a"])  # the same table, asked again
    with pytest.raises(ValueError, match="Mehrere Werte"):
        position_overview(dup, cat, "me", ["p"], ["a"])


def test_overview_of_a_subset_equals_position_of_the_subset() -> None:
    snap = _long(
        [("me", "a", 9.0), ("p1", "a", 4.0), ("p2", "a", 6.0), ("x", "a", 2.0),
         ("me", "b", 1.0), ("p1", "b", 3.0), ("x", "b", 8.0),
         ("p2", "c", 5.0)]
    )  # fmt: skip
    cat = pd.DataFrame(
        {"domain": ["X"] * 3, "name": ["A", "B", "C"], "polarity": ["higher_worse"] * 3},
        index=pd.Index(["a", "b", "c"], name="indicator_id"),
    )
    over = position_overview(snap, cat, "me", ["p1", "p2"], ["a", "b"])
    direct = position(
        snap[snap["indicator_id"].isin(["a", "b"])], "me", ["p1", "p2"], {"a": "higher_worse",
        "b": "higher_worse"},
    )  # fmt: skip
    pd.testing.assert_frame_equal(over, direct)
    assert over["n_peers"].tolist() == [2, 1]
    assert over["rank_all"].tolist() == [100.0, 0.0]


def test_peer_areas_with_a_duplicate_id_are_refused_every_time() -> None:
    areas = pd.DataFrame(
        {"area_id": ["x", "x"], "name": ["X", "X2"], "land": ["01", "01"],
         "type": ["t", "t"], "population": [1, 2]}
    )  # fmt: skip
    for _ in range(2):
        with pytest.raises(ValueError, match="nicht eindeutig"):
            resolve_peers(areas, None, "x", PeerDefinition(modes=("land",)))
