"""The public, read-only copy of the store with statistical disclosure control.

``python -m data_layer.build --public [--source FILE] [--out FILE]`` copies the internal
store into a new file (temporary file + rename, like the main build) with

* internal indicators (catalogue ``public = false``) and all their values removed;
* small counts suppressed (``count`` / ``value`` NULL, flag ``suppressed``): population
  counts and count indicators below the threshold (primary), plus every cell that could
  be recovered from a visible total by subtraction (secondary; see indicators.disclosure.rules);
* rates suppressed when their denominator is below the minimum, their numerator is a
  small count, or any population/count cell they are computed from is suppressed;
* numerators/denominators of published (non-derived) rates with disclosure rules removed,
  so that no suppressed count can be recovered from them;
* metadata, sources/attribution, parameters, life tables, fertility rates, areas and
  facilities (public registry data) kept; ``meta.mode = 'public'`` and a data version
  derived from the internal one and the disclosure settings.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import yaml

from data_layer.build.store import create_schema, data_version, insert_frame, now_utc
from data_layer.errors import DataError
from data_layer.paths import PROJECT_ROOT
from data_layer.schema import SCHEMA_VERSION
from indicators.disclosure.rules import (
    band_groups,
    combine_groups,
    hierarchy_groups,
    primary_counts,
    primary_rates,
    sex_groups,
    suppress,
)

ROOT = PROJECT_ROOT
DISCLOSURE_FILE = ROOT / "data" / "parameters" / "disclosure.yaml"
#: Bumped when the public-build rules change (part of the public data version).
PUBLIC_BUILD_VERSION = "1"
#: Tables copied unchanged from the internal store.
COPIED_TABLES = (
    "area_systems",
    "area_geometry_overview",
    "area_levels",
    "areas",
    "area_attributes",
    "area_crosswalk",
    "facilities",
    "data_sources",
    "life_tables",
    "fertility_rates",
)
log = logging.getLogger("planungsatlas.public")


@dataclass(frozen=True)
class DisclosureSettings:
    """Global disclosure settings (data/parameters/disclosure.yaml)."""

    count_threshold: float = 3.0
    min_denominator: float = 300.0
    flag_reason: str = "Geheimhaltung / zu geringe Fallzahl"
    population_links: dict[str, tuple[str, int, float | None]] = field(default_factory=dict)
    relations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    raw: str = "{}"  # canonical JSON of the file content (for the data version)


def load_settings(path: Path = DISCLOSURE_FILE) -> DisclosureSettings:
    """Read and check the disclosure settings."""
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"Geheimhaltungsregeln {path.name} nicht lesbar ({exc}).") from exc
    if not isinstance(content, dict):
        raise DataError(f"Geheimhaltungsregeln {path.name}: erwartet eine Zuordnung.")
    try:
        links = {
            str(ind): (str(spec["sex"]), int(spec["age"][0]), _opt_float(spec["age"][1]))
            for ind, spec in (content.get("population_links") or {}).items()
        }
        relations = tuple(
            (str(r["total"]), tuple(str(x) for x in r["parts"]))
            for r in content.get("relations") or []
        )
        settings = DisclosureSettings(
            count_threshold=float(content.get("count_threshold", 3)),
            min_denominator=float(content.get("min_denominator", 300)),
            flag_reason=str(content.get("flag_reason", DisclosureSettings.flag_reason)),
            population_links=links,
            relations=relations,
            raw=json.dumps(content, sort_keys=True, ensure_ascii=False, default=str),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DataError(f"Geheimhaltungsregeln {path.name}: ungültiger Eintrag ({exc}).") from exc
    if settings.count_threshold < 0 or settings.min_denominator < 0:
        raise DataError(f"Geheimhaltungsregeln {path.name}: Schwellen dürfen nicht negativ sein.")
    return settings


def _opt_float(x: Any) -> float | None:
    return None if x is None else float(x)


# --------------------------------------------------------------------------- cells and groups


def _population_cells(pop: pd.DataFrame, threshold: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population rows as cells (ids 0..n-1) plus implicit m/f cells, and the m + f = all groups."""
    cells = pop.assign(
        cell_id=np.arange(len(pop), dtype=np.int64),
        value=pop["count"].astype("float64"),
        primary=primary_counts(pop["count"], threshold).to_numpy(),
        published=pop["count"].notna().to_numpy(),
        age_key=pop["age_to"].astype("float64").fillna(-1.0),
    )
    cells["sex_key"] = cells.groupby(["area_id", "period", "age_from", "age_key"]).ngroup()
    implicit, sgroups = sex_groups(cells.rename(columns={"sex_key": "key"}), len(cells), threshold)
    implicit = implicit.rename(columns={"key": "sex_key"})
    cells = pd.concat([cells, implicit], ignore_index=True)
    cells["hier_key"] = cells.groupby(["period", "sex", "age_from", "age_key"]).ngroup()
    cells["band_key"] = cells.groupby(["area_id", "period", "sex"]).ngroup()
    return cells, sgroups


def _value_cells(
    vals: pd.DataFrame, catalogue: pd.DataFrame, settings: DisclosureSettings, first_id: int
) -> pd.DataFrame:
    """Count-indicator values that take part in suppression, as cells."""
    cat = catalogue.set_index("indicator_id")
    related = set(settings.population_links)
    for total, parts in settings.relations:
        related |= {total, *parts}
    is_count = cat["aggregation"].eq("sum") & cat["count_threshold"].gt(0)
    ids = set(cat.index[is_count]) | (related & set(cat.index))
    sub = vals[vals["indicator_id"].isin(sorted(ids))].copy()
    threshold = sub["indicator_id"].map(cat["count_threshold"]).astype("float64")
    v = sub["value"].astype("float64")
    sub["cell_id"] = np.arange(first_id, first_id + len(sub), dtype=np.int64)
    sub["primary"] = ((v > 0) & (v < threshold)).to_numpy()
    sub["published"] = v.notna().to_numpy()
    sub["hier_key"] = sub.groupby(["indicator_id", "period"]).ngroup()
    sub["summable"] = sub["indicator_id"].map(cat["aggregation"]).eq("sum").to_numpy()
    return sub.assign(value=v)


def _link_groups(
    pcells: pd.DataFrame, vcells: pd.DataFrame, settings: DisclosureSettings
) -> list[pd.DataFrame]:
    """Equalities (count indicator = population cell) and additive relations between indicators."""
    out = []
    age_to = pcells["age_to"].astype("float64")
    for ind, (sex, lo, hi) in settings.population_links.items():
        band = pcells["sex"].eq(sex) & pcells["age_from"].eq(lo)
        band &= age_to.isna() if hi is None else age_to.eq(hi)
        left = pcells.loc[band & pcells["published"], ["area_id", "period", "cell_id"]]
        right = vcells.loc[vcells["indicator_id"] == ind, ["area_id", "period", "cell_id"]]
        m = left.merge(right, on=["area_id", "period"], suffixes=("_t", "_m"))
        out.append(_pairs_to_groups(m["cell_id_t"], [m["cell_id_m"]]))
    for total, parts in settings.relations:
        wide = vcells[vcells["indicator_id"].isin([total, *parts])].pivot_table(
            index=["area_id", "period"], columns="indicator_id", values="cell_id", aggfunc="first"
        )
        if not set([total, *parts]) <= set(wide.columns):
            continue
        wide = wide.dropna(subset=[total, *parts]).astype(np.int64)
        out.append(_pairs_to_groups(wide[total], [wide[p] for p in parts]))
    return out


def _pairs_to_groups(total: pd.Series, members: list[pd.Series]) -> pd.DataFrame:
    gid = np.asarray(total, dtype=np.int64)
    frames = [pd.DataFrame({"group_id": gid, "cell_id": gid, "is_total": True})]
    frames += [
        pd.DataFrame({"group_id": gid, "cell_id": np.asarray(m, dtype=np.int64), "is_total": False})
        for m in members
    ]
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class SuppressionPlan:
    """Which rows of the internal population and value tables the public copy hides."""

    population: np.ndarray  # bool per population row: count suppressed
    values: np.ndarray  # bool per value row: value, numerator, denominator suppressed
    strip_parts: np.ndarray  # bool per value row: numerator and denominator removed
    stats: dict[str, int]


_CELL_COLS = ["cell_id", "value", "primary", "published", "proxy"]


def plan_suppression(
    pop: pd.DataFrame,
    vals: pd.DataFrame,
    areas: pd.DataFrame,
    catalogue: pd.DataFrame,
    settings: DisclosureSettings,
) -> SuppressionPlan:
    """Primary and secondary suppression of counts, then the rate rules (not yet derived rates)."""
    pop, vals = pop.reset_index(drop=True), vals.reset_index(drop=True)
    parent = areas.set_index("area_id")["parent_id"]
    pcells, sgroups = _population_cells(pop, settings.count_threshold)
    pcells["parent_id"] = pcells["area_id"].map(parent)
    vcells = _value_cells(vals, catalogue, settings, len(pcells))
    vcells["parent_id"] = vcells["area_id"].map(parent)
    summable = vcells[vcells["summable"]]
    groups = combine_groups(
        hierarchy_groups(pcells.rename(columns={"hier_key": "key"})),
        band_groups(pcells.rename(columns={"band_key": "key"})),
        sgroups,
        hierarchy_groups(summable.rename(columns={"hier_key": "key"})),
        *_link_groups(pcells, vcells, settings),
    )
    cells = pd.concat(
        [pcells.reindex(columns=_CELL_COLS), vcells.reindex(columns=_CELL_COLS)], ignore_index=True
    )
    cells["published"] = cells["published"].astype(bool)
    cells["primary"] = cells["primary"].astype(bool)
    result = suppress(cells, groups)
    if result.unresolved_groups:
        raise DataError("Geheimhaltung: einige Gruppen ließen sich nicht schützen.")
    hidden = np.zeros(len(cells), dtype=bool)
    hidden[np.fromiter((int(str(c)) for c in result.suppressed), dtype=np.int64)] = True
    pop_mask = hidden[: len(pop)]
    val_mask = np.zeros(len(vals), dtype=bool)
    val_mask[vcells.index.to_numpy()] = hidden[vcells["cell_id"].to_numpy()]
    rate_mask, strip = _rate_rules(vals, catalogue)
    n_pop = len(pop)
    prim = np.fromiter((int(str(c)) for c in result.primary), dtype=np.int64)
    sec = np.fromiter((int(str(c)) for c in result.secondary), dtype=np.int64)
    stats = {
        "primary_population": int((prim < n_pop).sum()),
        "secondary_population": int((sec < n_pop).sum()),
        "primary_values": int((prim >= n_pop).sum()),
        "secondary_values": int((sec >= n_pop).sum()),
        "rates_primary": int((rate_mask & ~val_mask).sum()),
        "rounds": result.rounds,
    }
    return SuppressionPlan(pop_mask, val_mask | rate_mask, strip, stats)


def _rate_rules(vals: pd.DataFrame, catalogue: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rates with a small denominator or numerator; published rates' parts to remove."""
    cat = catalogue.set_index("indicator_id")
    agg = vals["indicator_id"].map(cat["aggregation"])
    t = vals["indicator_id"].map(cat["count_threshold"]).astype("float64")
    md = vals["indicator_id"].map(cat["min_denominator"]).astype("float64")
    derived = vals["indicator_id"].map(cat["derived"]).astype(bool)
    is_rate = agg.ne("sum")
    small = primary_rates(vals["numerator"], vals["denominator"], t, md) & is_rate
    ruled = is_rate & ~derived & ((t > 0) | (md > 0))
    return small.to_numpy(dtype=bool), ruled.to_numpy(dtype=bool)


def _derived_hidden(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Keys of derived values computed from a suppressed cell (recomputed on the public tables)."""
    from data_layer.build.derived_indicators import _Inputs, compute_one, load_definitions

    definitions, compute = load_definitions()
    scale = dict(zip(definitions["indicator_id"], definitions["scale"].astype(float), strict=True))
    stored = conn.execute(
        """SELECT v.indicator_id, v.area_id, v.period FROM indicator_values v
           JOIN indicators i USING (indicator_id) WHERE i.derived AND v.value IS NOT NULL"""
    ).df()
    inputs = _Inputs(conn)
    clean = []
    for ind in sorted(set(stored["indicator_id"]) & set(compute)):
        res = compute_one(inputs, compute[ind], scale[ind])
        if res.empty:
            continue
        ok = res["value"].notna() & res["numerator"].notna()
        if "denominator" in compute[ind]:
            ok &= res["denominator"].notna()
        clean.append(res.loc[ok, ["area_id", "period"]].assign(indicator_id=ind))
    keys = ["indicator_id", "area_id", "period"]
    if not clean:
        return stored
    ok_keys = pd.concat(clean, ignore_index=True).drop_duplicates().assign(_ok=True)
    m = stored.merge(ok_keys, on=keys, how="left")
    return m.loc[m["_ok"].isna(), keys].reset_index(drop=True)


# --------------------------------------------------------------------------- writing


def _read_source(source: Path) -> dict[str, Any]:
    if not source.is_file():
        raise DataError(
            f"Die interne Datenbasis {source} fehlt (zuerst „python -m data_layer.build“)."
        )
    conn = duckdb.connect(str(source), read_only=True)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("mode") != "internal":
            raise DataError(
                f"{source.name} ist keine interne Datenbasis (mode = {meta.get('mode')})."
            )
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise DataError(
                f"{source.name} hat eine andere Schema-Version ({meta.get('schema_version')})."
            )
        return {
            "meta": meta,
            "catalogue": conn.execute("SELECT * FROM indicators ORDER BY indicator_id").df(),
            "areas": conn.execute("SELECT area_id, parent_id FROM areas").df(),
            "population": conn.execute("SELECT * FROM population").df(),
            "values": conn.execute(
                """SELECT v.* FROM indicator_values v JOIN indicators i USING (indicator_id)
                   WHERE i.public"""
            ).df(),
            "parameters": conn.execute(
                "SELECT * FROM parameters WHERE name <> 'disclosure' ORDER BY name"
            ).df(),
        }
    finally:
        conn.close()


def _apply(
    src: dict[str, Any], plan: SuppressionPlan, reason: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    pop = src["population"].copy()
    pop.loc[plan.population, "count"] = np.nan
    pop.loc[plan.population, "flag"] = "suppressed"
    vals = src["values"].copy()
    vals.loc[plan.strip_parts, ["numerator", "denominator"]] = np.nan
    vals.loc[plan.values, ["value", "numerator", "denominator"]] = np.nan
    vals.loc[plan.values, "flag"] = "suppressed"
    vals.loc[plan.values, "flag_reason"] = reason
    return pop, vals


def _suppress_keys(conn: duckdb.DuckDBPyConnection, keys: pd.DataFrame, reason: str) -> None:
    if keys.empty:
        return
    conn.register("_hidden", keys)
    try:
        conn.execute(
            """UPDATE indicator_values AS v SET value = NULL, numerator = NULL, denominator = NULL,
                   flag = 'suppressed', flag_reason = ?
               FROM _hidden AS h
               WHERE v.indicator_id = h.indicator_id AND v.area_id = h.area_id AND v.period = h.period""",
            [reason],
        )
    finally:
        conn.unregister("_hidden")


def _fill(
    conn: duckdb.DuckDBPyConnection,
    source: Path,
    src: dict[str, Any],
    tables: tuple[pd.DataFrame, pd.DataFrame],
    settings: DisclosureSettings,
    settings_path: Path,
) -> int:
    create_schema(conn)
    quoted = str(source.resolve()).replace("'", "''")
    conn.execute(f"ATTACH '{quoted}' AS src (READ_ONLY)")
    for table in COPIED_TABLES:  # allow-listed constant names
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")  # noqa: S608
    conn.execute("INSERT INTO main.indicators SELECT * FROM src.indicators WHERE public")
    conn.execute("DETACH src")
    insert_frame(conn, "population", tables[0])
    insert_frame(conn, "indicator_values", tables[1])
    params = pd.concat(
        [
            src["parameters"],
            pd.DataFrame(
                {
                    "name": ["disclosure"],
                    "content": [settings.raw],
                    "source": [_source_of(settings_path)],
                }
            ),
        ],
        ignore_index=True,
    )
    insert_frame(conn, "parameters", params[["name", "content", "source"]])
    hidden = _derived_hidden(conn)
    _suppress_keys(conn, hidden, settings.flag_reason)
    return len(hidden)


def _source_of(path: Path) -> str:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(content.get("source", path.name)) if isinstance(content, dict) else path.name


def write_public(source: Path, out: Path, settings_path: Path = DISCLOSURE_FILE) -> str:
    """Write the public copy of ``source`` to ``out`` atomically; return its data version."""
    settings = load_settings(settings_path)
    src = _read_source(source)
    plan = plan_suppression(
        src["population"], src["values"], src["areas"], src["catalogue"], settings
    )
    tables = _apply(src, plan, settings.flag_reason)
    digest = hashlib.sha256(settings.raw.encode()).hexdigest()
    version = data_version(
        [
            f"internal:{src['meta'].get('data_version')}",
            f"disclosure:{digest}",
            f"public:{PUBLIC_BUILD_VERSION}",
        ]
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        conn = duckdb.connect(str(tmp))
        try:
            n_derived = _fill(conn, source, src, tables, settings, settings_path)
            meta = pd.DataFrame(
                {
                    "key": ["data_version", "built_at", "mode", "schema_version"],
                    "value": [version, now_utc().isoformat(), "public", SCHEMA_VERSION],
                }
            )
            insert_frame(conn, "meta", meta)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    stats = {**plan.stats, "derived_dependent": n_derived}
    log.info("Geheimhaltung: %s", ", ".join(f"{k} {v}" for k, v in stats.items()))
    return version
