"""Properties of E2SFCA and of the per-area balance (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from indicators.access.balance import balance
from indicators.access.catchment import Points, e2sfca
from indicators.access.service_types import DecayConfig, ServiceType, SourceRef

DECAYS = st.sampled_from(
    [
        DecayConfig("step", (1 / 3, 2 / 3, 1.0), (1.0, 0.68, 0.22)),
        DecayConfig("gaussian"),
        DecayConfig("none"),
    ]
)


@st.composite
def scenes(draw: st.DrawFn) -> tuple[Points, Points]:
    """Up to 8 areas and 6 facilities in a ~7 × 7 km box around Berlin-Mitte."""
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 6))
    coords = st.floats(0.0, 0.1, allow_nan=False)
    # 0 or ≥ 0.01 places: subnormal demands (1e-313) overflow R_j = S_j / D and are no real input
    weights = st.one_of(st.just(0.0), st.floats(0.01, 500.0))
    d = Points(
        [f"a{k}" for k in range(n)],
        13.35 + draw(arrays(float, n, elements=coords)),
        52.48 + draw(arrays(float, n, elements=coords)) * 0.6,
        draw(arrays(float, n, elements=weights)),
    )
    s = Points(
        [f"f{k}" for k in range(m)],
        13.35 + draw(arrays(float, m, elements=coords)),
        52.48 + draw(arrays(float, m, elements=coords)) * 0.6,
        draw(arrays(float, m, elements=weights)),
    )
    return d, s


@settings(max_examples=150, deadline=None)
@given(scenes(), st.floats(100.0, 12_000.0), DECAYS, st.floats(1.0, 1.6))
def test_supply_is_conserved(
    scene: tuple[Points, Points], radius: float, decay: DecayConfig, detour: float
) -> None:
    demand, supply = scene
    r = e2sfca(demand, supply, radius, decay, detour)
    reached = r.facilities.loc[r.facilities["reaches_demand"], "capacity"].sum()
    delivered = (r.areas["demand"] * r.areas["access"]).sum()
    assert np.isclose(delivered, reached, rtol=1e-9, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(scenes(), st.sampled_from([DecayConfig("none"), DecayConfig("step")]))
def test_catchment_covering_everything_gives_the_global_ratio(
    scene: tuple[Points, Points], decay: DecayConfig
) -> None:
    """Radius 1,000 km: every pair is in the first zone, access = Σ supply / Σ demand."""
    demand, supply = scene
    total_d = float(np.sum(demand.weight))
    if total_d == 0:
        return
    r = e2sfca(demand, supply, 1_000_000.0, decay, 1.3)
    expected = float(np.sum(supply.weight)) / total_d
    assert np.allclose(r.areas["access"], expected, rtol=1e-9)


@settings(max_examples=150, deadline=None)
@given(scenes(), st.floats(100.0, 12_000.0), DECAYS, st.data())
def test_adding_capacity_never_increases_a_gap(
    scene: tuple[Points, Points], radius: float, decay: DecayConfig, data: st.DataObject
) -> None:
    demand, supply = scene
    j = data.draw(st.integers(0, len(supply.ids) - 1))
    extra = data.draw(st.floats(0.0, 300.0))
    more = np.asarray(supply.weight, float).copy()
    more[j] += extra
    before = e2sfca(demand, supply, radius, decay, 1.3).areas["gap"]
    after = e2sfca(demand, supply._replace(weight=more), radius, decay, 1.3).areas["gap"]
    shortfall_before, shortfall_after = -before, -after
    assert (shortfall_after <= shortfall_before + 1e-9).all()


SERVICE = ServiceType(
    id="u3", name="Kita unter 3", age_from=0, age_to=3, target_note="t", quota=0.5,
    quota_status="Annahme", quota_source=SourceRef("p", "pub", 2020), quota_note="n",
    quota_slider=(0.0, 1.0, 0.01), service_type="Kita", capacity_mode="places",
    capacity_share=None, catchment_radius_m=800.0, catchment_status="Annahme",
    catchment_rationale="r", decay=DecayConfig(),
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 300), min_size=4, max_size=4),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 200)), min_size=1, max_size=8),
    st.integers(0, 7),
    st.integers(1, 100),
    st.floats(0.0, 1.0),
)
def test_balance_sums_leaves_and_more_places_never_widen_a_gap(
    pops: list[int], facs: list[tuple[int, int]], pick: int, extra: int, quota: float
) -> None:
    areas = ["a", "b", "c", "d"]
    pop = pd.DataFrame({"area_id": areas, "age_from": 0, "age_to": 3, "count": pops}).astype(
        {"count": float}
    )
    fac = pd.DataFrame(
        {
            "facility_id": [f"k{i}" for i in range(len(facs))],
            "service_type": "Kita",
            "capacity": [float(c) for _, c in facs],
            "area_id": [areas[a] for a, _ in facs],
        }
    )
    parents = pd.DataFrame(
        {"area_id": [*areas, "X", "Z"], "parent_id": ["X", "X", "Z", "Z", "Z", None],
         "level": ["PLR"] * 4 + ["BZR", "Bezirk"]}
    )  # fmt: skip
    out = balance(pop, fac, SERVICE, quota=quota, parents=parents).set_index("area_id")
    leaves = out.loc[areas]
    assert np.isclose(out.loc["Z", "demand"], leaves["demand"].sum())
    assert np.isclose(out.loc["Z", "supply"], leaves["supply"].sum())
    assert np.isclose(out.loc["X", "gap"], leaves.loc[["a", "b"], "gap"].sum())
    bigger = fac.copy()
    bigger.loc[pick % len(fac), "capacity"] += extra
    out2 = balance(pop, bigger, SERVICE, quota=quota, parents=parents).set_index("area_id")
    assert (out2["gap"] >= out["gap"]).all()
