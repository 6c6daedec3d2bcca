"""Hand-worked tables for indicators.social.classify."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.social.classify import (
    NO_DATA_COLOR,
    classify,
    fixed_breaks_across_periods,
    format_de,
    palette,
    text_color_for,
)

MSS_2021 = (
    Path(__file__).resolve().parents[2] / "data/raw/berlin_lor/social/berlin_mss2021_plr2021.csv"
)
FIVE = pd.Series([2.0, 4.0, 6.0, 8.0, 20.0], index=list("abcde"))


@pytest.mark.parametrize(
    ("method", "k", "breaks", "labels", "classes"),
    [
        # equal: linspace(2, 20, 4)
        (
            "equal",
            3,
            (2, 8, 14, 20),
            ("2,0 bis unter 8,0", "8,0 bis unter 14,0", "14,0 bis 20,0"),
            [0, 0, 0, 1, 2],
        ),
        # quantile (linear interpolation): 25 % -> 4, 50 % -> 6, 75 % -> 8; 4 and 6 open their class
        (
            "quantile",
            4,
            (2, 4, 6, 8, 20),
            ("2,0 bis unter 4,0", "4,0 bis unter 6,0", "6,0 bis unter 8,0", "8,0 bis 20,0"),
            [0, 1, 2, 3, 3],
        ),
        # jenks k=2: {2,4,6,8} | {20}; edge = midpoint (8 + 20) / 2 = 14
        ("jenks", 2, (2, 14, 20), ("2,0 bis unter 14,0", "14,0 bis 20,0"), [0, 0, 0, 0, 1]),
        # jenks k=3: {2,4} {6,8} {20} (SSD 2+2+0 = 4 beats 8 of the alternatives); edges 5 and 14
        (
            "jenks",
            3,
            (2, 5, 14, 20),
            ("2,0 bis unter 5,0", "5,0 bis unter 14,0", "14,0 bis 20,0"),
            [0, 0, 1, 1, 2],
        ),
        # stddev k=2: mean 8 is the only inner edge
        ("stddev", 2, (2, 8, 20), ("2,0 bis unter 8,0", "8,0 bis 20,0"), [0, 0, 0, 1, 1]),
    ],
)
def test_five_value_tables(
    method: str, k: int, breaks: tuple[float, ...], labels: tuple[str, ...], classes: list[int]
) -> None:
    result = classify(FIVE, method, k)
    assert result.breaks == pytest.approx(breaks)
    assert result.labels == labels
    assert result.classes.tolist() == classes
    assert list(result.classes.index) == list("abcde")
    assert result.k == k
    assert result.note is None


def test_stddev_symmetric_five_values() -> None:
    # mean 3, sample SD sqrt(2.5) = 1.5811; edges 3 -/+ 0.5 SD = 2.2094 / 3.7906
    result = classify(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), "stddev", 3)
    assert result.breaks == pytest.approx((1.0, 2.2094306, 3.7905694, 5.0))
    assert result.labels == ("1,0 bis unter 2,2", "2,2 bis unter 3,8", "3,8 bis 5,0")
    assert result.classes.tolist() == [0, 0, 1, 2, 2]


def test_stddev_drops_edges_outside_range_and_says_so() -> None:
    # mean 8, SD sqrt(50) = 7.0711: edges 0.93 (< min 2, dropped), 8, 15.07 -> 3 classes
    result = classify(FIVE, "stddev", 4)
    assert result.breaks == pytest.approx((2.0, 8.0, 15.0710678, 20.0))
    assert result.k == 3
    assert (
        result.note
        == "Nur 3 statt 4 Klassen möglich (zu wenige unterschiedliche Werte oder gleiche Klassengrenzen)."
    )
    assert result.method_label == "Standardabweichungen (3 Klassen)"


@pytest.mark.parametrize(
    ("method", "k", "label"),
    [
        ("quantile", 5, "Quantile (5 Klassen)"),
        ("equal", 4, "Gleiche Intervalle (4 Klassen)"),
        ("jenks", 3, "Natürliche Grenzen (Fisher-Jenks, 3 Klassen)"),
        ("stddev", 2, "Standardabweichungen (2 Klassen)"),
    ],
)
def test_method_labels(method: str, k: int, label: str) -> None:
    values = pd.Series(np.arange(20, dtype=float))
    assert classify(values, method, k).method_label == label


def test_missing_values_get_minus_one() -> None:
    values = pd.Series([1.0, None, 3.0, float("nan")], index=["x", "y", "z", "w"])
    result = classify(values, "equal", 2)
    assert result.classes.tolist() == [0, -1, 1, -1]
    assert result.classes.dtype == "int64"


def test_all_nan() -> None:
    result = classify(pd.Series([np.nan, np.nan]), "quantile", 4)
    assert (result.breaks, result.labels, result.k) == ((), (), 0)
    assert result.classes.tolist() == [-1, -1]
    assert result.note == "Keine Werte vorhanden."


@pytest.mark.parametrize(
    ("values", "method", "k", "breaks", "classes"),
    [
        ([1.0, 1.0, 1.0, 2.0], "jenks", 4, (1.0, 1.5, 2.0), [0, 0, 0, 1]),
        ([1.0, 1.0, 1.0, 2.0], "equal", 4, (1.0, 1.5, 2.0), [0, 0, 0, 1]),
        # quantile: all quantiles up to the median are 1 -> edges collapse to one class
        ([1.0, 1.0, 1.0, 1.0, 2.0], "quantile", 4, (1.0, 2.0), [0, 0, 0, 0, 0]),
    ],
)
def test_fewer_distinct_values_than_k(
    values: list[float], method: str, k: int, breaks: tuple[float, ...], classes: list[int]
) -> None:
    result = classify(pd.Series(values), method, k)
    assert result.breaks == breaks
    assert result.classes.tolist() == classes
    assert result.k == len(breaks) - 1
    assert (
        result.note
        == f"Nur {result.k} statt {k} Klassen möglich (zu wenige unterschiedliche Werte oder gleiche Klassengrenzen)."
    )


def test_constant_values_one_class() -> None:
    result = classify(pd.Series([3.0, 3.0, 3.0]), "jenks", 5)
    assert result.breaks == (3.0, 3.0)
    assert result.labels == ("3,0",)
    assert result.classes.tolist() == [0, 0, 0]


def test_ties_at_a_break_go_to_the_upper_class() -> None:
    result = classify(pd.Series([0.0, 5.0, 5.0, 10.0]), "equal", 2)
    assert result.breaks == (0.0, 5.0, 10.0)
    assert result.classes.tolist() == [0, 1, 1, 1]


def test_fixed_breaks_outside_values_go_to_outer_classes() -> None:
    result = classify(pd.Series([-5.0, 0.0, 3.0, 20.0, 10.0]), "equal", 3, breaks=[0, 5, 10, 15])
    assert result.breaks == (0.0, 5.0, 10.0, 15.0)
    assert result.classes.tolist() == [0, 0, 0, 2, 2]
    assert result.labels == ("unter 5,0", "5,0 bis unter 10,0", "10,0 und mehr")
    assert result.method_label == "Gleiche Intervalle (3 Klassen), feste Klassengrenzen"


def test_fixed_breaks_inside_range_keep_normal_labels_and_report_k_mismatch() -> None:
    result = classify(pd.Series([1.0, 6.0, 14.0]), "quantile", 5, breaks=[0, 5, 10, 15])
    assert result.labels == ("0,0 bis unter 5,0", "5,0 bis unter 10,0", "10,0 bis 15,0")
    assert result.classes.tolist() == [0, 1, 2]
    assert result.note == "Die festen Klassengrenzen ergeben 3 Klassen (angefragt: 5)."


def test_fixed_breaks_across_periods_pools_values() -> None:
    periods = {"2021": pd.Series([1.0, 2.0, 3.0]), "2023": pd.Series([4.0, 5.0, 6.0, None])}
    assert fixed_breaks_across_periods(periods, "quantile", 2) == [1.0, 3.5, 6.0]
    assert fixed_breaks_across_periods(periods, "equal", 5) == pytest.approx(
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    )


def test_fixed_breaks_across_periods_errors() -> None:
    with pytest.raises(ValueError, match="Mindestens ein Zeitpunkt"):
        fixed_breaks_across_periods({}, "equal", 3)
    with pytest.raises(ValueError, match="keinen Zeitpunkt"):
        fixed_breaks_across_periods({"2021": pd.Series([np.nan])}, "equal", 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "natural", "k": 3}, "Unbekannte Klassifizierungsmethode"),
        ({"method": "equal", "k": 0}, "Klassenzahl"),
        ({"method": "equal", "k": 10}, "Klassenzahl"),
        ({"method": "equal", "k": 3, "breaks": [0, 5, 5]}, "streng aufsteigend"),
        ({"method": "equal", "k": 3, "breaks": [1]}, "mindestens zwei"),
    ],
)
def test_invalid_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        classify(FIVE, **kwargs)  # type: ignore[arg-type]


def test_non_numeric_and_infinite_values_rejected() -> None:
    with pytest.raises(ValueError, match="numerisch"):
        classify(pd.Series(["a", "b"]), "equal", 2)
    with pytest.raises(ValueError, match="unendlich"):
        classify(pd.Series([1.0, math.inf]), "equal", 2)


def test_input_not_mutated() -> None:
    values = FIVE.copy()
    classify(values, "jenks", 3)
    pd.testing.assert_series_equal(values, FIVE)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(1234.56, 1, "1.234,6"), (0.5, 0, "0"), (-3.25, 2, "-3,25"), (-0.01, 1, "0,0")],
)
def test_format_de(value: float, decimals: int, text: str) -> None:
    assert format_de(value, decimals) == text


def test_decimals_in_labels() -> None:
    assert classify(FIVE, "equal", 3, decimals=0).labels == (
        "2 bis unter 8",
        "8 bis unter 14",
        "14 bis 20",
    )


@pytest.mark.filterwarnings("ignore:Numba not installed:UserWarning")
@pytest.mark.parametrize("k", [2, 5, 9])
def test_jenks_matches_mapclassify_on_mss_child_poverty(k: int) -> None:
    import mapclassify

    values = pd.read_csv(MSS_2021)["s4_percentage_transfer_payments_recipients_below_15_years"]
    reference = mapclassify.FisherJenks(values.to_numpy(), k=k)
    assert classify(values, "jenks", k).classes.tolist() == np.asarray(reference.yb).tolist()


# ------------------------------------------------------------------------ palettes


def test_palette_higher_worse_five() -> None:
    assert palette(5, "higher_worse") == [
        (255, 255, 204),
        (254, 217, 118),
        (253, 141, 60),
        (227, 26, 28),
        (128, 0, 38),
    ]


def test_palette_higher_better_puts_strong_colour_on_low_values() -> None:
    assert palette(5, "higher_better") == palette(5, "higher_worse")[::-1]
    assert palette(4, "higher_better")[0] == (128, 0, 38)


def test_palette_neutral_blue() -> None:
    assert palette(3, "neutral") == [(247, 251, 255), (107, 174, 214), (8, 48, 107)]
    assert palette(1, "neutral") == [(107, 174, 214)]


@pytest.mark.parametrize("k", range(1, 10))
def test_palette_lengths_distinct_and_no_data_colour_separate(k: int) -> None:
    for polarity in ("higher_worse", "higher_better", "neutral"):
        colours = palette(k, polarity)
        assert len(colours) == len(set(colours)) == k
        assert NO_DATA_COLOR not in colours


def test_palette_errors() -> None:
    with pytest.raises(ValueError, match="Polarität"):
        palette(3, "up")
    with pytest.raises(ValueError, match="Klassenzahl"):
        palette(10, "neutral")


@pytest.mark.parametrize(
    ("rgb", "text"),
    [
        ((255, 255, 255), (0, 0, 0)),
        ((0, 0, 0), (255, 255, 255)),
        ((128, 0, 38), (255, 255, 255)),
        ((255, 255, 204), (0, 0, 0)),
        ((8, 48, 107), (255, 255, 255)),
        # luminance 0.1845: black 4.69:1 beats white 4.48:1
        ((119, 119, 119), (0, 0, 0)),
        ((204, 204, 204), (0, 0, 0)),
    ],
)
def test_text_color_for(rgb: tuple[int, int, int], text: tuple[int, int, int]) -> None:
    assert text_color_for(rgb) == text


def test_text_color_rejects_bad_rgb() -> None:
    with pytest.raises(ValueError, match="RGB"):
        text_color_for((256, 0, 0))
