"""What other features may use of "Bevölkerungsprognose": the projection's scope and results."""

from features.projection.cache import (
    parameters,
    periods,
    projected_age_bands,
    scope,
    tree,
)

__all__ = [
    "VARIANT_DE",
    "parameters",
    "periods",
    "projected_age_bands",
    "scope",
    "tree",
]
from features.projection.model import VARIANT_DE
