"""Where a rerun's milliseconds go: cProfile over AppTest reruns of each page scenario.

Usage: ``python -m bench.profile_reruns [--repeats N] [--top N] [--only name,...]``.
For each page of ``bench.measures.PAGE_SCENARIOS`` it opens the page, measures the rerun
median with **distinct** widget values (no per-value cache hits) and with alternating
values (the ``python -m bench`` method), with wall and CPU time, then profiles the distinct-value reruns and
prints the functions with the most cumulative time per rerun, project files first.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

from bench.measures import PAGE_SCENARIOS
from bench.reruns import Scenario, _widget, open_page

ROOT = Path(__file__).resolve().parent.parent

#: distinct values per scenario (each a new value, so caches keyed on it miss)
DISTINCT: dict[str, tuple[Any, ...]] = {
    "rerun_sozialraeume_s": (3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7),
    "rerun_bedarf_s": tuple(float(v) for v in range(30, 70, 3)),
    "rerun_benchmarking_s": (5, 6, 7, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19),
    "rerun_projektion_s": (1.2, 1.25, 1.35, 1.4, 1.45, 1.5, 1.55, 1.65, 1.7, 1.75, 1.8, 1.85),
}


#: CPU seconds of the process per rerun of the last :func:`_times` call (all threads); less
#: sensitive than wall time to a neighbour on the machine, so A/B comparisons need fewer runs
_cpu: list[float] = []


def _times(at: Any, s: Scenario, values: tuple[Any, ...], n: int) -> list[float]:
    out = []
    _cpu.clear()
    for i in range(n):
        _widget(at, s.kind, s.key).set_value(values[i % len(values)])
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        out.append(time.perf_counter() - t0)
        _cpu.append(time.process_time() - c0)
        if at.exception:
            raise RuntimeError(f"{s.name}: {at.exception[0].value}")
    return out


@contextmanager
def _profiling(prof: cProfile.Profile) -> Iterator[None]:
    """Enable ``prof`` inside Streamlit's script thread for every run while the block lasts."""
    orig = ScriptRunner._run_script

    def wrapped(self: ScriptRunner, rerun_data: Any) -> None:
        prof.enable()
        try:
            orig(self, rerun_data)
        finally:
            prof.disable()

    ScriptRunner._run_script = wrapped  # type: ignore[method-assign]
    try:
        yield
    finally:
        ScriptRunner._run_script = orig  # type: ignore[method-assign]


def _options(at: Any, s: Scenario) -> tuple[Any, ...]:
    w = _widget(at, s.kind, s.key)
    opts = getattr(w, "options", None)
    return tuple(opts) if opts else ()


def profile(s: Scenario, repeats: int, top: int, use_profiler: bool = True) -> dict[str, Any]:
    at = open_page(s.page or "", dict(s.params))
    if at.exception:
        raise RuntimeError(f"{s.name}: {at.exception[0].value}")
    _times(at, s, s.values, 2)  # fill caches for the alternating values
    alternating = statistics.median(_times(at, s, s.values, repeats))
    alternating_cpu = statistics.median(_cpu)
    values = DISTINCT.get(s.name, s.values)
    if s.kind == "select_slider":  # only values the widget offers
        offered = _options(at, s)
        keep = [v for v in values if str(v) in map(str, offered) or v in offered]
        values = tuple(keep) or values
    prof = cProfile.Profile()
    if use_profiler:  # the first pass over new values: per-value caches miss
        with _profiling(prof):
            distinct_times = _times(at, s, values, min(repeats, len(values)))
    else:
        distinct_times = _times(at, s, values, min(repeats, len(values)))
    n = len(distinct_times)
    distinct_cpu = statistics.median(_cpu)
    if use_profiler and os.environ.get("PROFILE_DUMP"):  # e.g. /tmp/prof: one .pstats per page
        prof.dump_stats(f"{os.environ['PROFILE_DUMP']}_{s.name}.pstats")
    raw = pstats.Stats(prof).stats if use_profiler else {}  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in raw.items():  # type: ignore[attr-defined]
        rel = file.replace(str(ROOT) + "/", "")
        own = not rel.startswith("/") and not rel.startswith("~") and ".venv" not in rel
        rows.append(
            {
                "where": f"{rel}:{line}({func})",
                "own": own,
                "cum_ms": ct / n * 1e3,
                "self_ms": tt / n * 1e3,
            }
        )
    rows.sort(key=lambda r: -r["cum_ms"])
    own_rows = [r for r in rows if r["own"]][:top]
    self_rows = sorted(rows, key=lambda r: -r["self_ms"])[:top]
    return {
        "name": s.name,
        "alternating_ms": round(alternating * 1e3, 1),
        "distinct_ms": round(statistics.median(distinct_times) * 1e3, 1),
        "alternating_cpu_ms": round(alternating_cpu * 1e3, 1),
        "distinct_cpu_ms": round(distinct_cpu * 1e3, 1),
        "distinct_values": [str(v) for v in values[:n]],
        "top_cumulative_own": [(r["where"], round(r["cum_ms"], 1)) for r in own_rows],
        "top_self": [(r["where"], round(r["self_ms"], 1)) for r in self_rows],
    }


_FIGURES = ("name", "alternating_ms", "distinct_ms", "alternating_cpu_ms", "distinct_cpu_ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-profile", dest="profile", action="store_false", help="timings only")
    args = ap.parse_args()
    names = set(filter(None, args.only.split(",")))
    for s in PAGE_SCENARIOS:
        if names and s.name not in names:
            continue
        res = profile(s, args.repeats, args.top, args.profile)
        print(
            f"\n=== {s.name}: alternating {res['alternating_ms']} ms, distinct {res['distinct_ms']} ms"
            f"{' (under cProfile)' if args.profile else ''}"
        )
        if not args.profile:
            print(json.dumps({k: res[k] for k in _FIGURES}))
            continue
        print("-- cumulative per rerun, project code (ms)")
        for where, ms in res["top_cumulative_own"]:
            print(f"{ms:8.1f}  {where}")
        print("-- self time per rerun, all code (ms)")
        for where, ms in res["top_self"]:
            print(f"{ms:8.1f}  {where}")
        print(json.dumps({k: res[k] for k in _FIGURES}))


if __name__ == "__main__":
    main()
