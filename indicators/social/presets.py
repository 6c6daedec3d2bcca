"""Presets of the social index: published methods with their indicators, offered when present.

A preset (:class:`PublishedIndexMethod`) names the indicator ids (as a store holds them) of a
published composite index, the method's parameters (:class:`~indicators.social.composite.IndexConfig`:
weights, directions, thresholds, minimum population, source) and the indicators that hold the
published classes, so that the page can show how far its own calculation agrees.  A store
without those indicators is not offered the preset; the planner then chooses indicators and
their direction freely.

The methods are data, not code: the parameter set ``social_index``
(data/parameters/social_index.yaml, stored by the build) lists them and
:func:`parse_published_methods` turns it into presets.  The demo's method reproduces its
published classes (the reproduction test in tests/indicators).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from indicators.social.composite import IndexConfig

__all__ = ["PublishedIndexMethod", "available_presets", "parse_published_methods"]

_DIRECTIONS = ("higher_worse", "higher_better")


@dataclass(frozen=True)
class PublishedIndexMethod:
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


def _group(items: object, name: str) -> tuple[tuple[str, ...], tuple[float, ...], set[str]]:
    if items is None:
        return (), (), set()
    if not isinstance(items, Sequence) or isinstance(items, str):
        raise ValueError(f"{name}: eine Liste von Indikatoren wird erwartet.")
    ids, weights, better = [], [], set()
    for item in items:
        if not isinstance(item, Mapping) or not item.get("indicator"):
            raise ValueError(f"{name}: jeder Eintrag braucht einen Indikator.")
        ind = str(item["indicator"])
        direction = str(item.get("direction", "higher_worse"))
        if direction not in _DIRECTIONS:
            raise ValueError(f"{name}: unbekannte Richtung {direction!r} bei {ind!r}.")
        ids.append(ind)
        weights.append(float(item.get("weight", 1.0)))
        if direction == "higher_better":
            better.add(ind)
    return tuple(ids), tuple(weights), better


def _number(value: object) -> float:
    """A plain number or a block ``{value: …, unit: …}``."""
    raw = value.get("value") if isinstance(value, Mapping) else value
    if not isinstance(raw, int | float | str):
        raise ValueError(f"Zahl erwartet, nicht {raw!r}.")
    return float(raw)


def _method(raw: Mapping[str, Any]) -> PublishedIndexMethod:
    key = str(raw.get("key") or "")
    if not key:
        raise ValueError("Jede veröffentlichte Methode braucht einen Schlüssel (key).")
    status, s_weights, s_better = _group(raw.get("status"), f"{key}: Status")
    dyn, d_weights, d_better = _group(raw.get("dynamics"), f"{key}: Dynamik")
    defaults = IndexConfig(("x",), (1.0,))
    population = raw.get("population_indicator")
    config = IndexConfig(
        status_columns=status,
        status_weights=s_weights,
        dynamics_columns=dyn,
        dynamics_weights=d_weights,
        status_thresholds=tuple(
            _number(t) for t in raw.get("status_thresholds", defaults.status_thresholds)
        ),
        status_labels=tuple(str(x) for x in raw.get("status_labels", defaults.status_labels)),
        dynamics_threshold=_number(raw.get("dynamics_threshold", defaults.dynamics_threshold)),
        population_column=None if population is None else str(population),
        min_population=_number(raw.get("min_population", defaults.min_population)),
        higher_better=frozenset(s_better | d_better),
        source=str(raw.get("source") or ""),
    )
    status_pub, dyn_pub = raw.get("published_status"), raw.get("published_dynamics")
    return PublishedIndexMethod(
        key=key,
        label=str(raw.get("label") or key),
        config=config,
        published_status=None if status_pub is None else str(status_pub),
        published_dynamics=None if dyn_pub is None else str(dyn_pub),
    )


def parse_published_methods(raw: Mapping[str, Any] | None) -> tuple[PublishedIndexMethod, ...]:
    """The presets of the parameter set ``social_index`` (``None``/no ``methods``: none).

    Raises ``ValueError`` (German) for an incomplete method.

    >>> raw = {"methods": [{"key": "demo", "label": "Demo-Index",
    ...     "status": [{"indicator": "a", "weight": 2}, {"indicator": "b",
    ...                "direction": "higher_better"}],
    ...     "min_population": {"value": 250, "unit": "Einwohner"},
    ...     "population_indicator": "pop_total", "published_status": "demo_class"}]}
    >>> (m,) = parse_published_methods(raw)
    >>> m.indicators, m.config.status_weights, sorted(m.config.higher_better)
    (('a', 'b'), (2.0, 1.0), ['b'])
    >>> m.config.min_population, m.published_status, m.published_dynamics
    (250.0, 'demo_class', None)
    >>> parse_published_methods(None)
    ()
    """
    if not raw:
        return ()
    methods = raw.get("methods") or []
    if not isinstance(methods, Sequence) or isinstance(methods, str):
        raise ValueError("social_index: 'methods' muss eine Liste sein.")
    return tuple(_method(m) for m in methods if isinstance(m, Mapping))


def available_presets(
    methods: Sequence[PublishedIndexMethod], indicator_ids: Collection[str]
) -> tuple[PublishedIndexMethod, ...]:
    """The presets whose indicators are all among ``indicator_ids``.

    >>> m = PublishedIndexMethod("demo", "Demo", IndexConfig(("a", "b"), (1.0, 1.0)))
    >>> [p.key for p in available_presets([m], {"a"})]
    []
    >>> [p.key for p in available_presets([m], {"a", "b", "c"})]
    ['demo']
    """
    return tuple(p for p in methods if p.available(indicator_ids))
