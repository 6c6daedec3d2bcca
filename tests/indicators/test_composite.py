"""Hand-worked tables for indicators.social.composite (MSS-style status/dynamics index)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from indicators.social.composite import (
    IndexConfig,
    agreement,
    agreement_count,
    composite_index,
    normalise_class_label,
    zscores,
)
from tests.indicators.published_index import mss_2021

# Areas A-E have 500 residents, F only 100 (excluded like in the MSS).
FRAME = pd.DataFrame(
    {
        "a": [1.0, 2.0, 3.0, 4.0, 5.0, 100.0],
        "b": [1.0, 3.0, 2.0, 4.0, 5.0, 100.0],
        "c": [-10.0, 0.0, 0.0, 0.0, 10.0, 0.0],
        "inhabitants": [500, 500, 500, 500, 500, 100],
    },
    index=list("ABCDEF"),
)
CONFIG = IndexConfig(("a", "b"), (1.0, 1.0), ("c",), (1.0,))


def test_zscores_exclude_small_areas() -> None:
    # a over A-E: mean 3, sample SD sqrt(2.5) = 1.5811
    z = zscores(FRAME, ["a"])
    assert z["a"].round(4).tolist()[:5] == [-1.2649, -0.6325, 0.0, 0.6325, 1.2649]
    assert math.isnan(z.loc["F", "a"])


def test_zscores_without_population_filter() -> None:
    z = zscores(FRAME, ["c"], population_column=None)
    # c over A-F: mean 0, SD sqrt(200 / 5) = 6.3246
    assert z["c"].round(4).tolist() == [-1.5811, 0.0, 0.0, 0.0, 1.5811, 0.0]


def test_status_index_equal_weights_hand_worked() -> None:
    # z in units of 1/sqrt(2.5): a -> [-2,-1,0,1,2], b -> [-2,0,-1,1,2]; mean -> [-2,-.5,-.5,1,2]
    # re-standardised: sample SD sqrt(9.5 / 4) = 1.5411 -> [-1.2978, -0.3244, -0.3244, 0.6489, 1.2978]
    result = composite_index(FRAME, CONFIG)
    assert result["status_index"].round(4).tolist()[:5] == [
        -1.2978,
        -0.3244,
        -0.3244,
        0.6489,
        1.2978,
    ]
    assert result["status_class"].tolist() == [1, 2, 2, 2, 3, pd.NA]
    assert result["status_label"].tolist()[:5] == ["hoch", "mittel", "mittel", "mittel", "niedrig"]
    assert result["included"].tolist() == [True, True, True, True, True, False]
    assert pd.isna(result.loc["F", "status_label"])


def test_dynamics_index_hand_worked() -> None:
    # c over A-E: mean 0, SD sqrt(200 / 4) = 7.0711 -> A -1.4142 ("+"), E 1.4142 ("−")
    result = composite_index(FRAME, CONFIG)
    assert result["dynamics_index"].round(4).tolist()[:5] == [-1.4142, 0.0, 0.0, 0.0, 1.4142]
    assert result["dynamics_class"].tolist()[:5] == ["+", "±", "±", "±", "−"]
    assert result["dynamics_label"].tolist()[:5] == [
        "positiv",
        "stabil",
        "stabil",
        "stabil",
        "negativ",
    ]
    assert pd.isna(result.loc["F", "dynamics_class"])


def test_weights_change_the_index() -> None:
    # (3 z_a + z_b) / 4 in units: [-2, -0.75, -0.25, 1, 2]; SD sqrt(9.625 / 4) = 1.5512
    config = IndexConfig(("a", "b"), (3.0, 1.0))
    result = composite_index(FRAME, config)
    assert result["status_index"].round(4).tolist()[:5] == [
        -1.2893,
        -0.4835,
        -0.1612,
        0.6447,
        1.2893,
    ]
    assert result["status_class"].tolist()[:5] == [1, 2, 2, 2, 3]
    assert result["dynamics_index"].isna().all()
    assert result["dynamics_class"].isna().all()


def test_higher_better_flips_sign() -> None:
    plain = composite_index(FRAME, IndexConfig(("a",), (1.0,)))
    flipped = composite_index(FRAME, IndexConfig(("a",), (1.0,), higher_better=frozenset({"a"})))
    np.testing.assert_allclose(
        flipped["status_index"].to_numpy()[:5], -plain["status_index"].to_numpy()[:5]
    )


def test_threshold_value_falls_into_lower_class() -> None:
    # x has mean 0 and sample SD 1, so the index is exactly [-1, 0, 1]
    frame = pd.DataFrame({"x": [-1.0, 0.0, 1.0], "inhabitants": [400] * 3})
    config = IndexConfig(("x",), (1.0,), status_thresholds=(-1.0, 0.0, 1.0))
    assert composite_index(frame, config)["status_class"].tolist() == [1, 2, 3]


def test_missing_indicator_value_gives_no_class() -> None:
    frame = FRAME.copy()
    frame.loc["B", "b"] = np.nan
    result = composite_index(frame, CONFIG)
    assert pd.isna(result.loc["B", "status_class"])
    assert result.loc["B", "dynamics_class"] == "±"


def test_input_not_mutated() -> None:
    frame = FRAME.copy()
    composite_index(frame, CONFIG)
    pd.testing.assert_frame_equal(frame, FRAME)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status_columns": ("a",), "status_weights": (1.0, 2.0)}, "Gewichte"),
        ({"status_columns": (), "status_weights": ()}, "mindestens ein Indikator"),
        ({"status_columns": ("a",), "status_weights": (-1.0,)}, "größer als 0"),
        ({"status_columns": ("a", "a"), "status_weights": (1.0, 1.0)}, "doppelt"),
        (
            {"status_columns": ("a",), "status_weights": (1.0,), "status_thresholds": (1.0, 0.0)},
            "aufsteigend",
        ),
        (
            {"status_columns": ("a",), "status_weights": (1.0,), "status_labels": ("x",)},
            "Bezeichnung",
        ),
        (
            {"status_columns": ("a",), "status_weights": (1.0,), "dynamics_threshold": 0.0},
            "Dynamik-Schwelle",
        ),
    ],
)
def test_invalid_config(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IndexConfig(**kwargs)  # type: ignore[arg-type]


def test_invalid_data() -> None:
    with pytest.raises(ValueError, match="Spalten fehlen"):
        composite_index(FRAME, IndexConfig(("zz",), (1.0,)))
    with pytest.raises(ValueError, match="alle Werte sind gleich"):
        composite_index(FRAME.assign(a=1.0), IndexConfig(("a",), (1.0,)))
    with pytest.raises(ValueError, match="mindestens zwei Gebiete"):
        composite_index(FRAME.assign(inhabitants=350).iloc[:1], IndexConfig(("a",), (1.0,)))
    with pytest.raises(ValueError, match="numerisch"):
        composite_index(FRAME.assign(a="x"), IndexConfig(("a",), (1.0,)))
    with pytest.raises(ValueError, match="Einwohner"):
        composite_index(FRAME.drop(columns="inhabitants"), CONFIG)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "1"),
        (4.0, "4"),
        ("2", "2"),
        ("+/-", "±"),
        ("-", "−"),
        ("+", "+"),
        ("±", "±"),
        (None, None),
        (np.nan, None),
        (pd.NA, None),
    ],
)
def test_normalise_class_label(value: object, expected: str | None) -> None:
    assert normalise_class_label(value) == expected


@pytest.mark.parametrize(
    ("computed", "published", "share"),
    [
        ([1, 2, 3, 4], [1, 2, 3, 4], 1.0),
        ([1, 2, 3, 4], [1, 2, 3, 3], 0.75),
        (["+", "±", "−", "±"], ["+", "+/-", "-", "-"], 0.75),
        # missing computed class counts as mismatch, missing published class is ignored
        ([None, 2, 3, 1], [1, 2, None, 1], 2 / 3),
    ],
)
def test_agreement(computed: list[object], published: list[object], share: float) -> None:
    assert agreement(
        pd.Series(computed, dtype=object), pd.Series(published, dtype=object)
    ) == pytest.approx(share)


def test_agreement_aligns_on_index_and_rejects_empty() -> None:
    computed = pd.Series([1, 2], index=["b", "a"])
    published = pd.Series([2, 1], index=["a", "b"])
    assert agreement(computed, published) == 1.0
    with pytest.raises(ValueError, match="keine veröffentlichten"):
        agreement(computed, pd.Series([None, None], index=["a", "b"], dtype=object))


def test_agreement_count_hand_worked() -> None:
    # published: a=1, b=2, c=<NA> (ignored), d=4 -> 3 areas; computed: a=1 ✓, b=3 ✗, d=4 ✓
    computed = pd.Series([1, 3, 2, 4], index=list("abcd"), dtype=object)
    published = pd.Series([1.0, 2.0, None, 4.0], index=list("abcd"), dtype=object)
    assert agreement_count(computed, published) == (2, 3)
    assert agreement(computed, published) == pytest.approx(2 / 3)
    # the MSS dynamics codes as published (+/-, -) against the computed symbols
    assert agreement_count(pd.Series(["±", "−"]), pd.Series(["+/-", "-"])) == (2, 2)


def test_mss_default_is_documented() -> None:
    method = mss_2021()
    config = method.config
    assert config.min_population == 300
    assert config.status_thresholds == (-1.0, 1.0, 1.5)
    assert config.dynamics_threshold == 1.0
    assert "Monitoring Soziale Stadtentwicklung" in config.source
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.min_population = 0  # type: ignore[misc]
    # the preset names the store's indicator ids, equal weights, the classes it reproduces
    assert method.indicators == (
        "mss_s1_unemployed",
        "mss_s3_transfer_recipients",
        "mss_s4_child_poverty",
        "mss_d1_unemployed_change",
        "mss_d3_transfer_recipients_change",
        "mss_d4_child_poverty_change",
    )
    assert config.status_weights == config.dynamics_weights == (1.0, 1.0, 1.0)
    assert config.higher_better == frozenset()
    assert config.population_column == "pop_total"
    assert (method.published_status, method.published_dynamics) == (
        "mss_status_index",
        "mss_dynamic_index",
    )


def test_dynamics_from_the_change_of_any_status_indicators() -> None:
    """Hand-worked, no published method: one share where higher is worse (a) and one quote
    where higher is better (b).  Changes: a +1, 0, −1, 0 (mean 0, SD √(2/3)); b 0, 0, 0, +3
    (mean 0,75, SD 1,5).  z(Δa) = (1,22, 0, −1,22, 0); −z(Δb) = (0,5, 0,5, 0,5, −1,5);
    mean = (0,862, 0,25, −0,362, −0,75), re-standardised."""
    from indicators.social.composite import dynamics_from_change

    now = pd.DataFrame(
        {"a": [6.0, 5.0, 4.0, 5.0], "b": [50.0, 50.0, 50.0, 53.0], "pop": [900] * 4},
        index=["w", "x", "y", "z"],
    )
    before = pd.DataFrame({"a": [5.0, 5.0, 5.0, 5.0], "b": [50.0] * 4}, index=now.index)
    config = IndexConfig(
        ("a", "b"), (1.0, 1.0), population_column="pop", higher_better=frozenset({"b"})
    )
    frame, cfg = dynamics_from_change(now, before, config)
    assert frame["Δ a"].tolist() == [1.0, 0.0, -1.0, 0.0]
    assert cfg.higher_better == {"b", "Δ b"}
    dyn = composite_index(frame, cfg)["dynamics_index"]
    raw = np.array([1.5 / np.sqrt(1.5) + 0.5, 0.5, -1.5 / np.sqrt(1.5) + 0.5, -1.5]) / 2
    expected = (raw - raw.mean()) / raw.std(ddof=1)
    assert dyn.to_numpy() == pytest.approx(expected)
    assert dyn.idxmax() == "w" and dyn.idxmin() == "z"  # worse share up / better quote up
