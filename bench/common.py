"""Timing helpers shared by the benchmark scripts (figures are printed, never asserted)."""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def timed(fn: Callable[[], Any], repeat: int = 7, warmup: int = 1) -> tuple[float, Any]:
    """Median wall time (s) of ``fn`` over ``repeat`` runs after ``warmup`` runs, and the last result."""
    result: Any = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100): the value at rank ⌈p/100 · n⌉.

    >>> percentile([0.5, 0.4], 50), percentile([0.5, 0.4], 95)
    (0.4, 0.5)
    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0], 50)
    (2.0, 2.0)
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = math.ceil(round(p / 100 * len(ordered), 9))
    return ordered[max(0, min(len(ordered), rank) - 1)]


def run_coroutine(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run(make())`` in a worker thread with its own event loop.

    Works also where the calling thread already runs a loop (Playwright's sync API in the
    same test session does); the coroutine is created inside the worker, so it is never left
    un-awaited.

    >>> async def answer() -> int:
    ...     return 42
    >>> run_coroutine(answer)
    42
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
