"""The cell-key method: stored perturbation table, keys, perturbation, plan and attack."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from indicators.disclosure.attack import attack_boxes
from indicators.disclosure.cellkey import (
    cell_keys,
    check_ptable,
    make_ptable,
    original_bounds,
    perturb,
)
from indicators.disclosure.perturb import audit_cellkey, plan_cellkey
from indicators.disclosure.plan import DisclosureSettings

PARAMS = Path(__file__).resolve().parents[2] / "data" / "parameters"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(PARAMS / "cellkey_ptable.csv")


def test_stored_ptable_is_the_one_of_the_documented_parameters(table: pd.DataFrame) -> None:
    block = yaml.safe_load((PARAMS / "disclosure.yaml").read_text(encoding="utf-8"))["cell_key"]
    assert (block["max_noise"], block["variance"]) == (2, 1)
    assert block["ptable"] == "cellkey_ptable.csv"
    rebuilt = make_ptable(2, 1.0)
    assert np.allclose(table.to_numpy(dtype=float), rebuilt.to_numpy(dtype=float), atol=2e-6)
    assert check_ptable(table, 2) == []


def test_ptable_rows_have_mean_zero_variance_one_and_keep_zero(table: pd.DataFrame) -> None:
    assert table[table["i"] == 0][["noise", "p"]].values.tolist() == [[0.0, 1.0]]
    for i, grp in table[table["i"] > 0].groupby("i"):
        e, p = grp["noise"].to_numpy(), grp["p"].to_numpy()
        assert abs(p.sum() - 1) < 1e-9
        assert abs((p * e).sum()) < 1e-5  # unbiased
        assert abs((p * e**2).sum() - 1.0) < 1e-5  # V = 1
        assert e.min() == -min(int(i), 2) and e.max() == 2  # never below 0, at most D = 2
    # a 1 can be published as 0: a published 0 does not prove "nothing there"
    assert table[(table["i"] == 1) & (table["noise"] == -1)]["p"].item() > 0


def test_perturb_reads_the_key_interval(table: pd.DataFrame) -> None:
    # row i = 1: noise -1 for keys [0, 0.398065), 0 up to 0.703871, +1 up to 0.898065, +2 above;
    # row i = 2 serves every count from 2 on: key 0.0 -> -2, key 0.99 -> +2
    values = np.array([1.0, 1, 1, 1, 7, 7, 0, np.nan])
    keys = np.array([0.1, 0.5, 0.8, 0.95, 0.0, 0.99, 0.5, 0.5])
    out = perturb(values, keys, table)
    assert out[:7].tolist() == [0.0, 1.0, 2.0, 3.0, 5.0, 9.0, 0.0]
    assert np.isnan(out[7])


def test_cell_keys_are_stable_and_depend_on_the_secret() -> None:
    ids = ["P|A|2024|all|0|", "P|A|2024|all|0|", "P|B|2024|all|0|"]
    k1, k2 = cell_keys(ids, b"one"), cell_keys(ids, b"two")
    assert k1[0] == k1[1] and k1[0] != k1[2]
    assert (cell_keys(ids, b"one") == k1).all()  # the same cell, the same key, every build
    assert not np.isclose(k1, k2).any()  # without the secret the keys are unknown


def test_original_bounds_from_the_table(table: pd.DataFrame) -> None:
    # published 0: original 0, 1 (noise -1) or 2 (noise -2); published 1: 1, 2 or 3
    # (0 stays 0); published 3: 1 (+2) … 5 (-2); a non-integer numerator: within D = 2, >= 0
    lo, hi = original_bounds(
        np.array([0.0, 1.0, 3.0, 1.5]), table, np.array([True, True, True, False])
    )
    assert lo.tolist() == [0.0, 1.0, 1.0, 0.0]
    assert hi.tolist() == [2.0, 3.0, 5.0, 3.5]


def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    ids = ["P", "A", "B", "C"]
    pop = pd.DataFrame(
        {"area_id": ids, "period": "2024", "sex": "all", "age_from": 0, "age_to": None}
    ).assign(count=[620.0, 2.0, 0.0, 618.0])
    vals = pd.DataFrame(
        {
            "indicator_id": ["pop_total"] * 4 + ["share"] * 4,
            "area_id": ids * 2,
            "period": "2024",
            "value": [620.0, 2.0, 0.0, 618.0, 10.0, 50.0, np.nan, 100 * 60 / 618],
            "numerator": [None] * 4 + [62.0, 1.0, None, 60.0],
            "denominator": [None] * 4 + [620.0, 2.0, None, 618.0],
            "flag": "observed",
            "flag_reason": "",
        }
    )
    areas = pd.DataFrame({"area_id": ids, "parent_id": [None, "P", "P", "P"]})
    catalogue = pd.DataFrame(
        {
            "indicator_id": ["pop_total", "share"],
            "aggregation": ["sum", "ratio"],
            "unit": ["Personen", "%"],
            "count_threshold": [3, 3],
            "min_denominator": [0.0, 0.0],
            "derived": [False, False],
            "scale": [1.0, 100.0],
        }
    )
    return pop, vals, areas, catalogue


SETTINGS = DisclosureSettings(population_links={"pop_total": ("all", 0, None)})


@pytest.mark.parametrize("secret", [b"a", b"b", b"c", b"d"])
def test_plan_same_cell_same_noise_zeros_and_totals_kept(
    table: pd.DataFrame, secret: bytes
) -> None:
    pop, vals, areas, catalogue = _tables()
    plan = plan_cellkey(
        pop, vals, areas, catalogue, SETTINGS, table, secret, None, {"share": "pop_total"}
    )
    counts = plan.population["count"].tolist()
    assert counts[0] == 620.0  # the official total (top level) unchanged
    assert counts[2] == 0.0  # zero stays zero
    assert abs(counts[1] - 2) <= 2 and abs(counts[3] - 618) <= 2
    # the count indicator equal to the population cell shares its key: the same number
    assert plan.values["value"].tolist()[:4] == counts
    # the share of C is recomputed from its perturbed numerator over the perturbed residents
    share_c = plan.values["value"].tolist()[7]
    num_c = share_c * counts[3] / 100
    assert abs(num_c - round(num_c)) < 1e-9 and abs(round(num_c) - 60) <= 2
    # parts of the published share are removed, as under suppression
    assert plan.values["numerator"].iloc[4:].isna().all()
    assert pop["count"].tolist() == [620.0, 2.0, 0.0, 618.0]  # inputs untouched
    # the attack: A (2 persons, as population cell and as indicator) and the numerator 1 of
    # share A are the targets; none is recovered exactly
    report = audit_cellkey(plan, SETTINGS)
    assert report.cells == 3 and report.exact == ()


def test_attack_boxes_finds_a_count_pinned_by_a_sum() -> None:
    # parent 3 published as 1 (-2): original 1…3; three children of 1 each published
    # as 3 (+2): each 1…3 (0 stays 0, so each >= 1). 3 children >= 1 force the parent to 3,
    # and then every child is 3 - 1 - 1 = 1: the attacker recovers them exactly.
    cells = pd.DataFrame(
        {
            "cell_id": ["P", "a", "b", "c"],
            "value": [3.0, 1, 1, 1],
            "lo": [1.0, 1, 1, 1],
            "hi": [3.0, 3, 3, 3],
            "primary": [False, True, True, True],
        }
    )
    groups = pd.DataFrame(
        {"group_id": 0, "cell_id": ["P", "a", "b", "c"], "is_total": [True, False, False, False]}
    )
    report = attack_boxes(cells, groups, 3)
    assert report.exact == ("a", "b", "c")
    # the parent published as 3 (original 1…5): a child lies in [1, 3], not recovered
    cells.loc[0, "hi"] = 5.0
    report = attack_boxes(cells, groups, 3)
    assert report.exact == ()
    assert report.narrowest is not None and report.narrowest[1:] == (1.0, 3.0)
