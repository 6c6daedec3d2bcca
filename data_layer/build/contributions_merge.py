"""Merge checked contributions into the store being built, with provenance on every row.

Runs after the Datenpakete are loaded and before sums and derived indicators. Each
contribution is checked against the store (areas, indicators, facilities) and against the
other contributions; a facility or value delivered with a *different* figure than the data
already there is a conflict: listed with both values and both sources, and refused unless
the contribution says ``vorrang: ja`` (then it wins and the conflict is still reported and
stored in ``contribution_conflicts``). Rows a contribution delivers carry its
``contribution_id``; indicators with contributed values name it in ``delivered_by``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd
import shapely

from data_layer.build.contributions import Contribution, Finding, german_date, report_text
from data_layer.build.store import file_sha256, insert_frame
from data_layer.errors import DataError

BASE = "Grundlage (Datenpaket)"
FACILITY_COLUMNS = [
    "facility_id", "service_type", "name", "capacity", "operator", "operator_type", "lon", "lat",
    "area_id", "data_date", "occupied", "waiting_list", "contribution_id",
]  # fmt: skip
VALUE_COLUMNS = [
    "indicator_id", "area_id", "period", "period_date", "value", "numerator", "denominator",
    "flag", "flag_reason", "contribution_id",
]  # fmt: skip


#: two facilities with the same name and service type at most this far apart are the same one
SAME_PLACE_M = 150.0


class ContributionError(DataError):
    """A contribution cannot be imported; ``message`` is the whole German report."""


@dataclass
class _Claim:
    source: str  # contribution id or BASE
    label: str
    value: float
    priority: bool


def _num(x: object) -> float:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return f


def _fmt(x: float) -> str:
    return "leer" if math.isnan(x) else f"{x:g}".replace(".", ",")


def check_and_merge(
    conn: duckdb.DuckDBPyConnection,
    contributions: list[Contribution],
    now: datetime,
    *,
    write: bool = True,
) -> list[str]:
    """Check every contribution against the store and, if all pass, write them.

    Raises :class:`ContributionError` with the German report when any finding is an error;
    nothing is written then. Returns data-version parts (``beitrag:<id>:<file>:<sha256>``).
    """
    ids = [c.contribution_id for c in contributions]
    for c in contributions:
        if ids.count(c.contribution_id) > 1:
            c.findings.append(Finding("beitrag.yaml", None, "kennung",
                                      f"zwei Beiträge heißen „{c.contribution_id}“."))  # fmt: skip
    base_fac = conn.execute(
        f"SELECT {', '.join(FACILITY_COLUMNS)} FROM facilities"  # noqa: S608 - constant columns
    ).df()
    base_fac = base_fac.set_index("facility_id", drop=False)
    public_ind = dict(conn.execute("SELECT indicator_id, public FROM indicators").fetchall())
    fac_claims: dict[str, list[_Claim]] = {}
    val_claims: dict[tuple[str, str, str], list[_Claim]] = {}
    facilities: list[pd.DataFrame] = []
    values: list[pd.DataFrame] = []
    offers: list[pd.DataFrame] = []
    for c in contributions:
        if not c.ok:
            continue
        areas = _areas(conn, c)
        if areas is None:
            continue
        if "einrichtungen" in c.tables:
            facilities.append(_facilities(conn, c, areas, base_fac, fac_claims))
        if "kennzahlen" in c.tables:
            values.append(_values(conn, c, areas, public_ind, val_claims))
        if "angebote" in c.tables:
            offers.append(_offers(c, areas))
    conflicts = _conflicts(contributions, fac_claims, "Einrichtung", "Plätze", "einrichtungen")
    conflicts += _conflicts(contributions, val_claims, "Wert", "Wert", "kennzahlen")
    if not all(c.ok for c in contributions):
        raise ContributionError(
            "Beiträge nicht übernommen – der Prüfbericht:\n" + report_text(contributions)
        )
    if not write:
        return []
    return _write(conn, contributions, facilities, values, offers, conflicts, now)


def _areas(conn: duckdb.DuckDBPyConnection, c: Contribution) -> pd.DataFrame | None:
    areas = conn.execute(
        "SELECT area_id, local_id, level_rank, geometry FROM areas WHERE system_code = ?",
        [c.system_code],
    ).df()
    if areas.empty:
        known = [r[0] for r in conn.execute("SELECT system_code FROM area_systems").fetchall()]
        c.findings.append(Finding("beitrag.yaml", None, "gebietssystem",
                                  f"„{c.system_code}“ ist kein Gebietssystem der Datenbasis "
                                  f"(vorhanden: {', '.join(sorted(known)) or 'keins'})."))  # fmt: skip
        return None
    return areas


def _area_id(
    c: Contribution, areas: pd.DataFrame, text: object, file: str, line: int
) -> str | None:
    if text is None:
        return None
    local = str(text)
    hit = areas.loc[(areas["local_id"] == local) | (areas["area_id"] == local), "area_id"]
    if hit.empty:
        c.findings.append(Finding(file, line, "Gebiet",
                                  f"Gebiet „{local}“ gibt es im Gebietssystem „{c.system_code}“ nicht."))  # fmt: skip
        return None
    return str(hit.iloc[0])


def _point_area(areas: pd.DataFrame, lon: float, lat: float) -> str | None:
    finest = areas[areas["level_rank"] == areas["level_rank"].max()]
    point = shapely.Point(lon, lat)
    for area_id, wkb in zip(finest["area_id"], finest["geometry"], strict=True):
        if shapely.from_wkb(bytes(wkb)).covers(point):
            return str(area_id)
    return None


def _facilities(
    conn: duckdb.DuckDBPyConnection,
    c: Contribution,
    areas: pd.DataFrame,
    base: pd.DataFrame,
    claims: dict[str, list[_Claim]],
) -> pd.DataFrame:
    table = c.tables["einrichtungen"]
    file = c.files["einrichtungen"]
    rows = []
    for rec in table.to_dict("records"):
        line = int(rec["_line"])
        local = str(rec["facility_id"])
        fid = local if ":" in local else f"{c.id_prefix}:{local}"
        cap = _num(rec["capacity"])
        known = base.loc[fid].to_dict() if fid in base.index else None
        if known is not None and not claims.get(fid):
            claims.setdefault(fid, []).append(_Claim(BASE, BASE, _num(known["capacity"]), False))
        claims.setdefault(fid, []).append(_Claim(c.contribution_id, c.label(), cap, c.priority))
        if not c.public and (
            known is None or (not math.isnan(cap) and cap != _num(known["capacity"]))
        ):
            c.findings.append(Finding(file, line, "Plätze" if known is not None else "Kennung",
                                      "ein interner Beitrag (oeffentlich: nein) darf nur Belegung und "
                                      "Warteliste bekannter Einrichtungen liefern."))  # fmt: skip
            continue
        row = dict(known) if known is not None else {}
        for key in ("name", "service_type", "operator", "operator_type", "lon", "lat"):
            value = rec[key]
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                row[key] = value
        if known is None:
            missing = [h for k, h in (("name", "Name"), ("service_type", "Leistungsart"),
                                      ("lon", "Längengrad"), ("lat", "Breitengrad")) if k not in row]  # fmt: skip
            if missing:
                c.findings.append(Finding(file, line, missing[0],
                                          f"Einrichtung „{local}“ ist neu: {', '.join(missing)} "
                                          "ausfüllen."))  # fmt: skip
                continue
            row["data_date"] = c.stand
            row.setdefault("operator_type", "unbekannt")
            twin = same_facility(base, row)
            if twin is not None:
                # the same facility under another id: one facility, its places compared
                twin_id, metres = twin
                twin_cap = _num(base.loc[twin_id, "capacity"])
                key = f"{fid} = {twin_id}"
                claims.setdefault(key, []).append(_Claim(BASE, BASE, twin_cap, False))
                claims[key].append(_Claim(c.contribution_id, c.label(), cap, c.priority))
                c.findings.append(Finding(file, line, "Kennung",
                                          f"„{local}“ ({row['name']}) ist vermutlich dieselbe "
                                          f"Einrichtung wie „{twin_id}“ der Grundlage (gleicher "
                                          f"Name, {metres:.0f} m entfernt): {_fmt(cap)} Plätze "
                                          f"laut {c.label()}, {_fmt(twin_cap)} laut {BASE}; "
                                          f"„{twin_id}“ wird ersetzt, nicht doppelt gezählt.",
                                          "Warnung"))  # fmt: skip
                row["replaces"] = twin_id
                row["data_date"] = base.loc[twin_id, "data_date"]  # stays in its snapshot
        if rec["area_id"] is not None:
            row["area_id"] = _area_id(c, areas, rec["area_id"], file, line)
        elif known is None:
            row["area_id"] = _point_area(areas, float(row["lon"]), float(row["lat"]))
        row["operator_type"] = row.get("operator_type") or "unbekannt"
        row["facility_id"] = fid
        row["capacity"] = cap if not math.isnan(cap) else _num(row.get("capacity"))
        row["occupied"], row["waiting_list"] = _num(rec["occupied"]), _num(rec["waiting_list"])
        row["contribution_id"] = c.contribution_id
        rows.append(row)
    return pd.DataFrame(rows, columns=[*FACILITY_COLUMNS, "replaces"])


def _name_key(name: object) -> str:
    """Name for matching: letters and digits only, case-folded.

    >>> _name_key("Kita  F.A.I.R.-play"), _name_key(None)
    ('kitafairplay', '')
    """
    if name is None or (isinstance(name, float) and math.isnan(name)):
        return ""
    return "".join(ch for ch in str(name).casefold() if ch.isalnum())


def same_facility(
    base: pd.DataFrame, row: Mapping[Any, object], max_m: float = SAME_PLACE_M
) -> tuple[str, float] | None:
    """A facility of the store's latest snapshot of the service type with another id but the
    same name and a location at most ``max_m`` metres away: (its id, the distance), else None."""
    key = _name_key(row.get("name"))
    if not key or base.empty:
        return None
    same_type = base[base["service_type"] == row.get("service_type")]
    if same_type.empty:
        return None
    # only the latest snapshot: an older snapshot keeps its own facilities
    latest = same_type[same_type["data_date"] == same_type["data_date"].max()]
    hits = latest[latest["name"].map(_name_key) == key]
    best: tuple[str, float] | None = None
    lon, lat = float(row["lon"]), float(row["lat"])  # type: ignore[arg-type]
    for fid, x, y in zip(hits["facility_id"], hits["lon"], hits["lat"], strict=True):
        dx = (float(x) - lon) * 111_320.0 * math.cos(math.radians(lat))
        dy = (float(y) - lat) * 110_574.0
        metres = math.hypot(dx, dy)
        if metres <= max_m and (best is None or metres < best[1]):
            best = (str(fid), metres)
    return best


def _values(
    conn: duckdb.DuckDBPyConnection,
    c: Contribution,
    areas: pd.DataFrame,
    public_ind: dict[str, bool],
    claims: dict[tuple[str, str, str], list[_Claim]],
) -> pd.DataFrame:
    table = c.tables["kennzahlen"]
    file = c.files["kennzahlen"]
    rows = []
    for rec in table.to_dict("records"):
        line = int(rec["_line"])
        ind = str(rec["indicator_id"])
        if ind not in public_ind:
            c.findings.append(Finding(file, line, "Kennzahl",
                                      f"„{ind}“ steht nicht im Indikatorenkatalog."))  # fmt: skip
            continue
        if not c.public and public_ind[ind]:
            c.findings.append(Finding(file, line, "Kennzahl",
                                      f"„{ind}“ ist öffentlich; ein interner Beitrag darf nur Werte "
                                      "interner Indikatoren liefern."))  # fmt: skip
            continue
        period = str(rec["period"])
        if not (len(period) == 4 and period.isdigit()) and not _is_day(period):
            c.findings.append(Finding(file, line, "Zeitraum",
                                      f"„{period}“ (erlaubt: JJJJ-MM-TT oder JJJJ)."))  # fmt: skip
            continue
        area = _area_id(c, areas, rec["area_id"], file, line)
        if area is None:
            continue
        key = (ind, area, period)
        value = _num(rec["value"])
        if key not in claims:
            old = conn.execute(
                "SELECT value FROM indicator_values WHERE indicator_id=? AND area_id=? AND period=?",
                [ind, area, period],
            ).fetchall()
            if old:
                claims[key] = [_Claim(BASE, BASE, _num(old[0][0]), False)]
        claims.setdefault(key, []).append(_Claim(c.contribution_id, c.label(), value, c.priority))
        rows.append(
            {
                "indicator_id": ind, "area_id": area, "period": period,
                "period_date": f"{period}-12-31" if len(period) == 4 else period,
                "value": value, "numerator": _num(rec["numerator"]),
                "denominator": _num(rec["denominator"]), "flag": "observed",
                "flag_reason": f"geliefert von {c.label()}", "contribution_id": c.contribution_id,
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


def _is_day(text: str) -> bool:
    try:
        return datetime.strptime(text, "%Y-%m-%d").strftime("%Y-%m-%d") == text
    except ValueError:
        return False


def _offers(c: Contribution, areas: pd.DataFrame) -> pd.DataFrame:
    table = c.tables["angebote"]
    file = c.files["angebote"]
    rows = []
    for rec in table.to_dict("records"):
        area = _area_id(c, areas, rec["area_id"], file, int(rec["_line"]))
        if area is not None:
            rows.append({"contribution_id": c.contribution_id, "area_id": area,
                         "offer": rec["offer"], "count": _num(rec["count"])})  # fmt: skip
    return pd.DataFrame(rows, columns=["contribution_id", "area_id", "offer", "count"])


def _conflicts(
    contributions: list[Contribution],
    claims: dict,  # type: ignore[type-arg]
    what: str,
    field: str,
    table: str,
) -> list[dict[str, str]]:
    """Claims on one item with different figures: reported with both values and sources."""
    by_id = {c.contribution_id: c for c in contributions}
    out = []
    for item, items in claims.items():
        numbers = [cl for cl in items if not math.isnan(cl.value)]
        if len({cl.value for cl in numbers}) < 2:
            continue
        winners = [cl for cl in numbers if cl.priority]
        name = item if isinstance(item, str) else " / ".join(item)
        for cl in numbers:
            if cl.source == BASE:
                continue
            others = [o for o in numbers if o is not cl and o.value != cl.value]
            if not others:
                continue
            other = others[0]
            both = (f"{what} „{name}“: {_fmt(cl.value)} laut {cl.label}, {_fmt(other.value)} "
                    f"laut {other.label}")  # fmt: skip
            c = by_id[cl.source]
            if len(winners) == 1:
                resolution = f"Vorrang: {winners[0].label}"
                c.findings.append(Finding(c.files.get(table, table), None, field,
                                          f"{both} – übernommen nach {resolution}.", "Warnung"))  # fmt: skip
            else:
                resolution = "abgelehnt"
                c.findings.append(Finding(c.files.get(table, table), None, field,
                                          f"{both}. Nicht übernommen: bitte die Angabe klären oder "
                                          "im Beitrag „vorrang: ja“ setzen."))  # fmt: skip
            out.append({"contribution_id": cl.source, "item_kind": what, "item_id": name,
                        "field": field, "value": _fmt(cl.value), "other_source": other.label,
                        "other_value": _fmt(other.value), "resolution": resolution})  # fmt: skip
    return out


def _write(
    conn: duckdb.DuckDBPyConnection,
    contributions: list[Contribution],
    facilities: list[pd.DataFrame],
    values: list[pd.DataFrame],
    offers: list[pd.DataFrame],
    conflicts: list[dict[str, str]],
    now: datetime,
) -> list[str]:
    priority = {c.contribution_id: c.priority for c in contributions}
    fac = _winners(facilities, ["facility_id"], priority)
    if not fac.empty:
        # a facility delivered under another id replaces its twin (never counted twice)
        gone = pd.concat([fac["facility_id"], fac["replaces"].dropna()], ignore_index=True)
        conn.register("_ids", pd.DataFrame({"facility_id": gone.astype(str)}))
        conn.execute("DELETE FROM facilities WHERE facility_id IN (SELECT facility_id FROM _ids)")
        conn.unregister("_ids")
        insert_frame(conn, "facilities", fac[FACILITY_COLUMNS])
    vals = _winners(values, ["indicator_id", "area_id", "period"], priority)
    if not vals.empty:
        conn.register("_keys", vals[["indicator_id", "area_id", "period"]])
        conn.execute(
            """DELETE FROM indicator_values v USING _keys k WHERE v.indicator_id = k.indicator_id
               AND v.area_id = k.area_id AND v.period = k.period"""
        )
        conn.unregister("_keys")
        insert_frame(conn, "indicator_values", vals[VALUE_COLUMNS])
    off = pd.concat(offers, ignore_index=True) if offers else pd.DataFrame()
    insert_frame(conn, "contribution_offers", off)
    insert_frame(conn, "contribution_conflicts", pd.DataFrame(conflicts))
    parts: list[str] = []
    rows, sources = [], []
    for c in contributions:
        mine = [
            f[f["contribution_id"] == c.contribution_id] if not f.empty else f for f in (fac, vals)
        ]
        n_off = off[off["contribution_id"] == c.contribution_id] if not off.empty else off
        area_ids = set(mine[0].get("area_id", pd.Series(dtype=object)).dropna())
        area_ids |= set(mine[1].get("area_id", pd.Series(dtype=object)))
        area_ids |= set(n_off.get("area_id", pd.Series(dtype=object)))
        files = sorted(c.files.values())
        rows.append({
            "contribution_id": c.contribution_id, "publisher": c.publisher, "kind": c.kind,
            "stand": c.stand, "licence": c.licence, "attribution": c.attribution,
            "contact": c.contact or None, "description": c.description or None,
            "public": c.public, "priority": c.priority, "files": ", ".join(files),
            "n_facilities": len(mine[0]), "n_values": len(mine[1]), "n_offers": len(n_off),
            "n_areas": len(area_ids),
            "n_conflicts": sum(x["contribution_id"] == c.contribution_id for x in conflicts),
            "imported_at": now,
        })  # fmt: skip
        for name in ["beitrag.yaml", *files]:
            digest = file_sha256(c.folder / name)
            parts.append(f"beitrag:{c.contribution_id}:{name}:{digest}")
            sources.append({
                "file": f"{c.contribution_id}/{name}", "sha256": digest, "publisher": c.publisher,
                "licence": c.licence, "attribution": f"{c.attribution} (Stand {german_date(c.stand)})",
                "stand": german_date(c.stand), "package": f"Beitrag {c.contribution_id}",
                "imported_at": now,
            })  # fmt: skip
    insert_frame(conn, "contributions", pd.DataFrame(rows))
    insert_frame(conn, "data_sources", pd.DataFrame(sources))
    set_delivered_by(conn)
    return parts


def _winners(frames: list[pd.DataFrame], key: list[str], priority: dict[str, bool]) -> pd.DataFrame:
    """One row per key: a contribution with ``vorrang`` wins over the others."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame()
    rows = pd.concat(frames, ignore_index=True)
    rows["_prio"] = rows["contribution_id"].map(priority).astype(bool)
    rows = rows.sort_values("_prio", ascending=False, kind="stable")
    return rows.drop_duplicates(key).drop(columns="_prio")


def set_delivered_by(conn: duckdb.DuckDBPyConnection) -> None:
    """``indicators.delivered_by``: the contributions that delivered values of each indicator
    (called once per build, after the contributions are written)."""
    rows = conn.execute(
        """SELECT DISTINCT v.indicator_id, c.publisher, c.stand
           FROM indicator_values v JOIN contributions c USING (contribution_id)
           ORDER BY 1, 2, 3"""
    ).fetchall()
    who: dict[str, list[str]] = {}
    for ind, publisher, stand in rows:
        who.setdefault(ind, []).append(f"{publisher} (Stand {german_date(stand)})")
    for ind, names in who.items():
        # the source names the delivering Amt or Träger, so every chart, export and Steckbrief
        # that quotes the catalogue's source line carries it
        text = "; ".join(names)
        conn.execute(
            """UPDATE indicators SET delivered_by = ?, source = source || ' – geliefert von ' || ?
               WHERE indicator_id = ?""",
            [text, text, ind],
        )


def copy_public_contributions(conn: duckdb.DuckDBPyConnection) -> None:
    """Public build (source attached as ``src``): only contributions with ``oeffentlich: ja``.

    An internal contribution delivers only occupancy and waiting lists of known facilities and
    values of internal indicators (checked at import), so removing its own rows is enough: its
    facility rows keep the package's figures, without occupancy, waiting list or its id.
    """
    internal = "SELECT contribution_id FROM src.contributions WHERE NOT public"
    conn.execute("INSERT INTO main.contributions SELECT * FROM src.contributions WHERE public")
    conn.execute(
        f"""INSERT INTO main.contribution_offers SELECT * FROM src.contribution_offers
            WHERE contribution_id NOT IN ({internal})"""  # noqa: S608 - constant text
    )
    conn.execute(
        f"""UPDATE main.facilities SET occupied = NULL, waiting_list = NULL,
            contribution_id = NULL WHERE contribution_id IN ({internal})"""  # noqa: S608
    )
    conn.execute(
        f"""DELETE FROM main.data_sources WHERE package IN (
            SELECT 'Beitrag ' || contribution_id FROM ({internal}))"""  # noqa: S608
    )
