"""Disclosure control on the demo store: suppressed cells, attack audit, information loss.

``python -m bench.disclosure`` runs this key alone (read-only on data/planungsatlas.duckdb).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from data_layer.build.public_build import load_settings
from indicators.disclosure.plan import audit_plan, plan_suppression

ROOT = Path(__file__).resolve().parent.parent


def disclosure(quick: bool) -> dict[str, Any]:
    """Plan of the public copy and the LP attack on it (times and cell counts)."""
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
    t0 = time.perf_counter()
    plan = plan_suppression(pop, vals, areas, cat, settings, cw)
    t_plan = time.perf_counter() - t0
    report = audit_plan(plan, settings)
    published = plan.cells["published"].to_numpy(dtype=bool)
    hidden = plan.cells["hidden"].to_numpy(dtype=bool) & published
    value = plan.cells["value"].to_numpy(dtype="float64")
    n_rates = int((plan.values & vals["value"].notna().to_numpy()).sum())
    lo_hi = report.narrowest
    return {
        "disclosure_plan_s": round(t_plan, 2),
        "disclosure_attack_s": round(report.seconds, 2),
        "disclosure_primary_cells": report.cells,
        "disclosure_suppressed_counts": int(hidden.sum()),
        "disclosure_suppressed_values": n_rates,
        "disclosure_attack_exact": len(report.exact),
        "disclosure_attack_too_narrow": len(report.too_narrow),
        "disclosure_attack_routes": list(report.routes),
        "disclosure_narrowest": None if lo_hi is None else [lo_hi[1], lo_hi[2]],
        "disclosure_share_changed": round(float(hidden.sum() / max(published.sum(), 1)), 6),
        "disclosure_mean_abs_change": round(
            float(np.mean(value[hidden])) if hidden.any() else 0.0, 2
        ),
        **plan.stats,
    }


if __name__ == "__main__":
    print(json.dumps(disclosure(quick=True), ensure_ascii=False, default=float))
