"""The demo catalogue exercises an internal indicator (public: false) with a stated reason."""

from __future__ import annotations

from pathlib import Path

import yaml

CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "catalogue" / "berlin_indicators.yaml"


def test_demo_catalogue_marks_the_migration_balance_of_small_children_internal() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = {e["indicator_id"]: e for e in yaml.safe_load(text)["indicators"]}
    assert entries["mss_k13_migration_balance_under_6"]["public"] is False
    # the other MSS context indicators stay public (the anchor's default)
    assert entries["mss_k12_migration_balance"]["public"] is True
    block = text.split("indicator_id: mss_k13_migration_balance_under_6", 1)[1].split("- <<:", 1)[0]
    assert "# Nur intern:" in block  # the reason stands in the entry
