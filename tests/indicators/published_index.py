"""The demo's published social index method as the app reads it (data/parameters/social_index.yaml).

The method names the store's indicator ids; the published source tables (data/raw/berlin_lor/social)
use the report's own column names, mapped here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from indicators.social.composite import IndexConfig
from indicators.social.presets import PublishedIndexMethod, parse_published_methods

PARAMETERS = Path(__file__).resolve().parents[2] / "data/parameters/social_index.yaml"

#: store indicator id -> column of the published MSS 2021 table
RAW_COLUMNS = {
    "mss_s1_unemployed": "s1_percentage_unemployed",
    "mss_s3_transfer_recipients": "s3_percentage_transfer_payments_recipients",
    "mss_s4_child_poverty": "s4_percentage_transfer_payments_recipients_below_15_years",
    "mss_d1_unemployed_change": "d1_percentage_unemployed",
    "mss_d3_transfer_recipients_change": "d3_percentage_transfer_payments_recipients",
    "mss_d4_child_poverty_change": "d4_percentage_transfer_payments_recipients_below_15_years",
}


def mss_2021() -> PublishedIndexMethod:
    """The Monitoring Soziale Stadtentwicklung 2021 preset of the demo."""
    methods = parse_published_methods(yaml.safe_load(PARAMETERS.read_text(encoding="utf-8")))
    (method,) = [m for m in methods if m.key == "mss2021"]
    return method


def mss_2021_on_raw_columns() -> IndexConfig:
    """The preset's method on the columns of the published table (residents: ``inhabitants``)."""
    config = mss_2021().config
    return dataclasses.replace(
        config,
        status_columns=tuple(RAW_COLUMNS[c] for c in config.status_columns),
        dynamics_columns=tuple(RAW_COLUMNS[c] for c in config.dynamics_columns),
        higher_better=frozenset(RAW_COLUMNS[c] for c in config.higher_better),
        population_column="inhabitants",
    )
