"""Disclosure control on the demo store, both methods: cells changed, attack, information loss.

``python -m bench.disclosure`` runs this key alone (read-only on data/planungsatlas.duckdb).

* suppression: cells suppressed (counts and rates), the LP attack on the published cells
  (exact recoveries, intervals narrower than the protection range, the narrowest one);
  information loss = share of count cells not shown and their mean value (the mean absolute
  change if a reader took "." for nothing).
* cell key: cells perturbed and changed, the box-LP attack (exact recoveries of small
  originals, narrowest interval); information loss = share of count cells changed and the
  mean absolute change. The bench uses a fixed bench secret (not the operator's), so the
  figures are reproducible; another secret gives other noise with the same distribution.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from data_layer.build.public_build import load_cellkey, load_settings
from indicators.disclosure.perturb import audit_cellkey, plan_cellkey
from indicators.disclosure.plan import audit_plan, plan_suppression

ROOT = Path(__file__).resolve().parent.parent
BENCH_SECRET = b"planungsatlas-bench"


def _narrowest(n: tuple[Any, float, float] | None) -> list[float] | None:
    return None if n is None else [round(n[1], 3), round(n[2], 3)]


def disclosure(quick: bool) -> dict[str, Any]:
    """Both public-copy methods on the demo store and the attack on each."""
    settings = load_settings()
    conn = duckdb.connect(str(ROOT / "data" / "planungsatlas.duckdb"), read_only=True)
    try:
        pop = conn.execute("SELECT * FROM population").df()
        vals = conn.execute(
            """SELECT v.* FROM indicator_values v JOIN indicators i USING (indicator_id)
               WHERE i.public"""
        ).df()
        areas = conn.execute("SELECT area_id, parent_id FROM areas").df()
        cat = conn.execute("SELECT * FROM indicators").df()
        cw = conn.execute("SELECT from_area, to_area, weight FROM area_crosswalk").df()
    finally:
        conn.close()
    # suppression
    t0 = time.perf_counter()
    plan = plan_suppression(pop, vals, areas, cat, settings, cw)
    t_plan = time.perf_counter() - t0
    report = audit_plan(plan, settings)
    cells = plan.cells
    # count cells shown in the internal store (population, count indicators, rate numerators)
    published = cells["published"].to_numpy(dtype=bool) & cells["source"].ne("constant").to_numpy()
    hidden = cells["hidden"].to_numpy(dtype=bool) & published
    value = cells["value"].to_numpy(dtype="float64")
    n_rates = int((plan.values & vals["value"].notna().to_numpy()).sum())
    out: dict[str, Any] = {
        "disclosure_plan_s": round(t_plan, 2),
        "disclosure_attack_s": round(report.seconds, 2),
        "disclosure_primary_cells": report.cells,
        "disclosure_count_cells": int(published.sum()),
        "disclosure_suppressed_counts": int(hidden.sum()),
        "disclosure_suppressed_values": n_rates,
        "disclosure_attack_exact": len(report.exact),
        "disclosure_attack_too_narrow": len(report.too_narrow),
        "disclosure_attack_routes": list(report.routes),
        "disclosure_narrowest": _narrowest(report.narrowest),
        "disclosure_share_changed": round(float(hidden.sum() / max(published.sum(), 1)), 6),
        "disclosure_mean_abs_change": round(
            float(np.nanmean(value[hidden])) if hidden.any() else 0.0, 2
        ),
        **plan.stats,
    }
    # cell key
    config = load_cellkey()
    t0 = time.perf_counter()
    ck = plan_cellkey(
        pop, vals, areas, cat, settings, config.table, BENCH_SECRET, cw, config.rate_denominators
    )
    t_ck = time.perf_counter() - t0
    ck_report = audit_cellkey(ck, settings)
    out.update(
        {
            "cellkey_plan_s": round(t_ck, 2),
            "cellkey_attack_s": round(ck_report.seconds, 2),
            "cellkey_small_cells": ck_report.cells,
            "cellkey_count_cells": ck.stats["cells"],
            "cellkey_perturbed_cells": ck.stats["perturbed_cells"],
            "cellkey_changed_cells": ck.stats["changed_cells"],
            "cellkey_share_changed": ck.stats["share_changed"],
            "cellkey_mean_abs_change": ck.stats["mean_abs_change"],
            "cellkey_mean_abs_change_changed": ck.stats["mean_abs_change_changed"],
            "cellkey_attack_exact": len(ck_report.exact),
            "cellkey_attack_narrower_than_range": len(ck_report.too_narrow),
            "cellkey_attack_lps": ck_report.components,
            "cellkey_attack_routes": list(ck_report.routes),
            "cellkey_narrowest": _narrowest(ck_report.narrowest),
        }
    )
    return out


if __name__ == "__main__":
    print(json.dumps(disclosure(quick=True), ensure_ascii=False, default=float, indent=1))
