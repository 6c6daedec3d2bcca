"""Presets of the social index: a published method with its indicators, offered when present.

A preset names the indicator ids (as a store holds them) of a published composite index, the
method's parameters (:class:`~indicators.social.composite.IndexConfig`: thresholds, minimum
population, source) and the indicators that hold the published classes, so that the page can
show how far its own calculation agrees.  A store without those indicators is not offered the
preset; the planner then chooses indicators and their direction freely.

The only preset today reproduces the published 2021 classes of the monitoring the method
module describes (tests/indicators/test_mss_reproduction.py); its indicator ids are those the
demo build writes (data_layer/build/adapters).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

from indicators.social.composite import MSS_2021_DEFAULT, IndexConfig

__all__ = ["PRESETS", "IndexPreset", "available_presets"]


@dataclass(frozen=True)
class IndexPreset:
    """A published index method on the indicator ids of a store.

    ``config`` has the store's indicator ids as columns; ``published_status`` and
    ``published_dynamics`` hold the published classes (``None``: none published).
    """

    key: str
    label: str
    config: IndexConfig
    published_status: str | None = None
    published_dynamics: str | None = None

    @property
    def indicators(self) -> tuple[str, ...]:
        return (*self.config.status_columns, *self.config.dynamics_columns)

    def available(self, indicator_ids: Collection[str]) -> bool:
        """Every indicator of the preset is among ``indicator_ids``."""
        return all(i in indicator_ids for i in self.indicators)


def _on_ids(config: IndexConfig, ids: dict[str, str]) -> IndexConfig:
    return dataclasses.replace(
        config,
        status_columns=tuple(ids[c] for c in config.status_columns),
        dynamics_columns=tuple(ids[c] for c in config.dynamics_columns),
        population_column="pop_total",
    )


PRESETS: tuple[IndexPreset, ...] = (
    IndexPreset(
        key="mss2021",
        label="Monitoring Soziale Stadtentwicklung 2021 (Nachbildung)",
        config=_on_ids(
            MSS_2021_DEFAULT,
            {
                "s1_percentage_unemployed": "mss_s1_unemployed",
                "s3_percentage_transfer_payments_recipients": "mss_s3_transfer_recipients",
                "s4_percentage_transfer_payments_recipients_below_15_years": (
                    "mss_s4_child_poverty"
                ),
                "d1_percentage_unemployed": "mss_d1_unemployed_change",
                "d3_percentage_transfer_payments_recipients": "mss_d3_transfer_recipients_change",
                "d4_percentage_transfer_payments_recipients_below_15_years": (
                    "mss_d4_child_poverty_change"
                ),
            },
        ),
        published_status="mss_status_index",
        published_dynamics="mss_dynamic_index",
    ),
)


def available_presets(indicator_ids: Collection[str]) -> tuple[IndexPreset, ...]:
    """The presets whose indicators are all among ``indicator_ids``.

    >>> [p.key for p in available_presets({"mss_s1_unemployed"})]
    []
    >>> [p.key for p in available_presets(PRESETS[0].indicators)]
    ['mss2021']
    """
    return tuple(p for p in PRESETS if p.available(indicator_ids))
