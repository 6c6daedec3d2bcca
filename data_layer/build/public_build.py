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
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from data_layer.build.contributions_merge import copy_public_contributions
from data_layer.build.goals import copy_public_goals
from data_layer.build.progress import Progress
from data_layer.build.store import create_schema, data_version, insert_frame, now_utc
from data_layer.errors import DataError
from data_layer.paths import PROJECT_ROOT
from data_layer.schema import SCHEMA_VERSION
from indicators.disclosure.cellkey import check_ptable, make_ptable
from indicators.disclosure.perturb import audit_cellkey, plan_cellkey
from indicators.disclosure.plan import (
    DisclosureSettings,
    RateTerm,
    UnprotectedError,
    apply_plan,
    audit_plan,
    plan_suppression,
)

ROOT = PROJECT_ROOT
DISCLOSURE_FILE = ROOT / "data" / "parameters" / "disclosure.yaml"
#: Bumped when the public-build rules change (part of the public data version).
PUBLIC_BUILD_VERSION = "3"
METHODS = ("suppression", "cell_key")
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
            protection_range=float(content.get("protection_range", 3)),
            flag_reason=str(content.get("flag_reason", DisclosureSettings.flag_reason)),
            population_links=links,
            relations=relations,
            person_units=tuple(
                str(u) for u in content.get("person_units") or DisclosureSettings.person_units
            ),
            raw=json.dumps(content, sort_keys=True, ensure_ascii=False, default=str),
            rate_links=derived_rate_links(),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DataError(f"Geheimhaltungsregeln {path.name}: ungültiger Eintrag ({exc}).") from exc
    if settings.count_threshold < 0 or settings.min_denominator < 0:
        raise DataError(f"Geheimhaltungsregeln {path.name}: Schwellen dürfen nicht negativ sein.")
    return settings


@dataclass(frozen=True)
class CellKeyConfig:
    """The ``cell_key`` block of ``disclosure.yaml`` with its perturbation table."""

    max_noise: int
    variance: float
    table: pd.DataFrame
    table_text: str
    secret_env: str
    rate_denominators: dict[str, str]


def load_method(path: Path = DISCLOSURE_FILE) -> str:
    """``method`` of ``disclosure.yaml``: ``suppression`` (default) or ``cell_key``."""
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    method = str(content.get("method", "suppression"))
    if method not in METHODS:
        raise DataError(
            f"Geheimhaltungsregeln {path.name}, Feld method: „{method}“ ist keines von "
            f"{', '.join(METHODS)}."
        )
    return method


def load_cellkey(path: Path = DISCLOSURE_FILE) -> CellKeyConfig:
    """Read the ``cell_key`` block and its ptable file (checked against D and V)."""
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    block = content.get("cell_key")
    if not isinstance(block, dict):
        raise DataError(f"Geheimhaltungsregeln {path.name}: Block cell_key fehlt.")
    try:
        d, v = int(block["max_noise"]), float(block["variance"])
        table_path = path.parent / str(block["ptable"])
        text = table_path.read_text(encoding="utf-8")
    except (KeyError, TypeError, ValueError, OSError) as exc:
        raise DataError(f"Geheimhaltungsregeln {path.name}, Block cell_key: {exc}") from exc
    table = pd.read_csv(table_path)
    problems = check_ptable(table, d)
    expected = make_ptable(d, v)
    if not problems and not _same_table(table, expected):
        problems.append(f"passt nicht zu max_noise {d} und variance {v:g} (neu bauen)")
    if problems:
        raise DataError(f"Störtabelle {table_path.name}: {'; '.join(problems)}.")
    return CellKeyConfig(
        max_noise=d,
        variance=v,
        table=table,
        table_text=text,
        secret_env=str(block.get("secret_env", "PLANUNGSATLAS_CELLKEY_SECRET")),
        rate_denominators={
            str(k): str(x) for k, x in (block.get("rate_denominators") or {}).items()
        },
    )


def _same_table(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    cols = ["i", "noise", "p", "lower", "upper"]
    if len(a) != len(b):
        return False
    diff = (a[cols].astype("float64").to_numpy() - b[cols].astype("float64").to_numpy()).__abs__()
    return bool((diff < 2e-6).all())  # six stored digits


def write_ptable(path: Path = DISCLOSURE_FILE) -> Path:
    """Build the ptable file named in ``disclosure.yaml`` from its D and V."""
    block = (yaml.safe_load(path.read_text(encoding="utf-8")) or {})["cell_key"]
    out = path.parent / str(block["ptable"])
    make_ptable(int(block["max_noise"]), float(block["variance"])).to_csv(out, index=False)
    return out


def cellkey_secret(source: Path, env: str) -> bytes:
    """The secret of the cell keys: the environment variable ``env``, else the file next to
    the internal store (created with a random secret on first use)."""
    value = os.environ.get(env, "").strip()
    if value:
        return value.encode()
    file = source.with_name(f"{source.name}.cellkey-secret")
    if not file.is_file():
        file.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
        file.chmod(0o600)
        print(f"Cell-Key: neuer geheimer Schlüssel in {file} (aufbewahren, nicht veröffentlichen)")
    return file.read_text(encoding="utf-8").strip().encode()


def derived_rate_links() -> dict[str, tuple[RateTerm, RateTerm]]:
    """Numerator and denominator of every derived rate, from ``derived_indicators.yaml``.

    A population band or a count indicator is a cell of the disclosure plan; the area and the
    facility places are public constants (``None``). Counts without a denominator are no rate.
    """
    from data_layer.build.derived_indicators import load_definitions

    _, compute = load_definitions()
    out: dict[str, tuple[RateTerm, RateTerm]] = {}
    for ind, spec in compute.items():
        if "denominator" not in spec:
            continue
        out[ind] = (_term(spec["numerator"]), _term(spec["denominator"]))
    return out


def _term(spec: dict[str, Any]) -> RateTerm:
    if "population" in spec:
        p = spec["population"]
        lo, hi = p.get("age", [0, None])
        return ("population", str(p.get("sex", "all")), int(lo), _opt_float(hi))
    if "indicator" in spec:
        return ("indicator", str(spec["indicator"]))
    return None  # area_km2, facilities: public data


def _opt_float(x: Any) -> float | None:
    return None if x is None else float(x)


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


def _recompute_derived(conn: duckdb.DuckDBPyConnection) -> int:
    """Cell key: derived values recomputed from the perturbed tables; returns rows changed."""
    from data_layer.build.derived_indicators import _Inputs, compute_one, load_definitions

    definitions, compute = load_definitions()
    scale = dict(zip(definitions["indicator_id"], definitions["scale"].astype(float), strict=True))
    present = {
        r[0] for r in conn.execute("SELECT indicator_id FROM indicators WHERE derived").fetchall()
    }
    inputs = _Inputs(conn)
    parts = []
    for ind in sorted(present & set(compute)):
        res = compute_one(inputs, compute[ind], scale[ind])
        if not res.empty:
            parts.append(
                res[["area_id", "period", "value", "numerator", "denominator"]].assign(
                    indicator_id=ind
                )
            )
    if not parts:
        return 0
    new = pd.concat(parts, ignore_index=True)
    conn.register("_new", new)
    try:
        n = conn.execute(
            """SELECT count(*) FROM indicator_values v JOIN _new n USING (indicator_id, area_id, period)
               WHERE v.value IS DISTINCT FROM n.value"""
        ).fetchone()
        conn.execute(
            """UPDATE indicator_values AS v SET value = n.value, numerator = n.numerator,
                   denominator = n.denominator
               FROM _new AS n
               WHERE v.indicator_id = n.indicator_id AND v.area_id = n.area_id
                 AND v.period = n.period"""
        )
    finally:
        conn.unregister("_new")
    return int(n[0]) if n else 0


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
            "crosswalk": conn.execute("SELECT from_area, to_area, weight FROM area_crosswalk").df(),
            "parameters": conn.execute(
                "SELECT * FROM parameters WHERE name <> 'disclosure' ORDER BY name"
            ).df(),
        }
    finally:
        conn.close()


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
    method: str = "suppression",
    extra: list[tuple[str, str]] | None = None,
) -> int:
    """Write the tables; derived values are recomputed (cell key) or hidden on hidden inputs."""
    create_schema(conn)
    quoted = str(source.resolve()).replace("'", "''")
    conn.execute(f"ATTACH '{quoted}' AS src (READ_ONLY)")
    for table in COPIED_TABLES:  # allow-listed constant names
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")  # noqa: S608
    conn.execute("INSERT INTO main.indicators SELECT * FROM src.indicators WHERE public")
    conn.execute(
        """INSERT INTO main.indicator_system_sources SELECT s.* FROM src.indicator_system_sources s
           JOIN src.indicators i USING (indicator_id) WHERE i.public"""
    )
    copy_public_contributions(conn)  # Beiträge marked internal stay out
    copy_public_goals(conn)  # only published goals (public and beschlossen)
    conn.execute("DETACH src")
    insert_frame(conn, "population", tables[0])
    insert_frame(conn, "indicator_values", tables[1])
    params = pd.concat(
        [
            src["parameters"],
            pd.DataFrame(
                {
                    "name": ["disclosure"] + [n for n, _ in extra or []],
                    "content": [settings.raw] + [t for _, t in extra or []],
                    "source": [_source_of(settings_path)] * (1 + len(extra or [])),
                }
            ),
        ],
        ignore_index=True,
    )
    insert_frame(conn, "parameters", params[["name", "content", "source"]])
    if method == "cell_key":
        return _recompute_derived(conn)
    hidden = _derived_hidden(conn)
    _suppress_keys(conn, hidden, settings.flag_reason)
    return len(hidden)


def _public_home(src: dict[str, Any]) -> pd.DataFrame:
    """The internal store's ``home.*`` rows; a start indicator that is not public is left out
    (the app then derives one from the public values)."""
    public = set(src["catalogue"].loc[src["catalogue"]["public"].astype(bool), "indicator_id"])
    rows = [
        (k, v)
        for k, v in sorted(src["meta"].items())
        if k.startswith("home.") and (k != "home.indicator" or v in public)
    ]
    return pd.DataFrame(rows, columns=["key", "value"])


def _source_of(path: Path) -> str:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(content.get("source", path.name)) if isinstance(content, dict) else path.name


def write_public(source: Path, out: Path, settings_path: Path = DISCLOSURE_FILE) -> str:
    """Write the public copy of ``source`` to ``out`` atomically; return its data version."""
    progress = Progress(5)
    progress.step("interne Datenbasis lesen")
    settings = load_settings(settings_path)
    src = _read_source(source)
    method = load_method(settings_path)
    progress.step(
        "Geheimhaltung planen" + (" (Cell-Key)" if method == "cell_key" else ""),
        len(src["values"]),
        "Indikatorwerte",
    )
    extra: list[tuple[str, str]] = []
    if method == "cell_key":
        config = load_cellkey(settings_path)
        ck = plan_cellkey(
            src["population"],
            src["values"],
            src["areas"],
            src["catalogue"],
            settings,
            config.table,
            cellkey_secret(source, config.secret_env),
            src["crosswalk"],
            config.rate_denominators,
        )
        progress.step("Geheimhaltung prüfen")
        report = audit_cellkey(ck, settings)
        exposed = report.exact  # perturbed cells: only exact recovery counts
        tables = (ck.population, ck.values)
        stats: dict[str, Any] = dict(ck.stats)
        extra.append(
            (
                "disclosure_ptable",
                json.dumps(
                    {
                        "max_noise": config.max_noise,
                        "variance": config.variance,
                        "columns": list(config.table.columns),
                        "rows": config.table.to_numpy().tolist(),
                    }
                ),
            )
        )
    else:
        try:
            plan = plan_suppression(
                src["population"],
                src["values"],
                src["areas"],
                src["catalogue"],
                settings,
                src["crosswalk"],
            )
        except UnprotectedError as exc:
            raise DataError(str(exc)) from exc
        progress.step("Geheimhaltung prüfen")
        report = audit_plan(plan, settings)
        exposed = report.disclosed
        tables = apply_plan(src["population"], src["values"], plan, settings.flag_reason)
        stats = dict(plan.stats)
    for line in report.lines():  # once, on stdout (the log only gets the summary below)
        print(line)
    if exposed:
        shown = ", ".join(str(c) for c in exposed[:10])
        raise DataError(
            f"Geheimhaltung: {len(exposed)} geheime Zellen ließen sich errechnen oder "
            f"zu eng eingrenzen (Zellen {shown}); die öffentliche Fassung wird nicht geschrieben."
        )
    progress.step("öffentliche Fassung schreiben", len(tables[0]) + len(tables[1]))
    digest = hashlib.sha256((settings.raw + "".join(t for _, t in extra)).encode()).hexdigest()
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
            n_derived = _fill(conn, source, src, tables, settings, settings_path, method, extra)
            meta = pd.DataFrame(
                {
                    "key": [
                        "data_version",
                        "built_at",
                        "mode",
                        "schema_version",
                        "disclosure_method",
                    ],
                    "value": [version, now_utc().isoformat(), "public", SCHEMA_VERSION, method],
                }
            )
            insert_frame(conn, "meta", pd.concat([meta, _public_home(src)], ignore_index=True))
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        progress.step("Datei austauschen")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    stats = {**stats, "derived_dependent": n_derived}
    log.info("Geheimhaltung: %s", ", ".join(f"{k} {v}" for k, v in stats.items()))
    return version


if __name__ == "__main__":  # python -m data_layer.build.public_build --write-ptable
    if sys.argv[1:] == ["--write-ptable"]:
        print(f"Störtabelle geschrieben: {write_ptable()}")
    else:
        print("Aufruf: python -m data_layer.build.public_build --write-ptable")
        raise SystemExit(2)
