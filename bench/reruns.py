"""Rerun time after a widget change, measured in-process with Streamlit's AppTest.

Each scenario opens a page, then alternates a widget between values and times the
script rerun (median). The same method times ``bench/trivial_page.py`` as the
framework floor, so the ratio page / floor is comparable across machines.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Scenario:
    """Open ``page`` (None = the trivial page) and toggle widget ``key`` of ``kind`` between ``values``."""

    name: str
    page: str | None
    kind: str
    key: str
    values: tuple[Any, ...]
    params: tuple[tuple[str, str], ...] = ()


def _widget(at: AppTest, kind: str, key: str) -> Any:
    return getattr(at, kind)(key=key)


def open_page(page: str, params: dict[str, str]) -> AppTest:
    """An AppTest on one page of the app, opened with URL parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at


def measure(s: Scenario, repeats: int = 9) -> float:
    """Median seconds of one rerun after a widget change."""
    if s.page is None:
        at = AppTest.from_file(str(ROOT / "bench" / "trivial_page.py"), default_timeout=120)
        at.run()
    else:
        at = open_page(s.page, dict(s.params))
    if at.exception:
        raise RuntimeError(f"{s.name}: {at.exception[0].value}")
    times = []
    for i in range(repeats + 1):
        _widget(at, s.kind, s.key).set_value(s.values[i % len(s.values)])
        t0 = time.perf_counter()
        at.run()
        dt = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError(f"{s.name}: {at.exception[0].value}")
        if i > 0:  # the first change may fill caches
            times.append(dt)
    return statistics.median(times)


FLOOR = Scenario("framework_floor_s", None, "slider", "trivial.slider", (20, 80))

#: Kommunen vergleichen at Gemeinde level with the map of all Gemeinden of Germany.
BENCH_DEUTSCHLAND = Scenario(
    "rerun_benchmarking_deutschland_s",
    "features/benchmarking/page.py",
    "slider",
    "bench.k",
    (8, 12),
    (("ebene", "Gemeinde"), ("ags", "09162000"), ("karte", "Deutschland"), ("teil", "karte")),
)
