"""Composite social index in the style of a published municipal social monitoring.

Method (the defaults reproduce the published classes of the demo's monitoring, whose
parameters are data: data/parameters/social_index.yaml, :mod:`indicators.social.presets`):

1. Areas with fewer than ``min_population`` residents (default 300) are excluded from the
   standardisation and get no class ("keine Angabe").
2. Every index indicator is z-standardised over the included areas
   (``z = (x - mean) / SD``, sample SD, ``ddof=1``).
3. The z-scores are averaged with the configured weights (e.g. equal weights).
4. The average is z-standardised again over the included areas, so the index is in
   units of standard deviations (mean 0, SD 1).
5. Status classes: index <= -1 -> 1 "hoch", <= 1 -> 2 "mittel", <= 1.5 -> 3 "niedrig",
   above -> 4 "sehr niedrig" (a value equal to a threshold falls into the lower class).
   Dynamics classes: index < -1 -> "+" (positiv), > 1 -> "−" (negativ), else "±" (stabil).

Because every step is a z-standardisation, each index value is bounded by the
Samuelson inequality ``|z| <= (n - 1) / sqrt(n)`` for ``n`` included areas.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "DYNAMICS_LABELS",
    "IndexConfig",
    "agreement",
    "agreement_count",
    "composite_index",
    "dynamics_from_change",
    "normalise_class_label",
    "zscores",
]

#: Dynamics class symbol -> German label.
DYNAMICS_LABELS: dict[str, str] = {"+": "positiv", "±": "stabil", "−": "negativ"}
_SYNONYMS = {"+/-": "±", "+-": "±", "-": "−", "–": "−"}


@dataclass(frozen=True)
class IndexConfig:
    """Settings of a composite status/dynamics index.

    Attributes
    ----------
    status_columns, status_weights
        Status indicators (shares in %, higher = socially more burdened) and their weights.
    dynamics_columns, dynamics_weights
        Change indicators (percentage points over the period) and weights; may be empty.
    status_thresholds
        Increasing cut points on the status index (in SD units); ``len + 1`` classes.
    status_labels
        German class labels, one per status class.
    dynamics_threshold
        Index beyond ``±dynamics_threshold`` SD counts as positive/negative dynamics.
    population_column, min_population
        Residents per area; areas below ``min_population`` are excluded (``None``: no
        population figures, every area is included).
    higher_better
        Indicator columns where a *higher* value is favourable (their z-score is negated).
    source
        Where the method and its parameters come from.
    """

    status_columns: tuple[str, ...]
    status_weights: tuple[float, ...]
    dynamics_columns: tuple[str, ...] = ()
    dynamics_weights: tuple[float, ...] = ()
    status_thresholds: tuple[float, ...] = (-1.0, 1.0, 1.5)
    status_labels: tuple[str, ...] = ("hoch", "mittel", "niedrig", "sehr niedrig")
    dynamics_threshold: float = 1.0
    population_column: str | None = "inhabitants"
    min_population: float = 300.0
    higher_better: frozenset[str] = field(default_factory=frozenset)
    source: str = ""

    def __post_init__(self) -> None:
        _check_group(self.status_columns, self.status_weights, "Status", allow_empty=False)
        _check_group(self.dynamics_columns, self.dynamics_weights, "Dynamik", allow_empty=True)
        t = self.status_thresholds
        if not t or any(b <= a for a, b in zip(t, t[1:], strict=False)):
            raise ValueError("Die Status-Schwellen müssen streng aufsteigend sein.")
        if len(self.status_labels) != len(t) + 1:
            raise ValueError("Es wird genau eine Bezeichnung je Statusklasse benötigt.")
        if not self.dynamics_threshold > 0:
            raise ValueError("Die Dynamik-Schwelle muss größer als 0 sein.")
        if not self.min_population >= 0:
            raise ValueError("Die Mindestbevölkerung darf nicht negativ sein.")


def _check_group(
    cols: Sequence[str], weights: Sequence[float], name: str, allow_empty: bool
) -> None:
    if not cols and not allow_empty:
        raise ValueError(f"Für den {name}-Index wird mindestens ein Indikator benötigt.")
    if len(cols) != len(weights):
        raise ValueError(f"{name}: Anzahl der Indikatoren und der Gewichte stimmt nicht überein.")
    if len(set(cols)) != len(cols):
        raise ValueError(f"{name}: Indikatoren dürfen nicht doppelt vorkommen.")
    if any(not (math.isfinite(w) and w > 0) for w in weights):
        raise ValueError(f"{name}: Gewichte müssen endlich und größer als 0 sein.")


def _eligible(df: pd.DataFrame, population_column: str | None, min_population: float) -> pd.Series:
    if population_column is None:
        return pd.Series(True, index=df.index)
    if population_column not in df.columns:
        raise ValueError(f"Spalte {population_column!r} (Einwohner) fehlt.")
    pop = pd.to_numeric(df[population_column], errors="coerce")
    return pd.Series(pop.ge(min_population).to_numpy(), index=df.index)


def _numeric_columns(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise ValueError("Die Daten müssen als pandas.DataFrame übergeben werden.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"Spalten fehlen: {missing}.")
    out = {}
    for c in columns:
        if not (pd.api.types.is_numeric_dtype(df[c]) or df[c].isna().all()):
            raise ValueError(f"Spalte {c!r} muss numerisch sein.")
        out[c] = df[c].astype(float)
    return pd.DataFrame(out, index=df.index)


# Below this sample SD the values differ only in the last bits of a float; dividing by it
# overflows, so such a column is treated as constant.
_SMALLEST_SPREAD = float(np.finfo(float).tiny) * 1e8


def _standardise(x: pd.Series, mask: pd.Series, name: str) -> pd.Series:
    base = x[mask & x.notna()]
    if len(base) < 2:
        raise ValueError(f"{name}: mindestens zwei Gebiete mit Werten werden benötigt.")
    with np.errstate(all="ignore"):  # subnormal spreads overflow; they count as "all equal"
        sd = float(base.std(ddof=1))
    if not (np.isfinite(sd) and sd > _SMALLEST_SPREAD):
        raise ValueError(
            f"{name}: alle Werte sind gleich, eine Standardisierung ist nicht möglich."
        )
    z = (x - float(base.mean())) / sd
    return z.where(mask)


def zscores(
    df: pd.DataFrame,
    columns: Sequence[str],
    *,
    population_column: str | None = "inhabitants",
    min_population: float = 300.0,
) -> pd.DataFrame:
    """z-scores (sample SD) per column over the areas with at least ``min_population`` residents.

    Excluded areas and missing values give NaN.  Result is unitless (SD units).

    >>> d = pd.DataFrame({"x": [1.0, 2.0, 3.0, 50.0], "inhabitants": [500, 500, 500, 10]})
    >>> zscores(d, ["x"])["x"].round(3).tolist()
    [-1.0, 0.0, 1.0, nan]
    """
    values = _numeric_columns(df, columns)
    mask = _eligible(df, population_column, min_population)
    return pd.DataFrame({c: _standardise(values[c], mask, c) for c in columns}, index=df.index)


def _sub_index(
    df: pd.DataFrame, cols: Sequence[str], weights: Sequence[float], config: IndexConfig, name: str
) -> pd.Series:
    z = zscores(
        df, cols, population_column=config.population_column, min_population=config.min_population
    )
    for c in cols:
        if c in config.higher_better:
            z[c] = -z[c]
    w = np.asarray(weights, dtype=float)
    raw = pd.Series(z.to_numpy() @ w / w.sum(), index=df.index)  # NaN if any z missing
    return _standardise(raw, raw.notna(), name)


def _status_classes(index: pd.Series, config: IndexConfig) -> tuple[pd.Series, pd.Series]:
    arr = index.to_numpy(dtype=float)
    cls = np.searchsorted(np.asarray(config.status_thresholds), arr, side="left") + 1
    ok = ~np.isnan(arr)
    classes = pd.Series(pd.array(np.where(ok, cls, 0), dtype="Int64"), index=index.index)
    classes = classes.where(ok)
    labels = [config.status_labels[c - 1] if o else None for c, o in zip(cls, ok, strict=True)]
    return classes, pd.Series(labels, index=index.index, dtype="str")


def _dynamics_classes(index: pd.Series, threshold: float) -> tuple[pd.Series, pd.Series]:
    symbols = []
    for v in index.to_numpy(dtype=float):
        symbols.append(
            None if np.isnan(v) else "+" if v < -threshold else "−" if v > threshold else "±"
        )
    labels = [None if s is None else DYNAMICS_LABELS[s] for s in symbols]
    return pd.Series(symbols, index=index.index, dtype="str"), pd.Series(
        labels, index=index.index, dtype="str"
    )


def composite_index(df: pd.DataFrame, config: IndexConfig) -> pd.DataFrame:
    """Status and dynamics index with classes per area (one row per input row).

    Returns columns ``included`` (bool, population >= minimum), ``status_index``
    (SD units), ``status_class`` (Int64, 1 = best), ``status_label`` (German),
    ``dynamics_index`` (SD units), ``dynamics_class`` ("+", "±", "−") and
    ``dynamics_label`` ("positiv", "stabil", "negativ").  Missing = NaN/<NA>.

    >>> d = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, 20.0], "inhabitants": [900] * 5})
    >>> r = composite_index(d, IndexConfig(("a",), (1.0,)))
    >>> r["status_class"].tolist(), r["status_label"].tolist()[-1]
    ([2, 2, 2, 2, 4], 'sehr niedrig')
    """
    if not isinstance(config, IndexConfig):
        raise ValueError("config muss eine IndexConfig sein.")
    included = _eligible(df, config.population_column, config.min_population)
    status = _sub_index(df, config.status_columns, config.status_weights, config, "Statusindex")
    s_cls, s_lab = _status_classes(status, config)
    out = pd.DataFrame(
        {
            "included": included,
            "status_index": status,
            "status_class": s_cls,
            "status_label": s_lab,
        },
        index=df.index,
    )
    if config.dynamics_columns:
        dyn = _sub_index(
            df, config.dynamics_columns, config.dynamics_weights, config, "Dynamikindex"
        )
    else:
        dyn = pd.Series(np.nan, index=df.index)
    d_cls, d_lab = _dynamics_classes(dyn, config.dynamics_threshold)
    out["dynamics_index"], out["dynamics_class"], out["dynamics_label"] = dyn, d_cls, d_lab
    return out


#: name of the change column of a status indicator (:func:`dynamics_from_change`)
CHANGE_PREFIX = "Δ "


def dynamics_from_change(
    now: pd.DataFrame, before: pd.DataFrame, config: IndexConfig
) -> tuple[pd.DataFrame, IndexConfig]:
    """Dynamics as the change of every status indicator since an earlier date.

    Adds a column ``"Δ <indicator>"`` = value now − value before (same unit, e.g. percentage
    points; NaN where either is missing) per status indicator and returns the frame with the
    config whose dynamics are these columns, with the status weights and directions (a rise of
    an indicator where higher is better counts as favourable).  Used when a store holds no
    change indicators of its own but two dates of its status indicators.

    >>> now = pd.DataFrame({"a": [5.0, 7.0, 4.0]}, index=["x", "y", "z"])
    >>> before = pd.DataFrame({"a": [4.0, 7.5]}, index=["x", "y"])
    >>> frame, cfg = dynamics_from_change(now, before, IndexConfig(("a",), (2.0,)))
    >>> frame["Δ a"].tolist(), cfg.dynamics_columns, cfg.dynamics_weights
    ([1.0, -0.5, nan], ('Δ a',), (2.0,))
    """
    out = now.copy()
    columns = []
    for c in config.status_columns:
        name = f"{CHANGE_PREFIX}{c}"
        out[name] = now[c].astype(float) - before[c].astype(float).reindex(now.index)
        columns.append(name)
    better = {f"{CHANGE_PREFIX}{c}" for c in config.status_columns if c in config.higher_better}
    return out, dataclasses.replace(
        config,
        dynamics_columns=tuple(columns),
        dynamics_weights=config.status_weights,
        higher_better=frozenset(config.higher_better | better),
    )


def normalise_class_label(value: object) -> str | None:
    """Canonical text of a class label: 1.0 -> "1", "+/-" -> "±", "-" -> "−"; NA -> None.

    >>> [normalise_class_label(v) for v in (2.0, " +/- ", "-", None)]
    ['2', '±', '−', None]
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    if isinstance(value, int | float | np.number) and float(value).is_integer():
        return str(int(value))
    text = str(value).strip()
    return _SYNONYMS.get(text, text)


def agreement_count(computed: pd.Series, published: pd.Series) -> tuple[int, int]:
    """(matching areas, areas with a published class): the counts behind :func:`agreement`.

    Series are aligned on their index; a missing computed class counts as a mismatch.
    Labels are compared after :func:`normalise_class_label`.

    >>> agreement_count(pd.Series(["+", "±", "−"]), pd.Series(["+", "+/-", "+"]))
    (2, 3)
    """
    if not isinstance(computed, pd.Series) or not isinstance(published, pd.Series):
        raise ValueError("Beide Eingaben müssen pandas.Series sein.")
    pub = published.map(normalise_class_label)
    pub = pub[pub.notna()]
    if pub.empty:
        raise ValueError("Es liegen keine veröffentlichten Klassen zum Vergleich vor.")
    comp = computed.reindex(pub.index).map(normalise_class_label)
    return int((comp == pub).sum()), len(pub)


def agreement(computed: pd.Series, published: pd.Series) -> float:
    """Share (0-1) of areas with a published class whose computed class is identical.

    Series are aligned on their index; a missing computed class counts as a mismatch.
    Labels are compared after :func:`normalise_class_label`.

    >>> agreement(pd.Series(["+", "±", "−"]), pd.Series(["+", "+/-", "+"]))
    0.6666666666666666
    """
    matches, n = agreement_count(computed, published)
    return float(matches / n)
