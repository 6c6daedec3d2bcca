"""Choropleth classification (class breaks, German legend labels); palettes in :mod:`.palette`.

All functions are pure: a ``pd.Series`` of indicator values goes in, a frozen
:class:`Classification` comes out.  Values keep the unit of the input indicator
(e.g. "% of residents aged 15-65"); breaks are expressed in the same unit.

Class intervals are *left-closed*: class ``i`` holds ``breaks[i] <= x < breaks[i+1]``;
the last class also holds its upper edge (the maximum).  Missing values get class
``-1`` ("keine Angabe").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

import numpy as np
import pandas as pd

from indicators.social.palette import MAX_K, NO_DATA_COLOR, RGB, palette, text_color_for

__all__ = [
    "METHODS",
    "RGB",
    "ClassMethod",
    "NO_DATA_CLASS",
    "NO_DATA_COLOR",
    "NO_DATA_LABEL",
    "Classification",
    "classify",
    "fixed_breaks_across_periods",
    "format_de",
    "palette",
    "text_color_for",
]

NO_DATA_CLASS = -1
NO_DATA_LABEL = "keine Angabe"

#: A classification method (keys of :data:`METHODS`).
ClassMethod = Literal["quantile", "equal", "jenks", "stddev"]

#: German legend names of the classification methods.
METHODS: Mapping[ClassMethod, str] = {
    "quantile": "Quantile",
    "equal": "Gleiche Intervalle",
    "jenks": "Natürliche Grenzen (Fisher-Jenks)",
    "stddev": "Standardabweichungen",
}


@dataclass(frozen=True, eq=False)
class Classification:
    """Result of :func:`classify`.

    Attributes
    ----------
    breaks : tuple of float
        ``k + 1`` class edges in the unit of the input values, including min and max.
    labels : tuple of str
        ``k`` German legend labels, e.g. ``"12,3 bis unter 15,0"``.
    classes : pd.Series
        Class index ``0 .. k-1`` per input row (same index as the input), ``-1`` = missing.
    method_label : str
        German legend title, e.g. ``"Quantile (5 Klassen)"``.
    k : int
        Number of classes actually used (may be smaller than requested, see ``note``).
    note : str or None
        German explanation when ``k`` had to be reduced or no values were present.
    """

    breaks: tuple[float, ...]
    labels: tuple[str, ...]
    classes: pd.Series = field(repr=False)
    method_label: str
    k: int
    note: str | None = None


def format_de(value: float, decimals: int = 1) -> str:
    """Format a number the German way (decimal comma, dot as thousands separator).

    >>> format_de(12345.678, 1)
    '12.345,7'
    >>> format_de(-0.04, 1)
    '0,0'
    """
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0.0:
        text = text[1:]
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _check_args(values: pd.Series, method: str, k: int) -> None:
    if not isinstance(values, pd.Series):
        raise ValueError("Die Werte müssen als pandas.Series übergeben werden.")
    if method not in METHODS:
        raise ValueError(
            f"Unbekannte Klassifizierungsmethode {method!r}; erlaubt: {sorted(METHODS)}."
        )
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ValueError(f"Die Klassenzahl muss eine ganze Zahl von 1 bis {MAX_K} sein.")


def _numeric(values: pd.Series) -> np.ndarray:
    try:
        arr = pd.to_numeric(values, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError("Die Werte müssen numerisch sein.") from exc
    if np.isinf(arr).any():
        raise ValueError("Die Werte dürfen nicht unendlich sein.")
    return np.asarray(arr, dtype=float)


def _jenks_breaks(x: np.ndarray, k: int) -> list[float]:
    """Fisher-Jenks optimal partition (minimal within-class sum of squares), exact DP.

    Returns min, the midpoints between neighbouring classes (largest value of the lower
    class and smallest value of the upper class), and max.  Splits are only allowed
    between different values, so ties stay in one class.

    >>> _jenks_breaks(np.array([1.0, 2.0, 4.0, 5.0, 10.0]), 3)
    [1.0, 3.0, 7.5, 10.0]
    """
    xs = np.sort(x)
    n = xs.size
    s1 = np.concatenate([[0.0], np.cumsum(xs)])
    s2 = np.concatenate([[0.0], np.cumsum(xs * xs)])
    can_start = np.concatenate([[True], xs[1:] > xs[:-1]])
    # best[c, j]: minimal cost of splitting xs[:j+1] into c+1 classes; start[c, j]: first index of last class
    best = np.full((k, n), np.inf)
    start = np.zeros((k, n), dtype=np.int64)
    best[0] = s2[1:] - s1[1:] ** 2 / np.arange(1, n + 1)
    for c in range(1, k):
        for j in range(c, n):
            first = np.arange(1, j + 1)  # candidate first index of the last class
            cnt = j + 1 - first
            seg = s2[j + 1] - s2[first] - (s1[j + 1] - s1[first]) ** 2 / cnt
            total = np.where(can_start[first], best[c - 1, first - 1] + seg, np.inf)
            pos = int(np.argmin(total))
            best[c, j], start[c, j] = total[pos], first[pos]
    mids, j = [], n - 1
    for c in range(k - 1, 0, -1):
        i = int(start[c, j])
        mids.append(float((xs[i - 1] + xs[i]) / 2))
        j = i - 1
    return [float(xs[0]), *reversed(mids), float(xs[-1])]


def _stddev_breaks(x: np.ndarray, k: int) -> list[float]:
    """Edges at mean + (j - (k-2)/2) SD, j = 0..k-2, clipped to [min, max] (sample SD)."""
    mean, sd = float(x.mean()), float(x.std(ddof=1)) if x.size > 1 else 0.0
    inner = [mean + sd * (j - (k - 2) / 2) for j in range(k - 1)]
    return [float(x.min()), *inner, float(x.max())]


def _raw_breaks(x: np.ndarray, method: str, k: int) -> list[float]:
    if method == "quantile":
        return [float(q) for q in np.quantile(x, np.linspace(0.0, 1.0, k + 1))]
    if method == "equal":
        return [float(b) for b in np.linspace(x.min(), x.max(), k + 1)]
    if method == "jenks":
        return _jenks_breaks(x, k)
    return _stddev_breaks(x, k)


def _clean_breaks(raw: Sequence[float]) -> list[float]:
    """Keep strictly increasing edges inside [min, max]; always keep min and max."""
    lo, hi = raw[0], raw[-1]
    inner = sorted({b for b in raw[1:-1] if lo < b < hi})
    return [lo, *inner, hi] if hi > lo else [lo, hi]


def _label_single(lo: str, hi: str, below: bool, above: bool) -> str:
    if below and above:
        return "alle Werte"
    if below:
        return f"bis {hi}"
    if above:
        return f"{lo} und mehr"
    return lo if lo == hi else f"{lo} bis {hi}"


def _labels(breaks: Sequence[float], decimals: int, below: bool, above: bool) -> tuple[str, ...]:
    k = len(breaks) - 1
    text = [format_de(b, decimals) for b in breaks]
    if k == 1:
        return (_label_single(text[0], text[1], below, above),)
    out = [f"{text[i]} bis unter {text[i + 1]}" for i in range(k - 1)]
    out.append(f"{text[k - 1]} bis {text[k]}")
    if below:
        out[0] = f"unter {text[1]}"
    if above:
        out[-1] = f"{text[k - 1]} und mehr"
    return tuple(out)


def _method_label(method: str, k: int, fixed: bool) -> str:
    name = METHODS[cast(ClassMethod, method)]  # checked by _check_args
    count = f"{k} Klasse" if k == 1 else f"{k} Klassen"
    text = f"{name[:-1]}, {count})" if method == "jenks" else f"{name} ({count})"
    return f"{text}, feste Klassengrenzen" if fixed else text


def _assign(arr: np.ndarray, breaks: Sequence[float]) -> np.ndarray:
    inner = np.asarray(breaks[1:-1], dtype=float)
    cls = np.searchsorted(inner, arr, side="right").astype(np.int64)
    cls[np.isnan(arr)] = NO_DATA_CLASS
    return cls


def _check_fixed(breaks: Sequence[float]) -> list[float]:
    b = [float(v) for v in breaks]
    if len(b) < 2 or any(math.isnan(v) or math.isinf(v) for v in b):
        raise ValueError("Feste Klassengrenzen brauchen mindestens zwei endliche Werte.")
    if any(b2 <= b1 for b1, b2 in zip(b, b[1:], strict=False)):
        raise ValueError("Feste Klassengrenzen müssen streng aufsteigend sein.")
    if len(b) - 1 > MAX_K:
        raise ValueError(f"Höchstens {MAX_K} Klassen sind möglich.")
    return b


def classify(
    values: pd.Series,
    method: str,
    k: int,
    breaks: Sequence[float] | None = None,
    *,
    decimals: int = 1,
) -> Classification:
    """Classify indicator values for a choropleth map.

    Parameters
    ----------
    values : pd.Series
        Indicator values in their own unit (e.g. % of residents); NaN = missing.
    method : {"quantile", "equal", "jenks", "stddev"}
        Quantiles (equal counts), equal intervals, Fisher-Jenks natural breaks, or
        classes of one standard deviation (sample SD) width centred on the mean.
    k : int
        Requested number of classes (1-9).  Reduced when the data have fewer distinct
        values or breaks coincide; ``note`` then says so.
    breaks : sequence of float, optional
        Fixed, strictly increasing edges (e.g. from :func:`fixed_breaks_across_periods`)
        so maps of different years are comparable.  Values outside go to the nearest
        outer class, whose label then reads "unter ..." / "... und mehr".
    decimals : int
        Decimals shown in the labels.

    Returns
    -------
    Classification

    Examples
    --------
    >>> c = classify(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), "equal", 2)
    >>> c.breaks, c.labels, c.classes.tolist()
    ((1.0, 3.0, 5.0), ('1,0 bis unter 3,0', '3,0 bis 5,0'), [0, 0, 1, 1, 1])
    """
    _check_args(values, method, k)
    arr = _numeric(values)
    present = np.sort(arr[~np.isnan(arr)])  # sorted: breaks do not depend on row order
    fixed = breaks is not None
    if breaks is not None:
        edges = _check_fixed(breaks)
    elif present.size == 0:
        classes = pd.Series(NO_DATA_CLASS, index=values.index, dtype="int64")
        return Classification(
            (), (), classes, _method_label(method, 0, False), 0, "Keine Werte vorhanden."
        )
    else:
        n_distinct = int(np.unique(present).size)
        edges = _clean_breaks(_raw_breaks(present, method, min(k, n_distinct)))
    used = len(edges) - 1
    note = None
    if used < k:
        note = f"Nur {used} statt {k} Klassen möglich (zu wenige unterschiedliche Werte oder gleiche Klassengrenzen)."
    if fixed and used != k:
        note = f"Die festen Klassengrenzen ergeben {used} Klassen (angefragt: {k})."
    below = fixed and bool((present < edges[0]).any())
    above = fixed and bool((present > edges[-1]).any())
    classes = pd.Series(_assign(arr, edges), index=values.index, dtype="int64")
    return Classification(
        breaks=tuple(edges),
        labels=_labels(edges, decimals, below, above),
        classes=classes,
        method_label=_method_label(method, used, fixed),
        k=used,
        note=note,
    )


def fixed_breaks_across_periods(
    frames_by_period: Mapping[str, pd.Series], method: str, k: int
) -> list[float]:
    """Class edges computed on the pooled values of all periods.

    Using the same edges for every period makes maps of different years comparable.

    Examples
    --------
    >>> fixed_breaks_across_periods(
    ...     {"2021": pd.Series([0.0, 1.0]), "2023": pd.Series([3.0, 4.0])}, "equal", 2
    ... )
    [0.0, 2.0, 4.0]
    """
    if not frames_by_period:
        raise ValueError("Mindestens ein Zeitpunkt wird benötigt.")
    pooled = pd.concat([_as_series(s) for s in frames_by_period.values()], ignore_index=True)
    result = classify(pooled, method, k)
    if result.k == 0:
        raise ValueError("Für keinen Zeitpunkt liegen Werte vor.")
    return list(result.breaks)


def _as_series(values: pd.Series) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise ValueError("Jeder Zeitpunkt muss als pandas.Series übergeben werden.")
    return pd.Series(_numeric(values), dtype=float)
