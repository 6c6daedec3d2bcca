"""Property tests for the Sozialraum analysis functions (classify, composite, typology, profile)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indicators.social.classify import (
    NO_DATA_CLASS,
    classify,
    fixed_breaks_across_periods,
    palette,
    text_color_for,
)
from indicators.social.composite import IndexConfig, composite_index
from indicators.social.profile import rank_areas
from indicators.social.typology import cluster_areas

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
# Indicator values carry at most six decimals (shares, rates per 1 000); a spread of 5e-324
# is float noise, not data (the composite index refuses it, see test_composite_refuses_*).
indicator_value = finite.map(lambda v: round(v, 6))
maybe_nan = st.one_of(finite, st.just(float("nan")))
methods = st.sampled_from(["quantile", "equal", "jenks", "stddev"])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(values=st.lists(maybe_nan, min_size=1, max_size=40), method=methods, k=st.integers(1, 9))
def test_every_value_in_exactly_one_class(values: list[float], method: str, k: int) -> None:
    series = pd.Series(values, dtype=float)
    result = classify(series, method, k)
    classes = result.classes.to_numpy()
    nan = series.isna().to_numpy()
    assert (classes[nan] == NO_DATA_CLASS).all()
    present = series.to_numpy()[~nan]
    if present.size == 0:
        assert result.k == 0
        return
    assert 1 <= result.k <= k
    assert len(result.breaks) == result.k + 1 == len(result.labels) + 1
    assert (
        all(b2 > b1 for b1, b2 in zip(result.breaks, result.breaks[1:], strict=False))
        or result.k == 1
    )
    got = classes[~nan]
    assert ((got >= 0) & (got < result.k)).all()
    for value, c in zip(present, got, strict=True):
        lo, hi = result.breaks[c], result.breaks[c + 1]
        assert lo <= value <= hi
        if c < result.k - 1:
            assert (
                value < hi
            )  # left-closed intervals: a value equal to an edge opens the next class


@FAST
@given(
    periods=st.dictionaries(
        st.sampled_from(["2019", "2020", "2021", "2022", "2023"]),
        st.lists(maybe_nan, min_size=1, max_size=15),
        min_size=1,
        max_size=5,
    ),
    method=methods,
    k=st.integers(2, 7),
)
def test_fixed_breaks_identical_across_periods(
    periods: dict[str, list[float]], method: str, k: int
) -> None:
    series = {p: pd.Series(v, dtype=float) for p, v in periods.items()}
    assume(any(s.notna().any() for s in series.values()))
    breaks = fixed_breaks_across_periods(series, method, k)
    reversed_order = dict(reversed(list(series.items())))
    assert fixed_breaks_across_periods(reversed_order, method, k) == breaks
    if len(breaks) < 3 and breaks[0] == breaks[-1]:
        return  # a single constant value gives no strictly increasing edges
    for values in series.values():
        result = classify(values, method, k, breaks=breaks)
        assert list(result.breaks) == breaks
        assert set(result.classes[values.notna()]) <= set(range(len(breaks) - 1))


area_rows = st.lists(
    st.tuples(indicator_value, indicator_value, indicator_value, st.integers(0, 20_000)),
    min_size=3,
    max_size=40,
)


@FAST
@given(rows=area_rows)
def test_composite_classes_and_range(rows: list[tuple[float, float, float, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["s1", "s2", "d1", "inhabitants"])
    included = frame[frame["inhabitants"] >= 300]
    assume(len(included) >= 3)
    for col in ("s1", "s2", "d1"):
        assume(included[col].nunique() >= 2)
    zs = (included[["s1", "s2"]] - included[["s1", "s2"]].mean()) / included[["s1", "s2"]].std()
    assume(zs.mean(axis=1).std() > 1e-6)
    config = IndexConfig(("s1", "s2"), (1.0, 2.0), ("d1",), (1.0,))
    result = composite_index(frame, config)
    assert set(result["status_class"].dropna()) <= {1, 2, 3, 4}
    assert set(result["status_label"].dropna()) <= set(config.status_labels)
    assert set(result["dynamics_class"].dropna()) <= {"+", "±", "−"}
    assert set(result["dynamics_label"].dropna()) <= {"positiv", "stabil", "negativ"}
    assert result.loc[~result["included"], "status_class"].isna().all()
    n = len(included)
    bound = (n - 1) / math.sqrt(n) + 1e-9  # Samuelson bound for z-scores with sample SD
    for col in ("status_index", "dynamics_index"):
        idx = result.loc[result["included"], col]
        assert idx.abs().max() <= bound
        assert abs(idx.mean()) < 1e-9
        assert abs(idx.std() - 1.0) < 1e-9


def test_composite_refuses_a_spread_of_float_noise() -> None:
    """Found by Hypothesis in CI: values 0, 0, 5e-324 overflowed into NaN with a warning."""
    frame = pd.DataFrame(
        {
            "s1": [0.0, 0.0, 1.0],
            "s2": [0.0, 0.0, 5e-324],
            "d1": [0.0, 0.0, 1.0],
            "inhabitants": [300, 300, 300],
        }
    )
    config = IndexConfig(("s1", "s2"), (1.0, 2.0), ("d1",), (1.0,))
    with pytest.raises(ValueError, match="s2: alle Werte sind gleich"):
        composite_index(frame, config)


@settings(max_examples=25, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(-50, 50), st.integers(-50, 50)),
        min_size=6,
        max_size=25,
    ),
    seed=st.integers(0, 10_000),
    method=st.sampled_from(["kmeans", "ward"]),
)
def test_clustering_same_partition_under_row_permutation(
    data: list[tuple[int, int]], seed: int, method: str
) -> None:
    frame = pd.DataFrame(data, columns=["a", "b"], dtype=float)
    frame.index = [f"area{i}" for i in range(len(frame))]
    assume(len(frame.drop_duplicates()) >= 3)
    first = cluster_areas(frame, ["a", "b"], 3, method=method)
    shuffled = frame.sample(frac=1.0, random_state=seed)
    second = cluster_areas(shuffled, ["a", "b"], 3, method=method)
    pd.testing.assert_series_equal(second.labels.reindex(frame.index), first.labels)


@given(rgb=st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_text_colour_reaches_wcag_aa(rgb: tuple[int, int, int]) -> None:
    def lum(c: tuple[int, int, int]) -> float:
        ch = [
            (v / 255 / 12.92) if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4
            for v in c
        ]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    a, b = lum(rgb), lum(text_color_for(rgb))
    contrast = (max(a, b) + 0.05) / (min(a, b) + 0.05)
    assert contrast >= 4.5


@given(k=st.integers(1, 9), polarity=st.sampled_from(["higher_worse", "higher_better", "neutral"]))
def test_palette_is_monotone_in_lightness(k: int, polarity: str) -> None:
    colours = palette(k, polarity)
    sums = [sum(c) for c in colours]
    if polarity == "higher_better":
        sums = sums[::-1]
    assert sums == sorted(sums, reverse=True)  # light -> dark with increasing value (bad = dark)


@given(values=st.lists(maybe_nan, min_size=1, max_size=30))
def test_rank_within_bounds(values: list[float]) -> None:
    series = pd.Series(values, dtype=float)
    result = rank_areas(series, "higher_worse")
    n = int(series.notna().sum())
    ranks = result["rank"].dropna().to_numpy()
    assert ((ranks >= 1) & (ranks <= n)).all()
    assert (result["rank"].isna() == series.isna()).all()
    if n:
        assert result.loc[series.idxmax(), "rank"] == 1
        assert np.all(result["rank_text"][series.isna()] == "keine Angabe")


@FAST
@given(
    values=st.lists(maybe_nan, min_size=1, max_size=30),
    method=methods,
    k=st.integers(1, 9),
    seed=st.integers(0, 999),
)
def test_classification_independent_of_row_order(
    values: list[float], method: str, k: int, seed: int
) -> None:
    series = pd.Series(values, dtype=float)
    shuffled = series.sample(frac=1.0, random_state=seed)
    first, second = classify(series, method, k), classify(shuffled, method, k)
    assert first.breaks == second.breaks
    pd.testing.assert_series_equal(second.classes.reindex(series.index), first.classes)
