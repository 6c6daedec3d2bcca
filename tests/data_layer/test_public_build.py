"""The public build: no small number visible, none recoverable by one subtraction.

The audit below is written independently of data_layer.build.public_build / indicators.disclosure.rules:
it reads the finished public file and checks every group with plain pandas, using
data_layer.build.age_bands.band_tiling (the build's own tiling rule) for the age bands.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from data_layer.build.age_bands import band_tiling
from data_layer.build.derived_indicators import load_definitions
from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import main as build_main
from data_layer.build.pipeline import write_store
from data_layer.build.public_build import load_settings, write_public
from data_layer.errors import DataError
from data_layer.read.db import connect

ROOT = Path(__file__).resolve().parents[2]
DEMO_DB = ROOT / "data" / "planungsatlas.duckdb"
THRESHOLD = 3
REASON = "Geheimhaltung / zu geringe Fallzahl"


# --------------------------------------------------------------------------- the audit


def _small(s: pd.Series, t: float | pd.Series = THRESHOLD) -> pd.Series:
    return (s > 0) & (s < t)


def _single_hidden(frame: pd.DataFrame, group: list[str], hidden: str = "hidden") -> pd.DataFrame:
    """Groups (all rows of one relation incl. the total) with exactly one hidden cell."""
    n = frame.groupby(group, dropna=False)[hidden].transform("sum")
    size = frame.groupby(group, dropna=False)[hidden].transform("size")
    return frame[(n == 1) & (size >= 2)]


def _hierarchy_violations(cells: pd.DataFrame, areas: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    parent = areas.set_index("area_id")["parent_id"]
    kids = cells.assign(parent_id=cells["area_id"].map(parent)).dropna(subset=["parent_id"])
    tot = cells.rename(columns={"area_id": "parent_id"})
    tot = tot[tot["parent_id"].isin(kids["parent_id"])]
    rel = pd.concat([kids, tot], ignore_index=True)
    rel = rel[
        rel.set_index(["parent_id", *key]).index.isin(tot.set_index(["parent_id", *key]).index)
    ]
    return _single_hidden(rel, ["parent_id", *key])


def _tilings(bands: tuple[tuple[float, float], ...]) -> list[list[int]]:
    """Per band: indices of the band itself and of the other bands tiling it (band_tiling)."""
    out = []
    for t, (lo, hi) in enumerate(bands):
        rest = [(int(a), b) for i, (a, b) in enumerate(bands) if i != t]
        tiling = band_tiling(rest, int(lo), hi)
        if tiling and len(tiling) >= 2:
            out.append([t, *(bands.index((float(a), float(b))) for a, b in tiling)])
    return out


def _band_violations(pop: pd.DataFrame) -> int:
    """Band relations (per area, period, sex) with exactly one hidden cell."""
    f = pop.assign(
        lo=pop["age_from"].astype(float), hi=pop["age_to"].astype("float64").fillna(np.inf)
    )
    f = f.sort_values(["area_id", "period", "sex", "lo", "hi"], ignore_index=True)
    f["gid"] = f.groupby(["area_id", "period", "sex"], sort=False).ngroup()
    f["pos"] = f.groupby("gid").cumcount()
    f["band"] = f["lo"].astype(str) + "-" + f["hi"].astype(str)
    f["sig"] = f["gid"].map(f.groupby("gid")["band"].agg(",".join))
    rows = []
    for sig in f["sig"].unique():
        bands = tuple((float(a), float(b)) for a, b in (x.split("-") for x in str(sig).split(",")))
        rows += [(sig, r, pos) for r, rel in enumerate(_tilings(bands)) for pos in rel]
    rel = pd.DataFrame(rows, columns=["sig", "rel", "pos"])
    m = f[["gid", "sig", "pos", "hidden"]].merge(rel, on=["sig", "pos"])
    n = m.groupby(["gid", "rel"])["hidden"].sum()
    return int((n == 1).sum())


def audit(path: Path, threshold: int = THRESHOLD) -> dict[str, int]:
    """Number of disclosure violations per kind in a public store (all must be 0)."""
    c = duckdb.connect(str(path), read_only=True)
    try:
        pop = c.execute("SELECT * FROM population").df()
        vals = c.execute(
            "SELECT v.*, i.aggregation, i.count_threshold, i.derived FROM indicator_values v JOIN indicators i USING (indicator_id)"
        ).df()
        areas = c.execute("SELECT area_id, parent_id FROM areas").df()
    finally:
        c.close()
    pop["hidden"] = pop["count"].isna()
    pop["age_key"] = pop["age_to"].astype("float64").fillna(-1)
    out = _observed_violations(pop, vals, areas, threshold)
    out["population_hierarchy"] = len(
        _hierarchy_violations(pop, areas, ["period", "sex", "age_from", "age_key"])
    )
    out["age_bands"] = _band_violations(pop)
    return out


def _observed_violations(
    pop: pd.DataFrame, vals: pd.DataFrame, areas: pd.DataFrame, threshold: int
) -> dict[str, int]:
    """Small-number rules for observed cells.

    Estimated cells (flag ``estimated``: values moved from another area system by crosswalk
    weights) are not counts of anybody; their secrecy comes from their inputs, which the
    public build's attack check covers through the crosswalk relations (``docs/betrieb.md``).
    """
    pop = pop[pop["flag"] != "estimated"]
    vals = vals[vals["flag"] != "estimated"]
    counts = vals[(vals["aggregation"] == "sum") & (vals["count_threshold"] > 0)].copy()
    counts["hidden"] = counts["value"].isna()
    t_ind = counts["count_threshold"].astype(float)
    out = {
        "small_population": int(_small(pop["count"], threshold).sum()),
        "small_counts": int(_small(counts["value"], t_ind).sum()),
        "small_count_parts": int(
            (_small(counts["numerator"], t_ind) | _small(counts["denominator"], t_ind)).sum()
        ),
        "suppressed_without_flag": int((pop["hidden"] & (pop["flag"] != "suppressed")).sum()),
    }
    out["count_hierarchy"] = len(_hierarchy_violations(counts, areas, ["indicator_id", "period"]))
    out.update(_sex_violations(pop, threshold))
    out["count_relations"] = _relation_violations(counts)
    out.update(_derived_violations(vals, pop, threshold))
    return out


def _sex_violations(pop: pd.DataFrame, threshold: int) -> dict[str, int]:
    key = ["area_id", "period", "age_from", "age_key"]
    wide = pop.pivot_table(index=key, columns="sex", values="count", aggfunc="first")
    hid = pop.pivot_table(index=key, columns="sex", values="hidden", aggfunc="first")
    for s in ("all", "m", "f"):
        wide[s] = wide.get(s, np.nan)
        hid[s] = hid.get(s, np.nan)
    both = hid.dropna(subset=["all", "m", "f"])
    n_both = int((both[["all", "m", "f"]].astype(int).sum(axis=1) == 1).sum())
    # only one sex published: the other is all − given and must not be a small count
    given_f = wide["all"].notna() & wide["f"].notna() & hid["m"].isna()
    given_m = wide["all"].notna() & wide["m"].notna() & hid["f"].isna()
    implicit = pd.concat([(wide["all"] - wide["f"])[given_f], (wide["all"] - wide["m"])[given_m]])
    return {"sex_groups": n_both, "sex_implicit_small": int(_small(implicit, threshold).sum())}


def _derived_violations(vals: pd.DataFrame, pop: pd.DataFrame, threshold: int) -> dict[str, int]:
    """Visible population-based derived rates must rest on visible cells only."""
    _, compute = load_definitions()
    pop_based = [
        i
        for i, spec in compute.items()
        if "population" in spec["numerator"] or "population" in (spec.get("denominator") or {})
    ]
    visible = vals[vals["value"].notna()]
    num_pop = [i for i in pop_based if "population" in compute[i]["numerator"]]
    den_pop = [i for i in pop_based if "population" in (compute[i].get("denominator") or {})]
    parts = pd.concat(
        [
            visible.loc[visible["indicator_id"].isin(num_pop), "numerator"],
            visible.loc[visible["indicator_id"].isin(den_pop), "denominator"],
        ]
    )
    pop_num = vals[
        vals["indicator_id"].isin([i for i in pop_based if "population" in compute[i]["numerator"]])
    ]
    total = pop[(pop["sex"] == "all") & (pop["age_from"] == 0) & pop["age_to"].isna()]
    tot = vals[vals["indicator_id"] == "pop_total"].merge(
        total[["area_id", "period", "count"]], on=["area_id", "period"]
    )
    return {
        "derived_parts_small": int(_small(parts, threshold).sum()),
        "derived_numerator_small": int(_small(pop_num["numerator"], threshold).sum()),
        "pop_total_mismatch": int((tot["value"].isna() != tot["count"].isna()).sum()),
    }


def _relation_violations(counts: pd.DataFrame) -> int:
    """Additive relations between count indicators (disclosure.yaml) with one hidden cell."""
    n = 0
    hid = counts.pivot_table(
        index=["area_id", "period"], columns="indicator_id", values="hidden", aggfunc="first"
    )
    for total, parts in load_settings().relations:
        cols = [total, *parts]
        if set(cols) <= set(hid.columns):
            sub = hid[cols].dropna()
            n += int((sub.astype(int).sum(axis=1) == 1).sum())
    return n


def _clean(report: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in report.items() if v}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def public_db(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public copy of the (unchanged) fixture store."""
    out = tmp_path_factory.mktemp("public") / "public.duckdb"
    write_public(fixture_db, out)
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def small_stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(internal, public) stores of the fixture package with small counts and an internal indicator.

    * Planungsraum 01100101, 31.12.2024: 95 Jahre und älter 3 → 1 (90 bis 95: 17 → 19);
    * Planungsraum 01100102, 31.12.2023: Frauen 928 → 2038 of 2040, so men = 2 (not published);
    * indicator mss_s4 marked internal (public: false).
    """
    base = tmp_path_factory.mktemp("small")
    pkg = base / "paket"
    shutil.copytree(ROOT / "tests" / "fixtures" / "datenpaket_mitte", pkg)
    pop = pkg / "population.csv"
    _edit(pop, "01100101,2024-12-31,all,95,,3,", "01100101,2024-12-31,all,95,,1,")
    _edit(pop, "01100101,2024-12-31,all,90,95,17,", "01100101,2024-12-31,all,90,95,19,")
    _edit(pop, "01100102,2023-12-31,f,0,,928,", "01100102,2023-12-31,f,0,,2038,")
    cat = pkg / "indicators.yaml"
    text = cat.read_text(encoding="utf-8")
    head, tail = text.split("- indicator_id: mss_s4", 1)
    cat.write_text(
        head + "- indicator_id: mss_s4" + tail.replace("public: true", "public: false", 1)
    )
    internal, public = base / "internal.duckdb", base / "public.duckdb"
    write_store(internal, [read_package(pkg)])
    write_public(internal, public)
    return internal, public


def _pop(
    path: Path, area: str, period: str, sex: str, lo: int, hi: int | None
) -> tuple[float | None, str]:
    c = duckdb.connect(str(path), read_only=True)
    try:
        row = c.execute(
            """SELECT count, flag FROM population WHERE area_id = ? AND period = ? AND sex = ?
               AND age_from = ? AND age_to IS NOT DISTINCT FROM ?""",
            [f"mitte:{area}", period, sex, lo, hi],
        ).fetchone()
    finally:
        c.close()
    assert row is not None
    return (None if row[0] is None else float(row[0])), str(row[1])


# --------------------------------------------------------------------------- tests


def test_fixture_public_copy_passes_audit_and_opens_in_public_mode(
    public_db: Path, fixture_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _clean(audit(public_db)) == {}
    monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
    monkeypatch.setenv("PLANUNGSATLAS_DB", str(public_db))
    conn = connect()
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        n_sources = conn.execute("SELECT COUNT(*) FROM data_sources").fetchone()
    finally:
        conn.close()
    assert meta["mode"] == "public"
    assert n_sources == (4,)  # all four source files of the package, with attribution
    monkeypatch.setenv("PLANUNGSATLAS_DB", str(fixture_db))
    with pytest.raises(DataError, match="keine öffentliche Fassung"):
        connect()


def test_same_input_same_version_and_tables_kept(
    public_db: Path, fixture_db: Path, tmp_path: Path
) -> None:
    again = write_public(fixture_db, tmp_path / "again.duckdb")
    c = duckdb.connect(str(public_db), read_only=True)
    i = duckdb.connect(str(fixture_db), read_only=True)
    try:
        assert c.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone() == (again,)
        for table in (
            "areas",
            "facilities",
            "data_sources",
            "area_levels",
            "population",
            "indicator_values",
        ):
            q = f"SELECT COUNT(*) FROM {table}"  # noqa: S608 - constant names
            assert c.execute(q).fetchone() == i.execute(q).fetchone(), table
        internal_version = i.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
        names = [r[0] for r in c.execute("SELECT name FROM parameters ORDER BY name").fetchall()]
    finally:
        c.close()
        i.close()
    assert (again,) != internal_version
    assert "disclosure" in names


def test_small_counts_suppressed_with_secondary_cells(small_stores: tuple[Path, Path]) -> None:
    internal, public = small_stores
    assert _pop(internal, "01100101", "2024-12-31", "all", 95, None) == (1.0, "observed")
    assert _pop(public, "01100101", "2024-12-31", "all", 95, None) == (None, "suppressed")
    # band group 0+ of 01100101: the smallest other positive band is 6 bis 7 (18 persons)
    assert _pop(public, "01100101", "2024-12-31", "all", 6, 7) == (None, "suppressed")
    assert _pop(public, "01100101", "2024-12-31", "all", 0, None) == (3580.0, "observed")
    # men = 2040 − 2038 = 2 are not published, but the women's count would reveal them
    assert _pop(public, "01100102", "2023-12-31", "f", 0, None) == (None, "suppressed")
    assert _pop(public, "01100102", "2023-12-31", "all", 0, None) == (2040.0, "observed")
    report = audit(internal)
    assert report["small_population"] == 1 and report["sex_implicit_small"] == 1
    assert _clean(audit(public)) == {}


def test_rates_on_suppressed_cells_are_suppressed(small_stores: tuple[Path, Path]) -> None:
    _, public = small_stores
    c = duckdb.connect(str(public), read_only=True)
    try:
        row = c.execute(
            """SELECT value, numerator, denominator, flag, flag_reason FROM indicator_values
               WHERE indicator_id = 'share_female' AND area_id = 'mitte:01100102' AND period = '2023-12-31'"""
        ).fetchone()
        visible = c.execute(
            """SELECT value, numerator, denominator, flag FROM indicator_values
               WHERE indicator_id = 'share_female' AND area_id = 'mitte:0110' AND period = '2023-12-31'"""
        ).fetchone()
    finally:
        c.close()
    assert row == (None, None, None, "suppressed", REASON)
    assert visible is not None and visible[3] == "derived" and visible[1] is not None


def test_internal_indicator_absent(small_stores: tuple[Path, Path]) -> None:
    internal, public = small_stores
    for path, expected in ((internal, 1), (public, 0)):
        c = duckdb.connect(str(path), read_only=True)
        try:
            n_cat = c.execute(
                "SELECT COUNT(*) FROM indicators WHERE indicator_id = 'mss_s4'"
            ).fetchone()
            n_val = c.execute(
                "SELECT COUNT(*) FROM indicator_values WHERE indicator_id = 'mss_s4'"
            ).fetchone()
            n_internal = c.execute("SELECT COUNT(*) FROM indicators WHERE NOT public").fetchone()
        finally:
            c.close()
        assert n_cat == (expected,) and n_internal == (expected,)
        assert n_val is not None and (n_val[0] > 0) == bool(expected)


def test_cli_builds_and_refuses_a_public_source(
    public_db: Path, fixture_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cli.duckdb"
    assert build_main(["--public", "--source", str(fixture_db), "--out", str(out)]) == 0
    assert out.is_file()
    before = out.read_bytes()
    assert build_main(["--public", "--source", str(public_db), "--out", str(out)]) == 2
    assert out.read_bytes() == before  # a failed build leaves the previous file unchanged
    assert not list(tmp_path.glob("*.tmp*"))


@pytest.mark.slow
def test_full_demo_public_build(tmp_path: Path) -> None:
    if not DEMO_DB.is_file():
        pytest.skip("Demo-Datenbasis fehlt (python -m data_layer.build)")
    out = tmp_path / "demo_public.duckdb"
    start = time.perf_counter()
    write_public(DEMO_DB, out)
    assert time.perf_counter() - start < 60
    assert _clean(audit(out)) == {}
    c = duckdb.connect(str(out), read_only=True)
    try:
        n = c.execute("SELECT COUNT(*) FROM population WHERE flag = 'suppressed'").fetchone()
    finally:
        c.close()
    assert n is not None and n[0] > 0


def test_person_count_without_aggregation_is_suppressed(tmp_path: Path, package_copy: Path) -> None:
    """A count of persons with ``aggregation: none`` (published on one level only): its 1 and 2
    are hidden in the public copy like any small count, its 0 and 40 stay."""
    cat = package_copy / "indicators.yaml"
    entry = cat.read_text(encoding="utf-8").split("- indicator_id: ")[1]
    heads = "- indicator_id: " + entry.replace("mss_s1", "heads", 1).replace(
        "unit: '%'", "unit: Personen"
    ).replace("scale: 100", "scale: 1").replace("count_threshold: 0", "count_threshold: 3").replace(
        "name: Arbeitslosigkeit (MSS S1)", "name: Personen (Test)"
    )
    cat.write_text(cat.read_text(encoding="utf-8") + heads, encoding="utf-8")
    values = package_copy / "indicator_values.csv"
    rows = [
        f"heads;{a};2020-12-31;{v};"
        for a, v in (("01100101", 1), ("01100102", 2), ("01100103", 0), ("01100104", 40))
    ]
    values.write_text(values.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    internal, public = tmp_path / "intern.duckdb", tmp_path / "public.duckdb"
    write_store(internal, [read_package(package_copy)])
    write_public(internal, public)
    with duckdb.connect(str(public), read_only=True) as c:
        assert c.execute(
            "SELECT aggregation FROM indicators WHERE indicator_id = 'heads'"
        ).fetchone() == ("none",)
        got = c.execute(
            """SELECT a.local_id, v.value, v.flag FROM indicator_values v JOIN areas a USING (area_id)
               WHERE v.indicator_id = 'heads' ORDER BY a.local_id"""
        ).fetchall()
    assert got == [
        ("01100101", None, "suppressed"),
        ("01100102", None, "suppressed"),
        ("01100103", 0.0, "observed"),
        ("01100104", 40.0, "observed"),
    ]
