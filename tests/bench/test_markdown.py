"""BENCHMARKS.md: lists of records (the backtest) become readable tables, not a dict dump."""

from __future__ import annotations

from bench.__main__ import record_table


def test_record_table_rounds_numbers_and_keeps_text() -> None:
    rows = [
        {"case": "LOR 2021", "method": "model", "age_0_6": 12.5603566095, "n_areas": 542},
        {"case": "LOR 2021", "method": "constant", "age_0_6": 13.4436915219, "n_areas": 542},
    ]
    assert record_table(rows) == [
        "| case | method | age_0_6 | n_areas |",
        "|---|---|---|---|",
        "| LOR 2021 | model | 12.56 | 542 |",
        "| LOR 2021 | constant | 13.44 | 542 |",
    ]
