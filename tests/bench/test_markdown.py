"""BENCHMARKS.md: lists of records (the backtest) become readable tables, not a dict dump."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_repeated_runs_give_the_median_and_the_spread() -> None:
    from bench.__main__ import combine

    runs = [
        {"browser_rerun_bedarf_angebot_s": 0.47, "map_bytes_plr": 347494, "backtest_mape": [1]},
        {"browser_rerun_bedarf_angebot_s": 0.55, "map_bytes_plr": 347494, "backtest_mape": [2]},
        {"browser_rerun_bedarf_angebot_s": 0.51, "map_bytes_plr": 347494},
    ]
    figures, spread = combine(runs)
    assert figures["browser_rerun_bedarf_angebot_s"] == 0.51
    assert spread["browser_rerun_bedarf_angebot_s"] == (0.47, 0.55)
    assert figures["map_bytes_plr"] == 347494 and spread["map_bytes_plr"] == (347494, 347494)
    assert figures["backtest_mape"] == [2] and "backtest_mape" not in spread  # a table: last run


def test_writing_keeps_the_sections_written_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bench.__main__ as bench_main

    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nalt\n\n## Öffentliche Kapazität\n\n| 20 | 0,28 s |\n")
    monkeypatch.setattr(bench_main, "ROOT", tmp_path)
    bench_main.write_markdown(
        {"build_s": 19.06, "browser_rerun_projektion_s": 0.39},
        {},
        False,
        {"build_s": (18.5, 21.0), "browser_rerun_projektion_s": (0.37, 0.41)},
        runs=3,
    )
    text = path.read_text()
    assert "| `build_s` | 19.0600 | 18.5000 – 21.0000 |" in text
    assert "- `browser_rerun_projektion_s`: 0.39 (0.3700 – 0.4100)" in text
    assert "`python -m bench --runs 3`" in text and "alt" not in text
    assert text.endswith("## Öffentliche Kapazität\n\n| 20 | 0,28 s |\n")
