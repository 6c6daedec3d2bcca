"""Properties of peer groups and percentile ranks (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.peers.distance import nearest_peers
from indicators.peers.groups import PEER_MODES, PeerDefinition, resolve_peers
from indicators.peers.stats import BEWERTUNGEN, percentile_rank, position

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
maybe_missing = st.one_of(finite, st.just(float("nan")))


@st.composite
def area_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = draw(st.integers(min_value=2, max_value=25))
    ids = [f"g{i:02d}" for i in range(n)]
    areas = pd.DataFrame(
        {
            "area_id": ids,
            "name": ids,
            "land": draw(st.lists(st.sampled_from(["01", "05", "09"]), min_size=n, max_size=n)),
            "type": draw(
                st.lists(
                    st.sampled_from(["dicht besiedelt", "gering besiedelt"]), min_size=n, max_size=n
                )
            ),
            "population": draw(
                st.lists(st.floats(min_value=0, max_value=2e6), min_size=n, max_size=n)
            ),
            "parent_id": draw(st.lists(st.sampled_from(["k1", "k2"]), min_size=n, max_size=n)),
        }
    )
    features = pd.DataFrame(
        {
            "area_id": ids,
            "f1": draw(st.lists(maybe_missing, min_size=n, max_size=n)),
            "f2": draw(st.lists(finite, min_size=n, max_size=n)),
        }
    )
    return areas, features


@st.composite
def cases(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame, str, PeerDefinition]:
    areas, features = draw(area_tables())
    ids = areas["area_id"].tolist()
    own = draw(st.sampled_from(ids))
    # f2 is always complete; give it spread so "similar" is defined
    features = features.assign(f2=np.arange(len(ids), dtype=float) * 1.5)
    modes = tuple(draw(st.sets(st.sampled_from(PEER_MODES))))
    definition = PeerDefinition(
        modes=modes,
        k=draw(st.integers(min_value=1, max_value=30)),
        columns=("f1", "f2"),
        added=tuple(draw(st.lists(st.sampled_from(ids), max_size=4))),
        removed=tuple(draw(st.lists(st.sampled_from(ids), max_size=3))),
    )
    return areas, features, own, definition


@settings(max_examples=60, deadline=None)
@given(cases())
def test_peers_never_contain_own_area_and_are_unique(
    case: tuple[pd.DataFrame, pd.DataFrame, str, PeerDefinition],
) -> None:
    areas, features, own, definition = case
    peers = resolve_peers(areas, features, own, definition)
    assert own not in peers
    assert len(peers) == len(set(peers))
    assert set(peers) <= set(areas["area_id"])
    assert not set(peers) & set(definition.removed)


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_removing_a_peer_removes_exactly_it(
    case: tuple[pd.DataFrame, pd.DataFrame, str, PeerDefinition], data: st.DataObject
) -> None:
    areas, features, own, definition = case
    base = replace(definition, removed=())
    before = resolve_peers(areas, features, own, base)
    if not before:
        return
    victim = data.draw(st.sampled_from(before))
    after = resolve_peers(areas, features, own, replace(base, removed=(victim,)))
    assert after == [p for p in before if p != victim]


@settings(max_examples=60, deadline=None)
@given(area_tables(), st.integers(min_value=1, max_value=30), st.data())
def test_nearest_peers_sorted_and_without_own(
    tables: tuple[pd.DataFrame, pd.DataFrame], k: int, data: st.DataObject
) -> None:
    _, features = tables
    features = features.assign(f2=np.arange(len(features), dtype=float))
    own = data.draw(st.sampled_from(features["area_id"].tolist()))
    result = nearest_peers(features, own, k, ["f1", "f2"])
    assert own not in set(result["area_id"])
    assert len(result) <= k
    distances = result["distance"].to_numpy()
    assert (distances >= 0).all()
    assert (np.diff(distances) >= 0).all()


@settings(max_examples=200, deadline=None)
@given(maybe_missing, st.lists(maybe_missing, max_size=40))
def test_percentile_rank_in_0_100(x: float, others: list[float]) -> None:
    rank = percentile_rank(x, np.array(others, dtype=float))
    if np.isnan(x) or all(np.isnan(others)):
        assert np.isnan(rank)
    else:
        assert 0.0 <= rank <= 100.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(maybe_missing, min_size=1, max_size=20),
    st.sampled_from(["higher_better", "higher_worse", "neutral"]),
)
def test_position_ranks_bounded_and_labels_known(values: list[float], polarity: str) -> None:
    ids = [f"a{i}" for i in range(len(values))]
    frame = pd.DataFrame({"area_id": ids, "indicator_id": "x", "value": values})
    result = position(frame, ids[0], ids[1:], {"x": polarity}).iloc[0]
    for column in ("rank_peers", "rank_all"):
        assert np.isnan(result[column]) or 0.0 <= result[column] <= 100.0
    assert result["bewertung"] in BEWERTUNGEN
    if not np.isnan(result["peer_q1"]):
        assert result["peer_q1"] <= result["peer_median"] <= result["peer_q3"]
