"""What other features may use of "Bevölkerungsprognose": the projection's scope and results."""

from features.projection.cache import (
    parameters,
    periods,
    projected_age_bands,
    scope,
    tree,
)
from features.projection.carry import PARAMS as SCENARIO_PARAMS
from features.projection.carry import (
    SCENARIO,
    CarriedScenario,
)
from features.projection.carry import age_bands as scenario_age_bands
from features.projection.carry import from_url as scenario_from_url
from features.projection.carry import requested as scenario_requested

__all__ = [
    "SCENARIO",
    "SCENARIO_PARAMS",
    "CarriedScenario",
    "scenario_age_bands",
    "scenario_from_url",
    "scenario_requested",
    "VARIANT_DE",
    "parameters",
    "periods",
    "projected_age_bands",
    "scope",
    "tree",
]
from features.projection.model import VARIANT_DE
