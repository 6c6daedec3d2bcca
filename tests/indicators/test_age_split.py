"""Band → single-age split and sex split (indicators/projection/age_split.py)."""

from __future__ import annotations

import numpy as np
import pytest

from indicators.projection.age_split import (
    parse_band_labels,
    split_bands,
    split_population,
    split_sex,
    stationary_reference,
)


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["00_01", "01_02", "02_03", "03_05"], ((0, 1), (1, 2), (2, 3), (3, 5))),
        (["90_95", "95_110"], ((90, 95), (95, 101))),
    ],
)
def test_parse_band_labels(labels: list[str], expected: tuple[tuple[int, int], ...]) -> None:
    assert parse_band_labels(labels) == expected


@pytest.mark.parametrize(
    ("counts", "bands", "reference", "expected"),
    [
        ([6.0, 4.0], [(0, 3), (3, 5)], None, [2, 2, 2, 2, 2]),
        ([6.0, 4.0], [(0, 3), (3, 5)], [1, 2, 3, 3, 1], [1, 2, 3, 3, 1]),
        ([9.0], [(0, 3)], [0, 0, 0], [3, 3, 3]),  # reference 0 in band -> uniform
        ([10.0, 0.0], [(0, 1), (1, 4)], [5, 1, 1, 2], [10, 0, 0, 0]),
    ],
)
def test_split_bands_hand_worked(
    counts: list[float], bands: list[tuple[int, int]], reference: list[float] | None,
    expected: list[float],
) -> None:  # fmt: skip
    ref = None if reference is None else np.array(reference, dtype=float)
    assert split_bands(np.array(counts), bands, ref).tolist() == pytest.approx(expected)


def test_split_bands_keeps_band_totals_for_many_areas() -> None:
    counts = np.array([[37.0, 25.0, 24.0, 49.0, 3.0], [18.0, 9.0, 18.0, 27.0, 0.0]])
    bands = ((0, 1), (1, 2), (2, 3), (3, 5), (5, 101))
    out = split_bands(counts, bands, np.linspace(2, 1, 101))
    assert out.shape == (2, 101)
    assert out[:, 3:5].sum(axis=1).tolist() == pytest.approx([49.0, 27.0])
    assert out[:, 5:].sum(axis=1).tolist() == pytest.approx([3.0, 0.0])


@pytest.mark.parametrize(
    ("bands", "message"),
    [([(1, 3)], "bei Alter 0"), ([(0, 2), (3, 5)], "lückenlos"), ([(0, 0)], "leer")],
)
def test_split_bands_rejects_bad_bands(bands: list[tuple[int, int]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split_bands(np.ones(len(bands)), bands)


def test_split_bands_rejects_negative_counts_and_bad_labels() -> None:
    with pytest.raises(ValueError, match="nicht negativ"):
        split_bands(np.array([-1.0]), [(0, 2)])
    with pytest.raises(ValueError, match="Format"):
        parse_band_labels(["E_E1U6"])


def test_split_sex_meets_female_total_and_keeps_ages() -> None:
    total = np.array([[100.0, 100.0, 50.0], [10.0, 0.0, 30.0]])
    female = np.array([140.0, 5.0])
    out = split_sex(total, female, np.array([0.45, 0.5, 0.7]))
    assert out.shape == (2, 2, 3)
    assert out[:, 1].sum(axis=1).tolist() == pytest.approx([140.0, 5.0], abs=1e-9)
    assert out.sum(axis=1).tolist() == [pytest.approx(r) for r in total.tolist()]
    # the odds shift keeps the reference order: oldest age has the highest female share
    shares = out[0, 1] / total[0]
    assert shares[0] < shares[1] < shares[2]


@pytest.mark.parametrize(("female", "expected_f"), [(0.0, [0.0, 0.0]), (30.0, [10.0, 20.0])])
def test_split_sex_extremes(female: float, expected_f: list[float]) -> None:
    out = split_sex(np.array([10.0, 20.0]), np.array(female), np.array([0.5, 0.5]))
    assert out[1].tolist() == pytest.approx(expected_f, abs=1e-9)


def test_split_sex_rejects_impossible_female_total() -> None:
    with pytest.raises(ValueError, match="zwischen 0 und der Gesamtzahl"):
        split_sex(np.array([10.0]), np.array(11.0), np.array([0.5]))


def test_stationary_reference_and_split_population() -> None:
    qx = np.stack([np.full(101, 0.02), np.full(101, 0.01)])
    ref, share = stationary_reference(qx, 1.05)
    # age 0: L0 = 1 - 0.9 q0 -> 0.982 (m), 0.991 (f); births 1.05 boys per girl
    assert share[0] == pytest.approx(0.991 / (0.991 + 1.05 * 0.982))
    assert share[60] > share[1]  # women survive longer
    pop = split_population(
        np.array([[12.0, 88.0]]), ((0, 18), (18, 101)), np.array([50.0]), ref, share
    )
    assert pop.shape == (1, 2, 101)
    assert pop[0, :, :18].sum() == pytest.approx(12.0)
    assert pop[0, 1].sum() == pytest.approx(50.0, abs=1e-9)
