"""Run every benchmark the issues name; print one JSON object on the last line.

Usage: ``python -m bench [--quick] [--runs N] [--write]`` (``--write`` updates BENCHMARKS.md:
the generated table at the top; sections added by hand below it, from the first ``## `` heading
on, are kept). With ``--runs N`` every step runs N times; each figure is the median of the runs,
and BENCHMARKS.md shows the run-to-run spread (lowest and highest run) beside it.
Figures are seconds unless the key says bytes. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench import measures

ROOT = Path(__file__).resolve().parent.parent

KEYS = [
    "build_s",
    "cold_start_s",
    "rerun_sozialraeume_s",
    "rerun_bedarf_s",
    "rerun_benchmarking_s",
    "rerun_projektion_s",
    "rerun_benchmarking_deutschland_s",
    "framework_floor_s",
    "map_bytes_plr",
    "map_bytes_gemeinden",
    "map_bytes_gemeinden_naive",
    "map_bytes_gemeinden_ratio",
    "map_bytes_gemeinden_land",
    "map_bytes_gemeinden_land_served",
    "e2sfca_berlin_kitas_s",
    "projection_542_s",
    "projection_reference_s",
    "peers_gemeinden_s",
    "backtest_mape",
    "public_load_p95_s",
    "disclosure_attack_s",
]


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} Kerne ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}"


def _extra_steps() -> list[tuple[str, Callable[[bool], dict[str, Any]]]]:
    """Steps run only when named with ``--only`` (long: several minutes each)."""
    from bench import capacity, scaleout

    return [("capacity", capacity.capacity), ("scaleout", scaleout.scaleout)]


def run_all(quick: bool, only: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    figures: dict[str, Any] = {}
    errors: dict[str, str] = {}
    steps: list[tuple[str, Callable[[bool], dict[str, Any]]]] = measures.STEPS
    if only:
        names = set(only.split(","))
        steps = [s for s in [*steps, *_extra_steps()] if s[0] in names]
    for name, fn in steps:
        t0 = time.perf_counter()
        try:
            figures.update(fn(quick))
        except Exception as exc:  # a failing measurement is reported, the others still run
            errors[name] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
        print(f"[bench] {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return figures, errors


def combine(runs: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, tuple[float, float]]]:
    """Median of each number over the runs, and its spread (lowest, highest run).

    Other values (tables, texts) are taken from the last run.

    >>> combine([{"a_s": 1.0, "t": "x"}, {"a_s": 3.0, "t": "y"}, {"a_s": 2.0, "t": "z"}])
    ({'a_s': 2.0, 't': 'z'}, {'a_s': (1.0, 3.0)})
    """
    figures: dict[str, Any] = {}
    spread: dict[str, tuple[float, float]] = {}
    for key in dict.fromkeys(k for run in runs for k in run):
        values = [run[key] for run in runs if key in run]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numbers) == len(values) and len(numbers) > 1:
            median = statistics.median(numbers)
            figures[key] = round(median, 4) if isinstance(median, float) else median
            spread[key] = (min(numbers), max(numbers))
        else:
            figures[key] = values[-1]
    return figures, spread


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "Tabelle unten"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def hand_sections(path: Path) -> list[str]:
    """Lines of BENCHMARKS.md from its first ``## `` heading on (written by hand, kept)."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    return lines[starts[0] :] if starts else []


def record_table(rows: list[dict[str, Any]]) -> list[str]:
    """A list of flat records as Markdown table lines (numbers to two decimals).

    >>> record_table([{"method": "model", "age_0_6": 12.5604}])
    ['| method | age_0_6 |', '|---|---|', '| model | 12.56 |']
    """
    cols = list(dict.fromkeys(k for r in rows for k in r))
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = [
            f"{v:.2f}" if isinstance(v, float) else str(v) for v in (r.get(c, "") for c in cols)
        ]
        out.append("| " + " | ".join(cells) + " |")
    return out


def write_markdown(
    figures: dict[str, Any],
    errors: dict[str, str],
    quick: bool,
    spread: dict[str, tuple[float, float]] | None = None,
    runs: int = 1,
) -> None:
    spread = spread or {}
    command = (
        "python -m bench" + (" --quick" if quick else "") + (f" --runs {runs}" if runs > 1 else "")
    )
    lines = [
        "# Benchmarks",
        "",
        f"Gemessen am {date.today().strftime('%d.%m.%Y')} mit `{command}` auf: {machine()}.",
        "",
        "Sekunden, wenn nicht anders angegeben (Median mehrerer Läufe; Reruns in-process mit Streamlits AppTest, "
        "gleiche Methode für die triviale Vergleichsseite `framework_floor_s`)."
        + (
            f" Jeder Schritt lief {runs}-mal; „Wert“ ist der Median der Läufe, „Spanne“ der "
            "niedrigste und der höchste Lauf (Streuung von Lauf zu Lauf)."
            if runs > 1
            else ""
        ),
        "",
        "| Kennzahl | Wert | Spanne |",
        "|---|---|---|",
    ]
    for key in KEYS:
        value = figures.get(key, "nicht gemessen")
        low_high = f"{_fmt(spread[key][0])} – {_fmt(spread[key][1])}" if key in spread else ""
        lines.append(f"| `{key}` | {_fmt(value)} | {low_high} |")
    for key in KEYS:
        rows = figures.get(key)
        if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows):
            lines += ["", f"`{key}`:", ""] + record_table(rows)
    extra = sorted(set(figures) - set(KEYS))
    if extra:
        lines += ["", "Weitere Zahlen (Median; in Klammern die Spanne der Läufe):", ""]
        for k in extra:
            text = json.dumps(figures[k], ensure_ascii=False)
            if k in spread:
                text += f" ({_fmt(spread[k][0])} – {_fmt(spread[k][1])})"
            lines.append(f"- `{k}`: {text}")
    if errors:
        lines += ["", "Nicht gemessen wegen Fehlern:", ""] + [
            f"- {k}: {v}" for k, v in errors.items()
        ]
    path = ROOT / "BENCHMARKS.md"
    kept = hand_sections(path)
    path.write_text("\n".join(lines + ([""] + kept if kept else [])) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument("--runs", type=int, default=1, help="run every step N times (spread)")
    parser.add_argument(
        "--only",
        help="comma-separated steps, e.g. capacity,scaleout (not written to BENCHMARKS.md)",
    )
    args = parser.parse_args()
    if args.only:
        args.write = False
    os.chdir(ROOT)
    t0 = time.perf_counter()
    runs, errors = [], {}
    for _ in range(max(args.runs, 1)):
        one, failed = run_all(args.quick, args.only)
        runs.append(one)
        errors.update(failed)
    figures, spread = combine(runs)
    figures["bench_total_s"] = round(time.perf_counter() - t0, 1)
    if args.write:
        write_markdown(figures, errors, args.quick, spread, len(runs))
    out = {k: figures.get(k) for k in KEYS} | {k: v for k, v in figures.items() if k not in KEYS}
    if errors:
        out["errors"] = errors
    print(json.dumps(out, ensure_ascii=False, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

_ = subprocess  # used by measures via import; keeps the namespace explicit
