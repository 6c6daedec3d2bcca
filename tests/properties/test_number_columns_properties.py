"""The column formatters of "Bedarf und Angebot" give exactly the scalar German formats."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from components.formatting import fmt_int, fmt_number, fmt_percent, fmt_signed
from components.number_columns import fmt_ints, fmt_numbers

# ties like 0,125 / 2,5 / 1,005 are the hard cases: mix them in on purpose
halves = st.integers(-(10**7), 10**7).map(lambda n: n / 2) | st.integers(-(10**6), 10**6).map(
    lambda n: n / 1000 + 0.0005
)
values = st.lists(
    # |x| ≤ 1e15: beyond ~1e27 the scalar formatter itself raises (decimal precision)
    st.floats(-1e15, 1e15) | st.sampled_from([float("nan"), float("inf"), -0.0]) | halves,
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(xs=values, decimals=st.integers(0, 3))
def test_same_text_as_the_scalar_formatters(xs: list[float], decimals: int) -> None:
    assert fmt_numbers(xs, decimals) == [fmt_number(x, decimals) for x in xs]
    assert fmt_numbers(xs, decimals, signed=True) == [fmt_signed(x, decimals) for x in xs]
    assert fmt_numbers(xs, decimals, percent=True) == [fmt_percent(x, decimals) for x in xs]
    assert fmt_ints(xs) == [fmt_int(x) for x in xs]
