"""The fixed data of the page Bevölkerungsprognose (one store): scope, periods, areas, variants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from components.formatting import fmt_date
from data_layer.read.projection_scope import ProjectionScope
from features.projection import cache as dp
from features.projection import model as pm
from indicators.projection.inputs import MAX_END_YEAR

#: End year of the middle variant that seeds the sliders (and the default end year).
DEFAULT_END_YEAR = 2040


@dataclass(frozen=True)
class PageData:
    """What the page needs before any widget: parameters, periods, area tree and scope.

    ``base_period``: the base Stichtag (``YYYY-12-31``); ``start_period``: start of the
    migration base period; ``volumes``: low/middle/high net migration per year.
    """

    params: dict[str, Any]
    base_period: str
    start_period: str
    base_year: int
    tree: pd.DataFrame
    scope: ProjectionScope
    volumes: dict[str, float]

    @property
    def years(self) -> list[int]:
        """The projected years the end year may take."""
        return list(range(self.base_year + 1, MAX_END_YEAR + 1))

    @property
    def levels(self) -> list[str]:
        """Area levels of the projected system, coarsest first."""
        levels = self.tree.drop_duplicates("level").sort_values("level_rank")["level"]
        return [str(v) for v in levels]

    @property
    def default_level(self) -> str:
        """The projected (finest) level if it is in the tree, else the last level."""
        levels = self.levels
        return self.scope.level if self.scope.level in levels else levels[-1]

    @property
    def period_text(self) -> str:
        """The migration base period in German, e.g. ``30.06.2021–31.12.2024``."""
        return f"{fmt_date(self.start_period)}–{fmt_date(self.base_period)}"

    def areas(self, level: str) -> pd.DataFrame:
        """Rows of the area tree on ``level``."""
        return self.tree.loc[self.tree["level"] == level]

    def middle(self, end_year: int = DEFAULT_END_YEAR) -> pm.Settings:
        """The middle variant's settings up to ``end_year``."""
        return pm.variant_settings(self.params, "middle", end_year, self.volumes)


def load() -> PageData:
    """The page's data from the (cached) store readers."""
    base_period, start_period = dp.periods()
    return PageData(
        params=dp.parameters(),
        base_period=base_period,
        start_period=start_period,
        base_year=dp.inputs().base_year,
        tree=dp.tree(),
        scope=dp.scope(),
        volumes=dp.volumes().as_dict(),
    )
